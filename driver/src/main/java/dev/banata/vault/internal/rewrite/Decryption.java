package dev.banata.vault.internal.rewrite;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.FieldCipher;

/**
 * Decrypts one stored envelope of a column for the jobs, turning crypto failures into an
 * {@link UnreadableValue} whose reason says which key version was involved (versions are written in
 * clear in every envelope, so naming them reveals nothing) — never the value.
 */
final class Decryption {

  private Decryption() {}

  /** The typed value of {@code stored}, an envelope in the column's storage form. */
  static Object decrypt(FieldCipher cipher, ColumnTarget column, Object stored) {
    int version = stored instanceof byte[] bytes ? FieldCipher.keyVersionOf(bytes) : FieldCipher.keyVersionOf((String) stored);
    Mode mode = stored instanceof byte[] bytes ? FieldCipher.modeOf(bytes) : FieldCipher.modeOf((String) stored);
    try {
      return stored instanceof byte[] bytes
          ? cipher.decrypt(bytes, mode, column.column().context(), column.column().type())
          : cipher.decrypt((String) stored, mode, column.column().context(), column.column().type());
    } catch (CryptoException e) {
      throw failure(e, version);
    }
  }

  /** True when {@code stored} is an envelope (rather than plaintext). */
  static boolean isEnvelope(Object stored) {
    return stored instanceof byte[] bytes ? FieldCipher.isEnvelope(bytes) : FieldCipher.isEnvelope((String) stored);
  }

  static UnreadableValue failure(CryptoException e, int version) {
    return switch (e.reason()) {
      case UNKNOWN_KEY_VERSION -> new UnreadableValue("Decryption failed: key version " + version + " is not in the key ring (unknown, retired, or its master secret is not configured)");
      case UNSUPPORTED_VALUE -> new UnreadableValue("decrypted value does not fit the configured type");
      default -> new UnreadableValue(CryptoException.DECRYPTION_FAILED + " (key version " + version + ")");
    };
  }
}
