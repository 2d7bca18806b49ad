package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.ResultLayout;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Database metadata whose back-references stay in the vault layer: {@link #getConnection()} is the
 * vault connection, and every result set it returns is wrapped (by the generated subclass, through
 * {@link #wrapResultSet(ResultSet)}) so that its {@code getStatement()} cannot reach the delegate.
 */
abstract class VaultDatabaseMetaData implements DatabaseMetaData {

  final DatabaseMetaData delegate;
  private final VaultConnection connection;

  VaultDatabaseMetaData(DatabaseMetaData delegate, VaultConnection connection) {
    this.delegate = delegate;
    this.connection = connection;
  }

  static DatabaseMetaData wrap(DatabaseMetaData delegate, VaultConnection connection) throws SQLException {
    return WrapperFactory.create(VaultDatabaseMetaData.class, delegate, connection);
  }

  /** Called by the generated subclass on every result set a metadata method returns. */
  final ResultSet wrapResultSet(ResultSet results) throws SQLException {
    // Catalog results hold no encrypted column: no runtime is needed to read them.
    return results == null ? null : VaultResultSet.wrap(results, null, ResultLayout.none(), null);
  }

  /** Encrypted columns are described with their logical type, as result metadata does. */
  @Override
  public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
      throws SQLException {
    ResultSet columns = delegate.getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern);
    return columns == null || connection == null ? wrapResultSet(columns) : CatalogColumnsResultSet.wrap(columns, connection.runtime.config());
  }

  @Override
  public final Connection getConnection() {
    return connection;
  }

  @Override
  public final <T> T unwrap(Class<T> type) throws SQLException {
    return Unwrapping.unwrap(this, delegate, type);
  }

  @Override
  public final boolean isWrapperFor(Class<?> type) throws SQLException {
    return Unwrapping.isWrapperFor(this, delegate, type);
  }

  @Override
  public final String toString() {
    return "VaultDatabaseMetaData[" + delegate + "]";
  }
}
