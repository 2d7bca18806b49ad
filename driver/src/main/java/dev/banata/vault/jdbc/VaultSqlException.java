package dev.banata.vault.jdbc;

import java.sql.SQLException;

/**
 * The one exception type the vault driver raises itself. Its message never carries a plaintext
 * value or a secret: it names tables, columns, operations and types only.
 */
public final class VaultSqlException extends SQLException {

  private static final long serialVersionUID = 1L;

  private final VaultSqlState state;

  public VaultSqlException(String message, VaultSqlState state) {
    super(message, state.code());
    this.state = state;
  }

  public VaultSqlException(String message, VaultSqlState state, Throwable cause) {
    super(message, state.code(), cause);
    this.state = state;
  }

  public VaultSqlState state() {
    return state;
  }
}
