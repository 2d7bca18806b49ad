package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.ClientOrdering;
import dev.banata.vault.internal.sql.ResultLayout;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The rows of a query the driver orders itself ({@link ClientOrdering}), in that order. The delegate
 * is the decrypting result over a scroll-insensitive pgjdbc result holding every row; this visits
 * them in sorted order ({@code absolute(n)} on rows already in memory), so every getter, {@code wasNull}
 * and conversion is the delegate's own. Sort keys the query did not select were sent as extra columns
 * after the application's: they are not in {@link #getMetaData()}, an index past the visible columns is
 * out of range and a label that only they have is not found, as without them.
 */
abstract class SortedResultSet extends VaultResultSet {

  /** The delegate's row numbers (1-based) in the requested order. */
  private final int[] order;
  private final int visibleWidth;
  /** 0 before the first row, 1..n on a row, n + 1 after the last. */
  private int cursor;

  SortedResultSet(ResultSet delegate, Statement statement, ResultLayout layout, int[] order, int visibleWidth) {
    super(delegate, statement, layout);
    this.order = order;
    this.visibleWidth = visibleWidth;
  }

  /**
   * Orders {@code rows} (a wrapper over a scrollable delegate, before its first row) by
   * {@code ordering}; closes {@code rows} when that fails (too many rows, a key it cannot order), as
   * {@link WrapperFactory} does when the wrapping fails: the failure is thrown, a failure to close is
   * added to it as suppressed.
   */
  static ResultSet of(ResultSet rows, Statement statement, ResultLayout layout, ClientOrdering ordering, ClientSort sort)
      throws SQLException {
    int[] order = WrapperFactory.closingOnFailure(rows, () -> sort.order(rows, ordering));
    return WrapperFactory.create(SortedResultSet.class, rows, statement, layout, order, ordering.visibleWidth());
  }

  private int visible(int column) throws SQLException {
    if (column < 1 || column > visibleWidth) {
      throw VaultSqlException.of("the column index " + column + " is out of range; the result has " + visibleWidth + " columns",
          VaultSqlState.INVALID_PARAMETER);
    }
    return column;
  }

  @Override
  public int findColumn(String label) throws SQLException {
    int column = delegate.findColumn(label);
    if (column > visibleWidth) {
      throw VaultSqlException.of("the column name " + label + " was not found in this result", VaultSqlState.INVALID_PARAMETER);
    }
    return column;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return VisibleColumnsMetaData.wrap(delegate.getMetaData(), visibleWidth);
  }

  // ---- moving: over the sorted row numbers

  private boolean moveTo(int position) throws SQLException {
    cursor = Math.max(0, Math.min(position, order.length + 1));
    if (cursor == 0) {
      delegate.beforeFirst();
      return false;
    }
    if (cursor > order.length) {
      delegate.afterLast();
      return false;
    }
    return delegate.absolute(order[cursor - 1]);
  }

  @Override public boolean next() throws SQLException { return moveTo(cursor + 1); }
  @Override public boolean previous() throws SQLException { return moveTo(cursor - 1); }
  @Override public boolean first() throws SQLException { return moveTo(1); }
  @Override public boolean last() throws SQLException { return moveTo(order.length); }
  @Override public void beforeFirst() throws SQLException { moveTo(0); }
  @Override public void afterLast() throws SQLException { moveTo(order.length + 1); }
  @Override public boolean absolute(int row) throws SQLException { return moveTo(row >= 0 ? row : order.length + 1 + row); }
  @Override public boolean relative(int rows) throws SQLException { return moveTo(cursor + rows); }
  @Override public boolean isBeforeFirst() throws SQLException { return cursor == 0 && order.length > 0; }
  @Override public boolean isAfterLast() throws SQLException { return cursor > order.length && order.length > 0; }
  @Override public boolean isFirst() throws SQLException { return cursor == 1 && order.length > 0; }
  @Override public boolean isLast() throws SQLException { return cursor == order.length && order.length > 0; }
  @Override public int getRow() throws SQLException { return cursor >= 1 && cursor <= order.length ? cursor : 0; }

  // ---- getters: only the visible columns

  @Override public String getString(int c) throws SQLException { return delegate.getString(visible(c)); }
  @Override public boolean getBoolean(int c) throws SQLException { return delegate.getBoolean(visible(c)); }
  @Override public byte getByte(int c) throws SQLException { return delegate.getByte(visible(c)); }
  @Override public short getShort(int c) throws SQLException { return delegate.getShort(visible(c)); }
  @Override public int getInt(int c) throws SQLException { return delegate.getInt(visible(c)); }
  @Override public long getLong(int c) throws SQLException { return delegate.getLong(visible(c)); }
  @Override public float getFloat(int c) throws SQLException { return delegate.getFloat(visible(c)); }
  @Override public double getDouble(int c) throws SQLException { return delegate.getDouble(visible(c)); }
  @Override @Deprecated public BigDecimal getBigDecimal(int c, int x1) throws SQLException { return delegate.getBigDecimal(visible(c), x1); }
  @Override public byte[] getBytes(int c) throws SQLException { return delegate.getBytes(visible(c)); }
  @Override public Date getDate(int c) throws SQLException { return delegate.getDate(visible(c)); }
  @Override public Time getTime(int c) throws SQLException { return delegate.getTime(visible(c)); }
  @Override public Timestamp getTimestamp(int c) throws SQLException { return delegate.getTimestamp(visible(c)); }
  @Override public InputStream getAsciiStream(int c) throws SQLException { return delegate.getAsciiStream(visible(c)); }
  @Override @Deprecated public InputStream getUnicodeStream(int c) throws SQLException { return delegate.getUnicodeStream(visible(c)); }
  @Override public InputStream getBinaryStream(int c) throws SQLException { return delegate.getBinaryStream(visible(c)); }
  @Override public String getString(String c) throws SQLException { return delegate.getString(findColumn(c)); }
  @Override public boolean getBoolean(String c) throws SQLException { return delegate.getBoolean(findColumn(c)); }
  @Override public byte getByte(String c) throws SQLException { return delegate.getByte(findColumn(c)); }
  @Override public short getShort(String c) throws SQLException { return delegate.getShort(findColumn(c)); }
  @Override public int getInt(String c) throws SQLException { return delegate.getInt(findColumn(c)); }
  @Override public long getLong(String c) throws SQLException { return delegate.getLong(findColumn(c)); }
  @Override public float getFloat(String c) throws SQLException { return delegate.getFloat(findColumn(c)); }
  @Override public double getDouble(String c) throws SQLException { return delegate.getDouble(findColumn(c)); }
  @Override @Deprecated public BigDecimal getBigDecimal(String c, int x1) throws SQLException { return delegate.getBigDecimal(findColumn(c), x1); }
  @Override public byte[] getBytes(String c) throws SQLException { return delegate.getBytes(findColumn(c)); }
  @Override public Date getDate(String c) throws SQLException { return delegate.getDate(findColumn(c)); }
  @Override public Time getTime(String c) throws SQLException { return delegate.getTime(findColumn(c)); }
  @Override public Timestamp getTimestamp(String c) throws SQLException { return delegate.getTimestamp(findColumn(c)); }
  @Override public InputStream getAsciiStream(String c) throws SQLException { return delegate.getAsciiStream(findColumn(c)); }
  @Override @Deprecated public InputStream getUnicodeStream(String c) throws SQLException { return delegate.getUnicodeStream(findColumn(c)); }
  @Override public InputStream getBinaryStream(String c) throws SQLException { return delegate.getBinaryStream(findColumn(c)); }
  @Override public Object getObject(int c) throws SQLException { return delegate.getObject(visible(c)); }
  @Override public Object getObject(String c) throws SQLException { return delegate.getObject(findColumn(c)); }
  @Override public Reader getCharacterStream(int c) throws SQLException { return delegate.getCharacterStream(visible(c)); }
  @Override public Reader getCharacterStream(String c) throws SQLException { return delegate.getCharacterStream(findColumn(c)); }
  @Override public BigDecimal getBigDecimal(int c) throws SQLException { return delegate.getBigDecimal(visible(c)); }
  @Override public BigDecimal getBigDecimal(String c) throws SQLException { return delegate.getBigDecimal(findColumn(c)); }
  @Override public Object getObject(int c, Map<String, Class<?>> x1) throws SQLException { return delegate.getObject(visible(c), x1); }
  @Override public Ref getRef(int c) throws SQLException { return delegate.getRef(visible(c)); }
  @Override public Blob getBlob(int c) throws SQLException { return delegate.getBlob(visible(c)); }
  @Override public Clob getClob(int c) throws SQLException { return delegate.getClob(visible(c)); }
  @Override public Array getArray(int c) throws SQLException { return delegate.getArray(visible(c)); }
  @Override public Object getObject(String c, Map<String, Class<?>> x1) throws SQLException { return delegate.getObject(findColumn(c), x1); }
  @Override public Ref getRef(String c) throws SQLException { return delegate.getRef(findColumn(c)); }
  @Override public Blob getBlob(String c) throws SQLException { return delegate.getBlob(findColumn(c)); }
  @Override public Clob getClob(String c) throws SQLException { return delegate.getClob(findColumn(c)); }
  @Override public Array getArray(String c) throws SQLException { return delegate.getArray(findColumn(c)); }
  @Override public Date getDate(int c, Calendar x1) throws SQLException { return delegate.getDate(visible(c), x1); }
  @Override public Date getDate(String c, Calendar x1) throws SQLException { return delegate.getDate(findColumn(c), x1); }
  @Override public Time getTime(int c, Calendar x1) throws SQLException { return delegate.getTime(visible(c), x1); }
  @Override public Time getTime(String c, Calendar x1) throws SQLException { return delegate.getTime(findColumn(c), x1); }
  @Override public Timestamp getTimestamp(int c, Calendar x1) throws SQLException { return delegate.getTimestamp(visible(c), x1); }
  @Override public Timestamp getTimestamp(String c, Calendar x1) throws SQLException { return delegate.getTimestamp(findColumn(c), x1); }
  @Override public java.net.URL getURL(int c) throws SQLException { return delegate.getURL(visible(c)); }
  @Override public java.net.URL getURL(String c) throws SQLException { return delegate.getURL(findColumn(c)); }
  @Override public RowId getRowId(int c) throws SQLException { return delegate.getRowId(visible(c)); }
  @Override public RowId getRowId(String c) throws SQLException { return delegate.getRowId(findColumn(c)); }
  @Override public NClob getNClob(int c) throws SQLException { return delegate.getNClob(visible(c)); }
  @Override public NClob getNClob(String c) throws SQLException { return delegate.getNClob(findColumn(c)); }
  @Override public SQLXML getSQLXML(int c) throws SQLException { return delegate.getSQLXML(visible(c)); }
  @Override public SQLXML getSQLXML(String c) throws SQLException { return delegate.getSQLXML(findColumn(c)); }
  @Override public String getNString(int c) throws SQLException { return delegate.getNString(visible(c)); }
  @Override public String getNString(String c) throws SQLException { return delegate.getNString(findColumn(c)); }
  @Override public Reader getNCharacterStream(int c) throws SQLException { return delegate.getNCharacterStream(visible(c)); }
  @Override public Reader getNCharacterStream(String c) throws SQLException { return delegate.getNCharacterStream(findColumn(c)); }
  @Override public <T> T getObject(int c, Class<T> x1) throws SQLException { return delegate.getObject(visible(c), x1); }
  @Override public <T> T getObject(String c, Class<T> x1) throws SQLException { return delegate.getObject(findColumn(c), x1); }
}
