package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.SearchPath;
import dev.banata.vault.internal.sql.StatementPlan;
import java.lang.invoke.MethodHandle;
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

  /** See {@link WrapperFactory#constructor}: made on every statement, so through a constant handle. */
  private static final MethodHandle NEW = WrapperFactory.constructor(VaultPreparedStatement.class);

  /**
   * What every execution of the prepared SQL produces. Made current after each successful one, so
   * that results of an execute(String) the delegate accepted before do not lend it their layout.
   */
  private final Execution own;
  /** The analysis of the prepared SQL, which executions rely on (which parameters to encrypt, which columns to decrypt). */
  private final StatementPlan analysed;
  /**
   * {@link VaultRuntime#schemaGeneration()} when {@link #analysed} was last known to hold. DDL through
   * the driver moves it on; the next execution then analyses the SQL again and is refused, before
   * anything is sent, when the analysis changed (an INSERT without a column list would otherwise
   * encrypt by the old column positions).
   */
  private long analysedAt;
  /**
   * The connection's search path when {@link #analysed} was last known to hold: after {@code SET
   * search_path} (or a temporary table) the same names may be other tables, checked as after DDL.
   */
  private SearchPath analysedUnder;

  VaultPreparedStatement(PreparedStatement delegate, VaultConnection connection, Execution own, StatementPlan analysed,
      long analysedAt) {
    super(delegate, connection);
    this.own = own;
    this.analysed = analysed;
    this.analysedAt = analysedAt;
    // The plan was just looked up under it (prepare reads the search path first).
    this.analysedUnder = connection.knownSearchPath();
  }

  /** Analyses {@code sql} (rejecting it before anything is sent) and prepares the delegate. */
  static PreparedStatement prepare(VaultConnection connection, String sql, GeneratedKeysRequest keys, StatementPreparer preparer)
      throws SQLException {
    long generation = connection.runtime.schemaGeneration();
    StatementPlan plan = connection.runtime.acceptedPlan(sql, connection);
    if (plan.touchesEncryption()) {
      return EncryptingPreparedStatement.prepare(connection, sql, plan, keys, preparer, generation);
    }
    PreparedStatement delegate = preparer.prepare(connection.delegate, sql);
    Execution own = Execution.ofPrepared(sql, plan, keys);
    return WrapperFactory.create(delegate, () -> (VaultPreparedStatement) NEW.invokeExact(delegate, connection, own, plan, generation));
  }

  final PreparedStatement prepared() {
    return (PreparedStatement) delegate;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    stillAnalysedRight();
    ResultSet results;
    try (ClientSort.Bound bound = connection.runtime.clientSort().bound(own, delegate)) {
      sending(own);
      results = prepared().executeQuery();
    }
    executed(own);
    return wrapResults(results);
  }

  @Override
  public int executeUpdate() throws SQLException {
    stillAnalysedRight();
    sending(own);
    int count = prepared().executeUpdate();
    executed(own);
    return count;
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    stillAnalysedRight();
    sending(own);
    long count = prepared().executeLargeUpdate();
    executed(own);
    return count;
  }

  @Override
  public boolean execute() throws SQLException {
    stillAnalysedRight();
    boolean result;
    try (ClientSort.Bound bound = connection.runtime.clientSort().bound(own, delegate)) {
      sending(own);
      result = prepared().execute();
    }
    executed(own);
    return result;
  }

  /** Every row of a prepared batch ran this statement's SQL: its generated keys have this statement's layout. */
  @Override
  public int[] executeBatch() throws SQLException {
    stillAnalysedRight();
    sending(own);
    int[] counts = prepared().executeBatch();
    executed(own);
    return counts;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    stillAnalysedRight();
    sending(own);
    long[] counts = prepared().executeLargeBatch();
    executed(own);
    return counts;
  }

  /**
   * After DDL through the driver, the analysis this statement was prepared with may no longer hold:
   * analysed again (a plan-cache lookup, once per change), and refused before anything is sent when
   * it differs. A change by another client is not seen here (docs/SECURITY.md).
   */
  private void stillAnalysedRight() throws SQLException {
    long generation = connection.runtime.schemaGeneration();
    SearchPath searchPath = connection.searchPath();
    if (generation == analysedAt && searchPath == analysedUnder) {
      return;
    }
    StatementPlan current = connection.runtime.acceptedPlan(own.sql(), connection);
    if (current.touchesEncryption() != analysed.touchesEncryption() || !current.parameters().equals(analysed.parameters())
        || !current.literals().equals(analysed.literals()) || !Execution.ofPrepared(own.sql(), current, own.keysRequest()).sameLayoutsAs(own)) {
      throw VaultSqlException.of("a table changed since the statement was prepared (DDL run through the driver), or its"
          + " names resolve to other tables now (search_path, a temporary table), and its analysis no longer holds;"
          + " the statement was not sent: prepare it again", VaultSqlState.DATA_EXCEPTION);
    }
    analysedAt = generation;
    analysedUnder = searchPath;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    ResultSetMetaData metaData = VaultResultSetMetaData.wrap(prepared().getMetaData(), own.results());
    // Sort keys the driver appended to order rows itself are not the application's columns.
    return own.clientOrdering() == null || metaData == null ? metaData
        : VisibleColumnsMetaData.wrap(metaData, own.clientOrdering().visibleWidth());
  }
}
