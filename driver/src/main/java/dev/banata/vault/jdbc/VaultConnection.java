package dev.banata.vault.jdbc;

import dev.banata.vault.config.Identifier;
import dev.banata.vault.internal.sql.SearchPath;
import dev.banata.vault.internal.sql.TableCatalog;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;

/**
 * The application's view of a delegate connection. Statements it creates are analysed and wrapped;
 * everything else (transactions, settings, type factories) is forwarded unchanged by the generated
 * subclass.
 */
abstract class VaultConnection implements Connection {

  final Connection delegate;
  final VaultRuntime runtime;
  /** Table columns for the analysis of statements not seen before, read through this connection. */
  final TableCatalog catalog;

  /**
   * Tables changed by DDL in the open transaction: dropped from the catalog once more when it ends,
   * since until then other connections still see, and may have cached, the old columns (and a
   * rollback brings them back).
   */
  private SchemaChange changedInTransaction = SchemaChange.NONE;

  /** How unqualified names resolve here; plans are cached per {@link SearchPath}. */
  private final ConnectionSearchPath searchPath = new ConnectionSearchPath();
  /** Whether something that may change the search path ran in the open transaction (SET LOCAL, or a SET a rollback undoes). */
  private boolean searchPathChangedInTransaction;

  /** pgjdbc's own connection behind the delegate, found on first use; null while not looked up or when there is none. */
  private BaseConnection pgjdbc;
  private boolean pgjdbcLookedUp;

  VaultConnection(Connection delegate, VaultRuntime runtime) {
    this.delegate = delegate;
    this.runtime = runtime;
    this.catalog = runtime.catalogOver(this);
  }

  /**
   * The connection's standard_conforming_strings as pgjdbc tracks it: the server reports the
   * setting (ParameterStatus) at start and after every change, so a {@code SET} sent through this
   * driver is seen. It decides where strings end, so plans are analysed and cached per setting.
   * pgjdbc's own flag, not a lookup by name: it is the one pgjdbc parses the SQL with, and reading
   * it costs a field read per statement.
   */
  boolean standardConformingStrings() throws SQLException {
    BaseConnection pgjdbc = pgjdbc();
    if (pgjdbc != null) {
      return pgjdbc.getStandardConformingStrings();
    }
    PGConnection server = delegate.isWrapperFor(PGConnection.class) ? delegate.unwrap(PGConnection.class) : null;
    return server == null || !"off".equalsIgnoreCase(server.getParameterStatus("standard_conforming_strings"));
  }

  private BaseConnection pgjdbc() throws SQLException {
    if (!pgjdbcLookedUp) {
      pgjdbc = delegate.isWrapperFor(BaseConnection.class) ? delegate.unwrap(BaseConnection.class) : null;
      pgjdbcLookedUp = true;
    }
    return pgjdbc;
  }

  /**
   * What unqualified names resolve against on this connection now: a field read, except after
   * something seen through the driver may have changed it (then one query).
   */
  SearchPath searchPath() throws SQLException {
    return searchPath.current(pgjdbc());
  }

  /** The search path the last plan was looked up under, without reading it (null when it is to be read again). */
  SearchPath knownSearchPath() {
    return searchPath.known();
  }

  /**
   * Where {@code table} is for this connection, or null when the server finds no such relation.
   * Through pgjdbc's own connection (its queries are the vault's, not the application's); another
   * delegate driver looks the table up in {@code getSchema()} (or the schema written), as before.
   */
  ConnectionSearchPath.Location locate(Identifier schema, Identifier table) throws SQLException {
    BaseConnection server = pgjdbc();
    if (server == null) {
      return new ConnectionSearchPath.Location(schema != null ? schema.name() : delegate.getSchema(), false);
    }
    return searchPath.locate(server, schema, table);
  }

  /** pgjdbc's setSchema sets search_path. */
  @Override
  public void setSchema(String schema) throws SQLException {
    try {
      delegate.setSchema(schema);
    } finally {
      searchPathMayHaveChanged();
    }
  }

  private void searchPathMayHaveChanged() {
    searchPath.mayHaveChanged();
    searchPathChangedInTransaction = true;
  }

  static Connection wrap(Connection delegate, VaultRuntime runtime) throws SQLException {
    return WrapperFactory.create(VaultConnection.class, delegate, runtime);
  }

  @Override
  public Statement createStatement() throws SQLException {
    return VaultStatement.wrap(delegate.createStatement(), this);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    return VaultStatement.wrap(delegate.createStatement(resultSetType, resultSetConcurrency), this);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return VaultStatement.wrap(delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability), this);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return VaultPreparedStatement.prepare(this, sql, GeneratedKeysRequest.NONE, (connection, physical) -> connection.prepareStatement(physical));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return VaultPreparedStatement.prepare(this, sql, GeneratedKeysRequest.of(autoGeneratedKeys),
        (connection, physical) -> connection.prepareStatement(physical, autoGeneratedKeys));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return VaultPreparedStatement.prepare(this, sql, GeneratedKeysRequest.indexed(columnIndexes),
        (connection, physical) -> connection.prepareStatement(physical, columnIndexes));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return VaultPreparedStatement.prepare(this, sql, GeneratedKeysRequest.named(columnNames),
        (connection, physical) -> connection.prepareStatement(physical, columnNames));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    return VaultPreparedStatement.prepare(this, sql, GeneratedKeysRequest.NONE,
        (connection, physical) -> connection.prepareStatement(physical, resultSetType, resultSetConcurrency));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return VaultPreparedStatement.prepare(this, sql, GeneratedKeysRequest.NONE,
        (connection, physical) -> connection.prepareStatement(physical, resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return VaultCallableStatement.prepare(this, sql, (StatementPreparer) (connection, physical) -> connection.prepareCall(physical));
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    return VaultCallableStatement.prepare(this, sql, (StatementPreparer) (connection, physical) -> connection.prepareCall(physical, resultSetType, resultSetConcurrency));
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return VaultCallableStatement.prepare(this, sql,
        (StatementPreparer) (connection, physical) -> connection.prepareCall(physical, resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  /** A statement of this connection ran DDL that may have changed these tables. */
  final void ran(SchemaChange change) throws SQLException {
    if (change.isNone()) {
      return;
    }
    if (change.mayChangeSearchPath()) {
      searchPathMayHaveChanged();
    }
    if (!change.noTable()) {
      runtime.tablesChanged(change);
      if (!delegate.getAutoCommit()) {
        changedInTransaction = changedInTransaction.and(change);
      }
    }
    if (change.endsTransaction()) {
      transactionEnded();
    }
  }

  private void transactionEnded() {
    if (searchPathChangedInTransaction) {
      // SET LOCAL ends here, and a rollback undoes a SET.
      searchPathChangedInTransaction = false;
      searchPath.mayHaveChanged();
    }
    SchemaChange change = changedInTransaction;
    if (!change.isNone()) {
      changedInTransaction = SchemaChange.NONE;
      runtime.tablesChanged(change);
    }
  }

  // Transaction ends: after DDL in the transaction, its tables are read again (see changedInTransaction).

  @Override
  public void commit() throws SQLException {
    try {
      delegate.commit();
    } finally {
      transactionEnded();
    }
  }

  @Override
  public void rollback() throws SQLException {
    try {
      delegate.rollback();
    } finally {
      transactionEnded();
    }
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    try {
      delegate.rollback(savepoint);
    } finally {
      // Conservative: the DDL may have been after the savepoint, or before it and still to commit.
      if (searchPathChangedInTransaction) {
        searchPath.mayHaveChanged();
      }
      if (!changedInTransaction.isNone()) {
        runtime.tablesChanged(changedInTransaction);
      }
    }
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    try {
      delegate.setAutoCommit(autoCommit);
    } finally {
      if (autoCommit) {
        // Switching auto-commit on commits the open transaction.
        transactionEnded();
      }
    }
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return VaultDatabaseMetaData.wrap(delegate.getMetaData(), this);
  }

  @Override
  public final void close() throws SQLException {
    try {
      delegate.close();
    } finally {
      // An open transaction is rolled back by the server.
      transactionEnded();
    }
  }

  @Override
  public final <T> T unwrap(Class<T> type) throws SQLException {
    return Unwrapping.unwrap(this, delegate, type, runtime);
  }

  @Override
  public final boolean isWrapperFor(Class<?> type) throws SQLException {
    return Unwrapping.isWrapperFor(this, delegate, type);
  }

  @Override
  public final String toString() {
    return "VaultConnection[" + delegate + "]";
  }
}
