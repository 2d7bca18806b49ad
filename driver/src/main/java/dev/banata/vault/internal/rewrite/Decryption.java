package dev.banata.vault.internal.rewrite;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.FieldCipher;

/**
 * The {@link FieldCipher} seen from the jobs, and only its error face: decrypts one stored envelope
 * of a column, in the mode the envelope was written with (a rotation may be changing the column's
 * mode), turning crypto failures into an {@link UnreadableValue} whose reason says which key version
 * was involved (versions are written in clear in every envelope, so naming them reveals nothing) —
 * never the value. Every rule of the stored form is the field cipher's; the driver's face of it is
 * {@code jdbc.ColumnCrypto}.
 */
final class Decryption {

  private Decryption() {}

  /** The typed value of {@code stored}, an envelope ({@link FieldCipher#isEnvelope(Object)}) in the column's storage form. */
  static Object decrypt(FieldCipher cipher, ColumnTarget column, Object stored) {
    int version = FieldCipher.keyVersionOf(stored);
    Mode mode = FieldCipher.modeOf(stored);
    try {
      return cipher.decrypt(stored, mode, column.column().context(), column.column().type());
    } catch (CryptoException e) {
      throw failure(e, version);
    }
  }

  private static UnreadableValue failure(CryptoException e, int version) {
    return switch (e.reason()) {
      case UNKNOWN_KEY_VERSION -> new UnreadableValue("Decryption failed: key version " + version + " is not in the key ring (unknown, retired, or its master secret is not configured)");
      case UNSUPPORTED_VALUE -> new UnreadableValue("decrypted value does not fit the configured type");
      default -> new UnreadableValue(CryptoException.DECRYPTION_FAILED + " (key version " + version + ")");
    };
  }
}
