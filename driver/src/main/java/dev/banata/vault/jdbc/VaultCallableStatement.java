package dev.banata.vault.jdbc;

import dev.banata.vault.sql.StatementPlan;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.sql.CallableStatement;
import java.sql.SQLException;

/**
 * A callable statement, passed through: its SQL text goes through the same analysis as any other
 * (rejected with 0A000 before anything is sent when it must be), and a call whose parameters or
 * results would involve an encrypted column is refused, since the vault cannot see what a stored
 * procedure does with them. Everything else is forwarded; back-references are wrapped.
 */
abstract class VaultCallableStatement extends VaultPreparedStatement implements CallableStatement {

  private static final MethodHandle FORWARDING = ForwardingSubclass.constructorOf(VaultCallableStatement.class, MethodHandles.lookup());

  VaultCallableStatement(CallableStatement delegate, VaultConnection connection) {
    super(delegate, connection, Execution.PLAIN);
  }

  static CallableStatement prepare(VaultConnection connection, String sql, StatementPreparer preparer) throws SQLException {
    StatementPlan plan = connection.runtime.acceptedPlan(sql, connection.catalog, connection.standardConformingStrings());
    if (plan.touchesEncryption()) {
      throw new VaultSqlException("Banata Vault: a callable statement over encrypted columns is not supported; the statement was not sent",
          VaultSqlState.FEATURE_NOT_SUPPORTED);
    }
    CallableStatement delegate = (CallableStatement) preparer.prepare(connection.delegate, sql);
    try {
      return (CallableStatement) FORWARDING.invoke(delegate, connection);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot wrap a callable statement", e);
    }
  }
}
