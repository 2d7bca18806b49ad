package dev.banata.vault.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A validated master secret (at least {@value #MIN_LENGTH} characters). It never appears in
 * {@link #toString()} or in any message; {@link #fingerprint()} is a non-secret identifier that key
 * versions record to name the secret they were derived from.
 */
public final class MasterSecret {

  /** Minimum length in characters (UTF-16 code units, as the original product counts). */
  public static final int MIN_LENGTH = 32;

  private final byte[] bytes;
  private final String fingerprint;

  private MasterSecret(byte[] bytes) {
    this.bytes = bytes;
    this.fingerprint = KeyDerivation.fingerprint(bytes);
  }

  /**
   * Validates a secret read from {@code sourceName} (an environment variable name, used in messages).
   *
   * @throws CryptoException {@code SECRET_MISSING} ("NAME is required") when null or empty,
   *     {@code SECRET_TOO_SHORT} ("NAME must be at least 32 characters") when too short
   */
  public static MasterSecret create(CharSequence secret, String sourceName) {
    Objects.requireNonNull(sourceName, "sourceName");
    if (secret == null || secret.length() == 0) {
      throw new CryptoException(CryptoException.Reason.SECRET_MISSING, sourceName + " is required");
    }
    if (secret.length() < MIN_LENGTH) {
      throw new CryptoException(CryptoException.Reason.SECRET_TOO_SHORT,
          sourceName + " must be at least " + MIN_LENGTH + " characters");
    }
    return new MasterSecret(secret.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #create(CharSequence, String)} with the default variable name in messages. */
  public static MasterSecret create(CharSequence secret) {
    return create(secret, "BETTER_AUTH_SECRET");
  }

  /** Non-secret identifier (16 hex digits of HKDF output, see docs/FORMAT.md). */
  public String fingerprint() {
    return fingerprint;
  }

  /** The raw secret bytes; package-private, only key derivation reads them. */
  byte[] bytesForKeyDerivation() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MasterSecret other && fingerprint.equals(other.fingerprint);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "MasterSecret[fingerprint=" + fingerprint + ", value=<redacted>]";
  }
}
