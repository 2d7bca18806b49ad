package dev.banata.vault.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The metadata of a {@link SortedResultSet}: the columns the application's query selects, without
 * the sort keys the driver appended; everything else is the delegate's (which already reports
 * encrypted columns with their logical types).
 */
abstract class VisibleColumnsMetaData implements ResultSetMetaData {

  final ResultSetMetaData delegate;
  private final int visibleWidth;

  VisibleColumnsMetaData(ResultSetMetaData delegate, int visibleWidth) {
    this.delegate = delegate;
    this.visibleWidth = visibleWidth;
  }

  static ResultSetMetaData wrap(ResultSetMetaData delegate, int visibleWidth) throws SQLException {
    return WrapperFactory.create(VisibleColumnsMetaData.class, delegate, visibleWidth);
  }

  @Override
  public int getColumnCount() throws SQLException {
    return visibleWidth;
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
    return "VisibleColumnsMetaData[" + visibleWidth + " columns]";
  }
}
