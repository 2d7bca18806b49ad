package dev.banata.vault;

import java.util.Objects;

/**
 * The one exception of the Vault API. Its {@link #code()} is stable and meant for programs; its message
 * is stable and meant for people. Neither ever carries secret data, a master secret or caller input
 * that might be one (a malformed id is not echoed: it could be a secret pasted in the wrong place).
 *
 * <p>The troubleshooting messages of the product documentation are kept exactly:
 * {@code Decryption failed}, {@code Vault secret not found}, {@code BETTER_AUTH_SECRET is required}.
 */
public final class VaultException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, as a program should branch on it. */
  public enum Code {
    /** No secret with this id is visible to the caller (unknown, deleted, or of another organization). */
    SECRET_NOT_FOUND,
    /** Wrong context, wrong master secret, tampered or moved ciphertext. */
    DECRYPTION_FAILED,
    /** The master secret is missing, too short, or the one a key version needs is not configured. */
    MASTER_SECRET,
    INVALID_NAME,
    INVALID_DATA,
    DATA_TOO_LARGE,
    INVALID_CONTEXT,
    INVALID_ORGANIZATION_ID,
    INVALID_METADATA,
    INVALID_SECRET_ID,
    INVALID_LIMIT,
    INVALID_CURSOR,
    /** A stored row does not have the shape the Vault writes (e.g. metadata edited by hand). */
    CORRUPT_ROW,
    /** The vault tables are missing or newer than this library; run the installer. */
    SCHEMA,
    /** The database refused or failed; the cause is the driver's exception. */
    DATABASE
  }

  private final Code code;

  public VaultException(Code code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public VaultException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public Code code() {
    return code;
  }

  /** {@code SECRET_NOT_FOUND}: what an unknown id, and a secret outside the caller's organization, give. */
  public static VaultException notFound() {
    return new VaultException(Code.SECRET_NOT_FOUND, "Vault secret not found");
  }

  /** {@code DECRYPTION_FAILED}: a wrong context, a wrong master secret or a tampered value (one message for all). */
  public static VaultException decryptionFailed() {
    return new VaultException(Code.DECRYPTION_FAILED, "Decryption failed");
  }
}
