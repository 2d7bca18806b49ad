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

  /**
   * What every execution of the prepared SQL produces. Made current after each successful one, so
   * that results of an execute(String) the delegate accepted before do not lend it their layout.
   */
  private final Execution own;

  VaultPreparedStatement(PreparedStatement delegate, VaultConnection connection, Execution own) {
    super(delegate, connection);
    this.own = own;
  }

  /** Analyses {@code sql} (rejecting it before anything is sent) and prepares the delegate. */
  static PreparedStatement prepare(VaultConnection connection, String sql, GeneratedKeysRequest keys, StatementPreparer preparer)
      throws SQLException {
    StatementPlan plan = connection.runtime.acceptedPlan(sql, connection.catalog, connection.standardConformingStrings());
    if (plan.touchesEncryption()) {
      return EncryptingPreparedStatement.prepare(connection, sql, plan, keys, preparer);
    }
    PreparedStatement delegate = preparer.prepare(connection.delegate, sql);
    try {
      // Plain SQL: Execution.PLAIN, or the tables a DDL statement may change.
      return (PreparedStatement) FORWARDING.invoke(delegate, connection, Execution.of(sql, plan, keys));
    } catch (Throwable e) {
      throw new IllegalStateException("cannot wrap a prepared statement", e);
    }
  }

  final PreparedStatement prepared() {
    return (PreparedStatement) delegate;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    sending(own);
    ResultSet results = prepared().executeQuery();
    executed(own);
    return wrapResults(results);
  }

  @Override
  public int executeUpdate() throws SQLException {
    sending(own);
    int count = prepared().executeUpdate();
    executed(own);
    return count;
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    sending(own);
    long count = prepared().executeLargeUpdate();
    executed(own);
    return count;
  }

  @Override
  public boolean execute() throws SQLException {
    sending(own);
    boolean result = prepared().execute();
    executed(own);
    return result;
  }

  /** Every row of a prepared batch ran this statement's SQL: its generated keys have this statement's layout. */
  @Override
  public int[] executeBatch() throws SQLException {
    sending(own);
    int[] counts = prepared().executeBatch();
    executed(own);
    return counts;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    sending(own);
    long[] counts = prepared().executeLargeBatch();
    executed(own);
    return counts;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return VaultResultSetMetaData.wrap(prepared().getMetaData(), own.results());
  }
}
