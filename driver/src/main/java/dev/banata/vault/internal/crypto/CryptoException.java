package dev.banata.vault.internal.crypto;

import java.util.Objects;

/**
 * The one exception of the crypto layer. Its message never carries a secret, a key or a plaintext
 * value; its {@link #reason()} tells callers what to do about it.
 *
 * <p>Every failure to decrypt (wrong secret, wrong key version, wrong context, wrong mode, a
 * tampered, truncated or malformed envelope) has the message exactly {@value #DECRYPTION_FAILED} so
 * that nothing learns <em>why</em> a value did not decrypt. The one distinction kept is
 * {@link Reason#UNKNOWN_KEY_VERSION}: the key version is written in clear in every envelope, so
 * naming it reveals nothing, and a caller needs it to refresh its key ring and retry once.
 */
public final class CryptoException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The message of every decryption failure. */
  public static final String DECRYPTION_FAILED = "Decryption failed";

  /** Why an operation failed. */
  public enum Reason {
    /** Wrong key, context, mode or version, tampered, truncated or malformed input. */
    DECRYPTION_FAILED,
    /** The envelope names a key version the key ring does not hold (message still {@value CryptoException#DECRYPTION_FAILED}). */
    UNKNOWN_KEY_VERSION,
    /** The master secret variable is not set or empty. */
    SECRET_MISSING,
    /** The master secret is shorter than {@value MasterSecret#MIN_LENGTH} characters. */
    SECRET_TOO_SHORT,
    /** A key version's master secret is not among the configured secrets. */
    SECRET_UNAVAILABLE,
    /** A key ring was built that breaks an invariant (no primary, duplicate or invalid versions). */
    INVALID_KEY_RING,
    /** A value cannot be encoded as (or converted to) the column's type. */
    UNSUPPORTED_VALUE,
    /** Input handed to an envelope inspector ({@code keyVersionOf}) is not an envelope. */
    NOT_AN_ENVELOPE
  }

  private final Reason reason;

  public CryptoException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public CryptoException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** A decryption failure: message {@value #DECRYPTION_FAILED}, no cause (a cause could tell why). */
  public static CryptoException decryptionFailed() {
    return new CryptoException(Reason.DECRYPTION_FAILED, DECRYPTION_FAILED);
  }

  /** The envelope's key version is not in the ring; same message as every decryption failure. */
  static CryptoException unknownKeyVersion() {
    return new CryptoException(Reason.UNKNOWN_KEY_VERSION, DECRYPTION_FAILED);
  }

  public Reason reason() {
    return reason;
  }
}
