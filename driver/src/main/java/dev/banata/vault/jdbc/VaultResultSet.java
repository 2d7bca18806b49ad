package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.ResultLayout;
import java.lang.invoke.MethodHandle;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set with no encrypted column: everything is forwarded except the back-reference to its
 * statement and the metadata, which stay inside the vault layer. {@link DecryptingResultSet} adds
 * the getters of encrypted columns.
 */
abstract class VaultResultSet implements ResultSet {

  /** See {@link WrapperFactory#constructor}: made on every result, so through a constant handle. */
  private static final MethodHandle NEW = WrapperFactory.constructor(VaultResultSet.class);

  final ResultSet delegate;
  /** The wrapper of the statement that produced it, or null (e.g. database metadata results). */
  final Statement statement;
  final ResultLayout layout;

  VaultResultSet(ResultSet delegate, Statement statement, ResultLayout layout) {
    this.delegate = delegate;
    this.statement = statement;
    this.layout = layout;
  }

  /** Wraps {@code delegate}; decrypting when {@code layout} names an encrypted column. */
  static ResultSet wrap(ResultSet delegate, Statement statement, ResultLayout layout, VaultRuntime runtime) throws SQLException {
    if (layout.anyEncrypted()) {
      // The statement checked the result's shape against the plan (ResultShapeCheck).
      return DecryptingResultSet.wrap(delegate, statement, layout, runtime);
    }
    return WrapperFactory.create(delegate, () -> (VaultResultSet) NEW.invokeExact(delegate, statement, layout));
  }

  @Override
  public final Statement getStatement() {
    return statement;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return VaultResultSetMetaData.wrap(delegate.getMetaData(), layout);
  }

  @Override
  public final void close() throws SQLException {
    delegate.close();
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
    return getClass().getSuperclass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this));
  }
}
