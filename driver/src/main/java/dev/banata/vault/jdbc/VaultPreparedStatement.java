package dev.banata.vault.jdbc;

import dev.banata.vault.sql.StatementPlan;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * A prepared statement whose SQL touches no encrypted column: parameters and execution are
 * forwarded as they are, only the back-references are wrapped. SQL that touches encrypted columns
 * gets an {@link EncryptingPreparedStatement}; SQL that must be rejected never reaches the delegate.
 */
abstract class VaultPreparedStatement extends VaultStatement implements PreparedStatement {

  private static final MethodHandle FORWARDING = ForwardingSubclass.constructorOf(VaultPreparedStatement.class, MethodHandles.lookup());

  VaultPreparedStatement(PreparedStatement delegate, VaultConnection connection) {
    super(delegate, connection);
  }

  /** Analyses {@code sql} (rejecting it before anything is sent) and prepares the delegate. */
  static PreparedStatement prepare(VaultConnection connection, String sql, GeneratedKeysRequest keys, StatementPreparer preparer)
      throws SQLException {
    StatementPlan plan = connection.runtime.acceptedPlan(sql, connection.catalog, connection.standardConformingStrings());
    if (plan.touchesEncryption()) {
      return EncryptingPreparedStatement.prepare(connection, plan, keys, preparer);
    }
    PreparedStatement delegate = preparer.prepare(connection.delegate, sql);
    try {
      return (PreparedStatement) FORWARDING.invoke(delegate, connection);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot wrap a prepared statement", e);
    }
  }

  final PreparedStatement prepared() {
    return (PreparedStatement) delegate;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return wrapResults(prepared().executeQuery());
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return VaultResultSetMetaData.wrap(prepared().getMetaData(), results);
  }
}
