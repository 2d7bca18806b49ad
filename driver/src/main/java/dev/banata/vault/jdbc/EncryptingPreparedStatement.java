package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.PhysicalStatement;
import dev.banata.vault.internal.sql.StatementPlan;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement whose SQL touches encrypted columns. Every {@code setXxx} only records the
 * value; at execution the values are applied to the delegate in the physical layout for the live
 * key versions (see {@link ParameterEncoder}), and when that layout changed since the delegate was
 * prepared (a key version became live or was retired), the delegate is prepared again with the new
 * SQL and the values are replayed, so a statement prepared before a rotation still finds rows after it.
 */
abstract class EncryptingPreparedStatement extends VaultPreparedStatement {

  /** See {@link WrapperFactory#constructor}: made on every statement, so through a constant handle. */
  private static final MethodHandle NEW = WrapperFactory.constructor(EncryptingPreparedStatement.class);

  private final StatementPlan plan;
  private final StatementPreparer preparer;
  private final ParameterEncoder encoder;
  private final ParameterValues values;
  /** The rows added with addBatch; the shared empty list until the first one (most statements never batch). */
  private List<ParameterValues> batch = List.of();
  private PhysicalStatement physical;

  EncryptingPreparedStatement(PreparedStatement delegate, VaultConnection connection, Execution own, StatementPlan plan,
      long analysedAt, PhysicalStatement physical, StatementPreparer preparer) {
    super(delegate, connection, own, plan, analysedAt);
    this.plan = plan;
    this.physical = physical;
    this.preparer = preparer;
    this.encoder = new ParameterEncoder(plan, connection.runtime.crypto());
    this.values = new ParameterValues(plan.parameterCount());
  }

  static PreparedStatement prepare(VaultConnection connection, String sql, StatementPlan plan, GeneratedKeysRequest keys,
      StatementPreparer asked, long analysedAt) throws SQLException {
    Execution own = Execution.ofPrepared(sql, plan, keys);
    // Rows the driver orders itself are revisited in their order: the delegate's result must be scrollable.
    StatementPreparer preparer = plan.clientOrdering().isPresent() ? ClientSort.scrollable(asked) : asked;
    PhysicalStatement physical = connection.runtime.physical(plan, connection.runtime.liveVersions());
    PreparedStatement delegate = preparer.prepare(connection.delegate, physicalSql(physical, connection.runtime, plan));
    // Preparing sends nothing to the server yet (pgjdbc parses on the first execution).
    WrapperFactory.closingOnFailure(delegate, () -> {
      refuseUpdatableOverEncrypted(own, delegate);
      return delegate;
    });
    return WrapperFactory.create(delegate, () -> (EncryptingPreparedStatement) NEW.invokeExact(delegate, connection, own, plan, analysedAt,
        physical, preparer));
  }

  /**
   * The SQL to prepare. Literals written in prepared SQL are encrypted once per preparation (the
   * statement object keeps sending the same ciphertext for them).
   */
  private static String physicalSql(PhysicalStatement physical, VaultRuntime runtime, StatementPlan plan) throws SQLException {
    return physical.hasLiterals() ? LiteralCiphertexts.render(plan, runtime) : physical.sql();
  }

  // ---- execution

  /** Lays out for the live key versions (re-preparing when needed) and applies the values of one row. */
  private void bind(ParameterValues row) throws SQLException {
    for (int attempt = 0; attempt < 3; attempt++) {
      useCurrentLayout();
      if (encoder.apply(row, physical, prepared())) {
        return;
      }
    }
    throw VaultSqlException.of("the key versions kept changing while a statement was executed; try again",
        VaultSqlState.DATA_EXCEPTION);
  }

  private void useCurrentLayout() throws SQLException {
    int live = connection.runtime.liveVersions();
    if (live == physical.liveVersions()) {
      return;
    }
    PhysicalStatement next = connection.runtime.physical(plan, live);
    String nextSql = physicalSql(next, connection.runtime, plan);
    PreparedStatement old = prepared();
    PreparedStatement replacement = preparer.prepare(connection.delegate, nextSql);
    StatementSettings.copy(old, replacement);
    delegate = replacement;
    physical = next;
    old.close();
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    bind(values);
    return super.executeQuery();
  }

  @Override
  public int executeUpdate() throws SQLException {
    bind(values);
    return super.executeUpdate();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    bind(values);
    return super.executeLargeUpdate();
  }

  @Override
  public boolean execute() throws SQLException {
    bind(values);
    return super.execute();
  }

  @Override
  public void addBatch() throws SQLException {
    if (batch.isEmpty()) {
      batch = new ArrayList<>();
    }
    batch.add(values.copy());
  }

  @Override
  public void clearBatch() throws SQLException {
    batch = List.of();
    super.clearBatch();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    try {
      bindBatch();
      return super.executeBatch();
    } finally {
      batch = List.of();
    }
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    try {
      bindBatch();
      return super.executeLargeBatch();
    } finally {
      batch = List.of();
    }
  }

  private void bindBatch() throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    useCurrentLayout();
    int layoutVersions = physical.liveVersions();
    for (ParameterValues row : batch) {
      bind(row);
      if (physical.liveVersions() != layoutVersions) {
        // Re-prepared in the middle: the rows added so far went to the old delegate. Start over.
        prepared().clearBatch();
        bindBatch();
        return;
      }
      prepared().addBatch();
    }
  }

  @Override
  public void clearParameters() throws SQLException {
    values.clear();
    prepared().clearParameters();
  }

  // ---- setters: record only

  private void record(int index, Object value, ParameterValues.PlainSetter setter) throws SQLException {
    if (index < 1 || index > plan.parameterCount()) {
      throw VaultSqlException.of("the parameter index " + index + " is out of range; the statement has "
          + plan.parameterCount() + " parameters", VaultSqlState.INVALID_PARAMETER);
    }
    values.set(index, new ParameterValues.Binding(value, setter));
  }

  /** For values the vault cannot encrypt: fine on a plain parameter, refused on an encrypted one. */
  private void recordPlainOnly(int index, String setter, ParameterValues.PlainSetter plain) throws SQLException {
    if (plan.parameter(index).encrypted()) {
      throw VaultSqlException.refused(setter + " is not supported for encrypted column "
          + plan.parameter(index).column().qualifiedName());
    }
    record(index, null, plain);
  }

  private boolean encrypted(int index) {
    return plan.parameter(index).encrypted();
  }

  @Override public void setNull(int i, int sqlType) throws SQLException { record(i, null, (ps, p) -> ps.setNull(p, sqlType)); }
  @Override public void setNull(int i, int sqlType, String typeName) throws SQLException { record(i, null, (ps, p) -> ps.setNull(p, sqlType, typeName)); }
  @Override public void setBoolean(int i, boolean x) throws SQLException { record(i, x, (ps, p) -> ps.setBoolean(p, x)); }
  @Override public void setByte(int i, byte x) throws SQLException { record(i, x, (ps, p) -> ps.setByte(p, x)); }
  @Override public void setShort(int i, short x) throws SQLException { record(i, x, (ps, p) -> ps.setShort(p, x)); }
  @Override public void setInt(int i, int x) throws SQLException { record(i, x, (ps, p) -> ps.setInt(p, x)); }
  @Override public void setLong(int i, long x) throws SQLException { record(i, x, (ps, p) -> ps.setLong(p, x)); }
  @Override public void setFloat(int i, float x) throws SQLException { record(i, x, (ps, p) -> ps.setFloat(p, x)); }
  @Override public void setDouble(int i, double x) throws SQLException { record(i, x, (ps, p) -> ps.setDouble(p, x)); }
  @Override public void setBigDecimal(int i, BigDecimal x) throws SQLException { record(i, x, (ps, p) -> ps.setBigDecimal(p, x)); }
  @Override public void setString(int i, String x) throws SQLException { record(i, x, (ps, p) -> ps.setString(p, x)); }
  @Override public void setNString(int i, String x) throws SQLException { record(i, x, (ps, p) -> ps.setNString(p, x)); }
  @Override public void setBytes(int i, byte[] x) throws SQLException { record(i, x, (ps, p) -> ps.setBytes(p, x)); }
  @Override public void setDate(int i, Date x) throws SQLException { record(i, x, (ps, p) -> ps.setDate(p, x)); }
  @Override public void setDate(int i, Date x, Calendar cal) throws SQLException { record(i, x, (ps, p) -> ps.setDate(p, x, cal)); }
  @Override public void setTime(int i, Time x) throws SQLException { record(i, x, (ps, p) -> ps.setTime(p, x)); }
  @Override public void setTime(int i, Time x, Calendar cal) throws SQLException { record(i, x, (ps, p) -> ps.setTime(p, x, cal)); }
  @Override public void setTimestamp(int i, Timestamp x) throws SQLException { record(i, x, (ps, p) -> ps.setTimestamp(p, x)); }
  @Override public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException { record(i, x, (ps, p) -> ps.setTimestamp(p, x, cal)); }
  @Override public void setObject(int i, Object x) throws SQLException { record(i, x, (ps, p) -> ps.setObject(p, x)); }
  @Override public void setObject(int i, Object x, int sqlType) throws SQLException { record(i, x, (ps, p) -> ps.setObject(p, x, sqlType)); }
  @Override public void setObject(int i, Object x, int sqlType, int scale) throws SQLException { record(i, x, (ps, p) -> ps.setObject(p, x, sqlType, scale)); }
  @Override public void setObject(int i, Object x, SQLType sqlType) throws SQLException { record(i, x, (ps, p) -> ps.setObject(p, x, sqlType)); }
  @Override public void setObject(int i, Object x, SQLType sqlType, int scale) throws SQLException { record(i, x, (ps, p) -> ps.setObject(p, x, sqlType, scale)); }

  // Streams and LOBs are read into memory when they are bound for an encrypted column (the value is encrypted as a whole).
  @Override public void setBinaryStream(int i, InputStream x) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.bytes(x, -1), null); else record(i, null, (ps, p) -> ps.setBinaryStream(p, x));
  }
  @Override public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.bytes(x, length), null); else record(i, null, (ps, p) -> ps.setBinaryStream(p, x, length));
  }
  @Override public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.bytes(x, length), null); else record(i, null, (ps, p) -> ps.setBinaryStream(p, x, length));
  }
  @Override public void setAsciiStream(int i, InputStream x) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.ascii(x, -1), null); else record(i, null, (ps, p) -> ps.setAsciiStream(p, x));
  }
  @Override public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.ascii(x, length), null); else record(i, null, (ps, p) -> ps.setAsciiStream(p, x, length));
  }
  @Override public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.ascii(x, length), null); else record(i, null, (ps, p) -> ps.setAsciiStream(p, x, length));
  }
  @Override @Deprecated public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
    recordPlainOnly(i, "setUnicodeStream", (ps, p) -> ps.setUnicodeStream(p, x, length));
  }
  @Override public void setCharacterStream(int i, Reader x) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.text(x, -1), null); else record(i, null, (ps, p) -> ps.setCharacterStream(p, x));
  }
  @Override public void setCharacterStream(int i, Reader x, int length) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.text(x, length), null); else record(i, null, (ps, p) -> ps.setCharacterStream(p, x, length));
  }
  @Override public void setCharacterStream(int i, Reader x, long length) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.text(x, length), null); else record(i, null, (ps, p) -> ps.setCharacterStream(p, x, length));
  }
  @Override public void setNCharacterStream(int i, Reader x) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.text(x, -1), null); else record(i, null, (ps, p) -> ps.setNCharacterStream(p, x));
  }
  @Override public void setNCharacterStream(int i, Reader x, long length) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.text(x, length), null); else record(i, null, (ps, p) -> ps.setNCharacterStream(p, x, length));
  }
  @Override public void setBlob(int i, Blob x) throws SQLException {
    if (encrypted(i)) record(i, x == null ? null : x.getBytes(1, Math.toIntExact(x.length())), null); else record(i, null, (ps, p) -> ps.setBlob(p, x));
  }
  @Override public void setBlob(int i, InputStream x) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.bytes(x, -1), null); else record(i, null, (ps, p) -> ps.setBlob(p, x));
  }
  @Override public void setBlob(int i, InputStream x, long length) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.bytes(x, length), null); else record(i, null, (ps, p) -> ps.setBlob(p, x, length));
  }
  @Override public void setClob(int i, Clob x) throws SQLException {
    if (encrypted(i)) record(i, x == null ? null : x.getSubString(1, Math.toIntExact(x.length())), null); else record(i, null, (ps, p) -> ps.setClob(p, x));
  }
  @Override public void setClob(int i, Reader x) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.text(x, -1), null); else record(i, null, (ps, p) -> ps.setClob(p, x));
  }
  @Override public void setClob(int i, Reader x, long length) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.text(x, length), null); else record(i, null, (ps, p) -> ps.setClob(p, x, length));
  }
  @Override public void setNClob(int i, NClob x) throws SQLException {
    if (encrypted(i)) record(i, x == null ? null : x.getSubString(1, Math.toIntExact(x.length())), null); else record(i, null, (ps, p) -> ps.setNClob(p, x));
  }
  @Override public void setNClob(int i, Reader x) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.text(x, -1), null); else record(i, null, (ps, p) -> ps.setNClob(p, x));
  }
  @Override public void setNClob(int i, Reader x, long length) throws SQLException {
    if (encrypted(i)) record(i, StreamedValues.text(x, length), null); else record(i, null, (ps, p) -> ps.setNClob(p, x, length));
  }

  @Override public void setRef(int i, Ref x) throws SQLException { recordPlainOnly(i, "setRef", (ps, p) -> ps.setRef(p, x)); }
  @Override public void setArray(int i, Array x) throws SQLException { recordPlainOnly(i, "setArray", (ps, p) -> ps.setArray(p, x)); }
  @Override public void setURL(int i, URL x) throws SQLException { recordPlainOnly(i, "setURL", (ps, p) -> ps.setURL(p, x)); }
  @Override public void setRowId(int i, RowId x) throws SQLException { recordPlainOnly(i, "setRowId", (ps, p) -> ps.setRowId(p, x)); }
  @Override public void setSQLXML(int i, SQLXML x) throws SQLException { recordPlainOnly(i, "setSQLXML", (ps, p) -> ps.setSQLXML(p, x)); }
}
