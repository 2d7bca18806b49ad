package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.StatementPlan;
import java.sql.CallableStatement;
import java.sql.SQLException;

/**
 * A callable statement, passed through: its SQL text goes through the same analysis as any other
 * (rejected with 0A000 before anything is sent when it must be), and a call whose parameters or
 * results would involve an encrypted column is refused, since the vault cannot see what a stored
 * procedure does with them. Everything else is forwarded; back-references are wrapped.
 */
abstract class VaultCallableStatement extends VaultPreparedStatement implements CallableStatement {

  VaultCallableStatement(CallableStatement delegate, VaultConnection connection, Execution own, StatementPlan analysed,
      long analysedAt) {
    super(delegate, connection, own, analysed, analysedAt);
  }

  static CallableStatement prepare(VaultConnection connection, String sql, StatementPreparer preparer) throws SQLException {
    long generation = connection.runtime.schemaGeneration();
    StatementPlan plan = connection.runtime.acceptedPlan(sql, connection);
    if (plan.touchesEncryption()) {
      throw VaultSqlException.refused("a callable statement over encrypted columns is not supported; the statement was not sent");
    }
    CallableStatement delegate = (CallableStatement) preparer.prepare(connection.delegate, sql);
    return WrapperFactory.create(VaultCallableStatement.class, delegate, connection, Execution.ofPrepared(sql, plan, GeneratedKeysRequest.NONE),
          plan, generation);
  }
}
