package dev.banata.vault.jdbc;

import dev.banata.vault.sql.Rejection;
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

  /**
   * The refusal of a statement the analysis rejected: SQLState 0A000, nothing was sent. Every
   * rejection the analysis makes reaches the application through here, as this type, so that
   * {@link HikariRejectionOverride} keeps the pooled connection.
   */
  static VaultSqlException refusal(Rejection rejection) {
    return new VaultSqlException(rejection.message(), VaultSqlState.FEATURE_NOT_SUPPORTED);
  }

  public VaultSqlState state() {
    return state;
  }
}
