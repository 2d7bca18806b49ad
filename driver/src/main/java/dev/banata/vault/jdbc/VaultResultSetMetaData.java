package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.ResultColumn;
import dev.banata.vault.internal.sql.ResultLayout;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Result metadata that reports an encrypted column with its logical type (a date column is
 * {@code DATE}, not the {@code text} the database stores); plain columns are forwarded.
 */
abstract class VaultResultSetMetaData implements ResultSetMetaData {

  final ResultSetMetaData delegate;
  private final ResultLayout layout;

  VaultResultSetMetaData(ResultSetMetaData delegate, ResultLayout layout) {
    this.delegate = delegate;
    this.layout = layout;
  }

  static ResultSetMetaData wrap(ResultSetMetaData delegate, ResultLayout layout) throws SQLException {
    if (delegate == null) {
      return null;
    }
    return WrapperFactory.create(VaultResultSetMetaData.class, delegate, layout);
  }

  private LogicalType logical(int column) {
    ResultColumn encrypted = layout.column(column);
    return encrypted == null ? null : LogicalType.of(encrypted.column().type());
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    LogicalType logical = logical(column);
    return logical == null ? delegate.getColumnType(column) : logical.sqlType();
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    LogicalType logical = logical(column);
    return logical == null ? delegate.getColumnTypeName(column) : logical.typeName();
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    LogicalType logical = logical(column);
    return logical == null ? delegate.getColumnClassName(column) : logical.objectClass().getName();
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
    return "VaultResultSetMetaData[" + layout + "]";
  }
}
