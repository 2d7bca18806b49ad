package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.ResultColumn;
import dev.banata.vault.internal.sql.ResultLayout;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.lang.invoke.MethodHandle;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A result set with encrypted columns. A getter on an encrypted column decrypts that one value when
 * it is called (nothing is decrypted for columns the application does not read) and converts it to
 * the getter's type; getters on plain columns are forwarded. By-label getters resolve the label
 * with the delegate's {@code findColumn} and read by index.
 */
abstract class DecryptingResultSet extends VaultResultSet {

  /** See {@link WrapperFactory#constructor}: made on every result, so through a constant handle. */
  private static final MethodHandle NEW = WrapperFactory.constructor(DecryptingResultSet.class);

  private final ResultDecoder decoder;
  /** Whether the last read column was an encrypted one, and if so whether it was NULL. */
  private boolean lastReadEncrypted;
  private boolean lastEncryptedWasNull;
  /** Per result column (1-based), looked up on its first read (the shared decryptor of the column, see ResultDecoder). */
  private ColumnCrypto.ColumnDecryptor[] decryptors;

  DecryptingResultSet(ResultSet delegate, Statement statement, ResultLayout layout, ResultDecoder decoder) {
    super(delegate, statement, layout);
    this.decoder = decoder;
  }

  static ResultSet wrap(ResultSet delegate, Statement statement, ResultLayout layout, VaultRuntime runtime) throws SQLException {
    ResultDecoder decoder = runtime.resultDecoder();
    return WrapperFactory.create(delegate, () -> (DecryptingResultSet) NEW.invokeExact(delegate, statement, layout, decoder));
  }

  /** The decrypted value of encrypted column {@code index} converted to {@code type}; null for SQL NULL. */
  private <T> T decrypted(int index, ResultColumn column, Class<T> type) throws SQLException {
    Object value = decoder.read(delegate, index, column, decryptor(index, column));
    lastReadEncrypted = true;
    lastEncryptedWasNull = value == null;
    return value == null ? null : ValueConversion.convert(value, type, column.column());
  }

  private ColumnCrypto.ColumnDecryptor decryptor(int index, ResultColumn column) {
    ColumnCrypto.ColumnDecryptor[] all = decryptors;
    if (all == null || index >= all.length) {
      all = new ColumnCrypto.ColumnDecryptor[Math.max(index, layout.width()) + 1];
      if (decryptors != null) {
        System.arraycopy(decryptors, 0, all, 0, decryptors.length);
      }
      decryptors = all;
    }
    ColumnCrypto.ColumnDecryptor decryptor = all[index];
    if (decryptor == null) {
      decryptor = decoder.decryptor(column);
      all[index] = decryptor;
    }
    return decryptor;
  }

  private ResultColumn encrypted(int index) {
    ResultColumn column = layout.column(index);
    if (column == null) {
      lastReadEncrypted = false;
    }
    return column;
  }

  private static <T> T orZero(T value, T zero) {
    return value == null ? zero : value;
  }

  @Override
  public boolean wasNull() throws SQLException {
    return lastReadEncrypted ? lastEncryptedWasNull : delegate.wasNull();
  }

  @Override
  public String getString(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getString(i) : decrypted(i, c, String.class);
  }

  @Override
  public String getNString(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getNString(i) : decrypted(i, c, String.class);
  }

  @Override
  public boolean getBoolean(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getBoolean(i) : orZero(decrypted(i, c, Boolean.class), false);
  }

  @Override
  public byte getByte(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getByte(i) : orZero(decrypted(i, c, Byte.class), (byte) 0);
  }

  @Override
  public short getShort(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getShort(i) : orZero(decrypted(i, c, Short.class), (short) 0);
  }

  @Override
  public int getInt(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getInt(i) : orZero(decrypted(i, c, Integer.class), 0);
  }

  @Override
  public long getLong(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getLong(i) : orZero(decrypted(i, c, Long.class), 0L);
  }

  @Override
  public float getFloat(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getFloat(i) : orZero(decrypted(i, c, Float.class), 0f);
  }

  @Override
  public double getDouble(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getDouble(i) : orZero(decrypted(i, c, Double.class), 0d);
  }

  @Override
  public BigDecimal getBigDecimal(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getBigDecimal(i) : decrypted(i, c, BigDecimal.class);
  }

  @Override
  @Deprecated
  public BigDecimal getBigDecimal(int i, int scale) throws SQLException {
    ResultColumn c = encrypted(i);
    if (c == null) {
      return delegate.getBigDecimal(i, scale);
    }
    BigDecimal value = decrypted(i, c, BigDecimal.class);
    return value == null ? null : value.setScale(scale, java.math.RoundingMode.HALF_UP);
  }

  @Override
  public byte[] getBytes(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getBytes(i) : decrypted(i, c, byte[].class);
  }

  @Override
  public Date getDate(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getDate(i) : decrypted(i, c, Date.class);
  }

  @Override
  public Date getDate(int i, Calendar calendar) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getDate(i, calendar) : decrypted(i, c, Date.class);
  }

  @Override
  public Time getTime(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getTime(i) : decrypted(i, c, Time.class);
  }

  @Override
  public Time getTime(int i, Calendar calendar) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getTime(i, calendar) : decrypted(i, c, Time.class);
  }

  @Override
  public Timestamp getTimestamp(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getTimestamp(i) : decrypted(i, c, Timestamp.class);
  }

  @Override
  public Timestamp getTimestamp(int i, Calendar calendar) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getTimestamp(i, calendar) : decrypted(i, c, Timestamp.class);
  }

  @Override
  public Object getObject(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getObject(i) : decrypted(i, c, Object.class);
  }

  @Override
  public Object getObject(int i, Map<String, Class<?>> map) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getObject(i, map) : decrypted(i, c, Object.class);
  }

  @Override
  public <T> T getObject(int i, Class<T> type) throws SQLException {
    ResultColumn c = encrypted(i);
    return c == null ? delegate.getObject(i, type) : decrypted(i, c, type);
  }

  @Override
  public InputStream getBinaryStream(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    if (c == null) {
      return delegate.getBinaryStream(i);
    }
    byte[] value = decrypted(i, c, byte[].class);
    return value == null ? null : new ByteArrayInputStream(value);
  }

  @Override
  public InputStream getAsciiStream(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    if (c == null) {
      return delegate.getAsciiStream(i);
    }
    String value = decrypted(i, c, String.class);
    return value == null ? null : new ByteArrayInputStream(value.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  @Deprecated
  public InputStream getUnicodeStream(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    if (c == null) {
      return delegate.getUnicodeStream(i);
    }
    String value = decrypted(i, c, String.class);
    return value == null ? null : new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Reader getCharacterStream(int i) throws SQLException {
    ResultColumn c = encrypted(i);
    if (c == null) {
      return delegate.getCharacterStream(i);
    }
    String value = decrypted(i, c, String.class);
    return value == null ? null : new StringReader(value);
  }

  @Override
  public Reader getNCharacterStream(int i) throws SQLException {
    return getCharacterStream(i);
  }

  /**
   * Getters the vault cannot serve from an encrypted column (LOBs, arrays, refs, XML, row ids,
   * URLs): forwarded for plain columns, refused for encrypted ones rather than returning ciphertext.
   */
  private void refuseEncrypted(int i, String getter) throws SQLException {
    ResultColumn c = encrypted(i);
    if (c != null) {
      throw VaultSqlException.refused(getter + " is not supported on encrypted column "
          + c.column().qualifiedName());
    }
  }

  @Override
  public java.sql.Blob getBlob(int i) throws SQLException {
    refuseEncrypted(i, "getBlob");
    return delegate.getBlob(i);
  }

  @Override
  public java.sql.Clob getClob(int i) throws SQLException {
    refuseEncrypted(i, "getClob");
    return delegate.getClob(i);
  }

  @Override
  public java.sql.NClob getNClob(int i) throws SQLException {
    refuseEncrypted(i, "getNClob");
    return delegate.getNClob(i);
  }

  @Override
  public java.sql.Array getArray(int i) throws SQLException {
    refuseEncrypted(i, "getArray");
    return delegate.getArray(i);
  }

  @Override
  public java.sql.Ref getRef(int i) throws SQLException {
    refuseEncrypted(i, "getRef");
    return delegate.getRef(i);
  }

  @Override
  public java.sql.SQLXML getSQLXML(int i) throws SQLException {
    refuseEncrypted(i, "getSQLXML");
    return delegate.getSQLXML(i);
  }

  @Override
  public java.sql.RowId getRowId(int i) throws SQLException {
    refuseEncrypted(i, "getRowId");
    return delegate.getRowId(i);
  }

  @Override
  public java.net.URL getURL(int i) throws SQLException {
    refuseEncrypted(i, "getURL");
    return delegate.getURL(i);
  }

  // By label: resolved once by the delegate, then read by index so encrypted columns are decrypted.

  @Override public String getString(String l) throws SQLException { return getString(findColumn(l)); }
  @Override public String getNString(String l) throws SQLException { return getNString(findColumn(l)); }
  @Override public boolean getBoolean(String l) throws SQLException { return getBoolean(findColumn(l)); }
  @Override public byte getByte(String l) throws SQLException { return getByte(findColumn(l)); }
  @Override public short getShort(String l) throws SQLException { return getShort(findColumn(l)); }
  @Override public int getInt(String l) throws SQLException { return getInt(findColumn(l)); }
  @Override public long getLong(String l) throws SQLException { return getLong(findColumn(l)); }
  @Override public float getFloat(String l) throws SQLException { return getFloat(findColumn(l)); }
  @Override public double getDouble(String l) throws SQLException { return getDouble(findColumn(l)); }
  @Override public BigDecimal getBigDecimal(String l) throws SQLException { return getBigDecimal(findColumn(l)); }
  @Override @Deprecated public BigDecimal getBigDecimal(String l, int scale) throws SQLException { return getBigDecimal(findColumn(l), scale); }
  @Override public byte[] getBytes(String l) throws SQLException { return getBytes(findColumn(l)); }
  @Override public Date getDate(String l) throws SQLException { return getDate(findColumn(l)); }
  @Override public Date getDate(String l, Calendar cal) throws SQLException { return getDate(findColumn(l), cal); }
  @Override public Time getTime(String l) throws SQLException { return getTime(findColumn(l)); }
  @Override public Time getTime(String l, Calendar cal) throws SQLException { return getTime(findColumn(l), cal); }
  @Override public Timestamp getTimestamp(String l) throws SQLException { return getTimestamp(findColumn(l)); }
  @Override public Timestamp getTimestamp(String l, Calendar cal) throws SQLException { return getTimestamp(findColumn(l), cal); }
  @Override public Object getObject(String l) throws SQLException { return getObject(findColumn(l)); }
  @Override public Object getObject(String l, Map<String, Class<?>> map) throws SQLException { return getObject(findColumn(l), map); }
  @Override public <T> T getObject(String l, Class<T> type) throws SQLException { return getObject(findColumn(l), type); }
  @Override public InputStream getBinaryStream(String l) throws SQLException { return getBinaryStream(findColumn(l)); }
  @Override public InputStream getAsciiStream(String l) throws SQLException { return getAsciiStream(findColumn(l)); }
  @Override @Deprecated public InputStream getUnicodeStream(String l) throws SQLException { return getUnicodeStream(findColumn(l)); }
  @Override public Reader getCharacterStream(String l) throws SQLException { return getCharacterStream(findColumn(l)); }
  @Override public Reader getNCharacterStream(String l) throws SQLException { return getNCharacterStream(findColumn(l)); }
  @Override public java.sql.Blob getBlob(String l) throws SQLException { return getBlob(findColumn(l)); }
  @Override public java.sql.Clob getClob(String l) throws SQLException { return getClob(findColumn(l)); }
  @Override public java.sql.NClob getNClob(String l) throws SQLException { return getNClob(findColumn(l)); }
  @Override public java.sql.Array getArray(String l) throws SQLException { return getArray(findColumn(l)); }
  @Override public java.sql.Ref getRef(String l) throws SQLException { return getRef(findColumn(l)); }
  @Override public java.sql.SQLXML getSQLXML(String l) throws SQLException { return getSQLXML(findColumn(l)); }
  @Override public java.sql.RowId getRowId(String l) throws SQLException { return getRowId(findColumn(l)); }
  @Override public java.net.URL getURL(String l) throws SQLException { return getURL(findColumn(l)); }
}
