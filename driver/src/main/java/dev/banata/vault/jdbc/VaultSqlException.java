package dev.banata.vault.jdbc;

import dev.banata.vault.internal.config.MessagePrefix;
import dev.banata.vault.internal.sql.Rejection;
import java.sql.SQLException;

/**
 * The one exception type the vault driver raises itself. Its message never carries a plaintext
 * value or a secret: it names tables, columns, operations and types only.
 */
public final class VaultSqlException extends SQLException {

  private static final long serialVersionUID = 1L;

  private final VaultSqlState state;

  /** With {@code message} as given; the driver's own code builds them with {@code of}, which adds the prefix. */
  public VaultSqlException(String message, VaultSqlState state) {
    super(message, state.code());
    this.state = state;
  }

  public VaultSqlException(String message, VaultSqlState state, Throwable cause) {
    super(message, state.code(), cause);
    this.state = state;
  }

  /** What every message of the vault's own starts with ({@code MessagePrefix}, typed once); added here and nowhere else in the driver. */
  static final String PREFIX = MessagePrefix.VAULT;

  /** The vault's own error: {@value #PREFIX} and {@code detail}, which names tables, columns, operations and types only. */
  static VaultSqlException of(String detail, VaultSqlState state) {
    return new VaultSqlException(PREFIX + detail, state);
  }

  static VaultSqlException of(String detail, VaultSqlState state, Throwable cause) {
    return new VaultSqlException(PREFIX + detail, state, cause);
  }

  /**
   * A refusal by the JDBC layer itself (a callable statement, a generated-keys request, an updatable
   * result, a setter or getter on an encrypted column): SQLState 0A000, the one type pools recognise.
   */
  static VaultSqlException refused(String detail) {
    return of(detail, VaultSqlState.FEATURE_NOT_SUPPORTED);
  }

  /**
   * The refusal of a statement the analysis rejected: SQLState 0A000, nothing was sent. Every
   * rejection the analysis makes reaches the application through here, as this type, so that
   * {@link HikariRejectionOverride} keeps the pooled connection.
   */
  static VaultSqlException refusal(Rejection rejection) {
    return refused(rejection.message());
  }

  public VaultSqlState state() {
    return state;
  }
}
