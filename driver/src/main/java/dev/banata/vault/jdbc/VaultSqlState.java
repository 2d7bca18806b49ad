package dev.banata.vault.jdbc;

import dev.banata.vault.internal.crypto.CryptoException;

/**
 * Every SQLState the vault raises itself (server errors keep the server's state). With the engine's
 * list of the server's states it reads ({@code internal.database.ServerSqlState}) it is the one error
 * catalogue: no SQLState is written anywhere else. {@link #FEATURE_NOT_SUPPORTED} is also the state
 * of every statement the analysis refuses ({@code Rejection.SQL_STATE}, the one copy, since the analysis
 * cannot see this class; a test checks they agree). Build the exceptions with {@code VaultSqlException.of} /
 * {@code refused} / {@code refusal}, which add the vault's message prefix.
 */
public enum VaultSqlState {

  /** The statement asks something the ciphertext cannot answer; it was not sent. */
  FEATURE_NOT_SUPPORTED("0A000"),
  /** A stored value cannot be turned into what the application asked for: decryption failed, plaintext in an encrypted column, a value of the wrong type. */
  DATA_EXCEPTION("22000"),
  /** The statement compares stored ciphertexts, which is right only while one key version is live; it was not sent (KeyRotationConflict). */
  KEY_ROTATION_IN_PROGRESS("55000"),
  /** More rows than the driver orders itself ({@code vault.client-sort-max-rows}); nothing was returned. */
  PROGRAM_LIMIT_EXCEEDED("54000"),
  /**
   * An argument the driver refuses where it is given: a parameter index the statement does not have, a
   * column index or name the result does not show, a value outside the case folding of an ignore-case
   * search column.
   */
  INVALID_PARAMETER("22023"),
  /** The vault layer could not be set up for a connection: configuration or master secret. */
  CONNECTION_FAILURE("08001");

  private final String code;

  VaultSqlState(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The state of a crypto failure on a column's value: the one place that maps the crypto layer's reasons. */
  static VaultSqlState of(CryptoException.Reason reason) {
    return switch (reason) {
      // A stored value the application cannot have: damaged, of another key or context, or of the wrong type.
      case DECRYPTION_FAILED, UNKNOWN_KEY_VERSION, UNSUPPORTED_VALUE, NOT_AN_ENVELOPE -> DATA_EXCEPTION;
      // The keys themselves are not usable: the vault layer is not set up for this connection.
      case SECRET_MISSING, SECRET_TOO_SHORT, SECRET_UNAVAILABLE, INVALID_KEY_RING -> CONNECTION_FAILURE;
    };
  }
}
