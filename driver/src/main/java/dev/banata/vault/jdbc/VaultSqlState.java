package dev.banata.vault.jdbc;

/**
 * Every SQLState the JDBC layer raises itself (server errors keep the server's state, and the JDBC
 * layer reads none). {@link #FEATURE_NOT_SUPPORTED} is {@code Rejection.SQL_STATE}, the analysis'
 * state for a refused statement. Build the exceptions with {@code VaultSqlException.of} /
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
  /** A parameter index the statement does not have. */
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
}
