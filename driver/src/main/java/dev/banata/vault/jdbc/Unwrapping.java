package dev.banata.vault.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@link Wrapper#unwrap} for every vault wrapper: the wrapper itself when it implements the asked
 * type, else the delegate (or what the delegate unwraps to). Reaching the delegate is therefore a
 * deliberate act by the caller, who thereby leaves the encryption layer.
 */
final class Unwrapping {

  private Unwrapping() {}

  /** Warned once per runtime: what the caller does with the delegate is out of the driver's sight. */
  static final String DELEGATE_HANDED_OUT = "unwrap handed out the pgjdbc object under a vault connection or statement:"
      + " SQL sent through it is neither analysed nor encrypted, and its results are not decrypted";

  /**
   * {@link #unwrap(Object, Wrapper, Class)} for a wrapper that can send SQL (a connection or a
   * statement), warning once per runtime when it hands out the delegate. Not refused: pools and
   * frameworks (HikariCP, Flyway, Hibernate) unwrap to reach driver features such as COPY or
   * large objects, and a refusal would break them.
   */
  static <T> T unwrap(Object wrapper, Wrapper delegate, Class<T> type, VaultRuntime runtime) throws SQLException {
    T unwrapped = unwrap(wrapper, delegate, type);
    if (unwrapped != wrapper) {
      runtime.warnOnce(DELEGATE_HANDED_OUT);
    }
    return unwrapped;
  }

  static <T> T unwrap(Object wrapper, Wrapper delegate, Class<T> type) throws SQLException {
    if (type.isInstance(wrapper)) {
      return type.cast(wrapper);
    }
    if (type.isInstance(delegate)) {
      return type.cast(delegate);
    }
    if (delegate.isWrapperFor(type)) {
      return delegate.unwrap(type);
    }
    throw notAWrapperFor(type);
  }

  /**
   * The JDBC contract's answer to {@code unwrap} of a type that is not wrapped: no SQLState, as
   * pgjdbc and HikariCP answer it (it is not an error of the vault or of the database).
   */
  static SQLException notAWrapperFor(Class<?> type) {
    return new SQLException("not a wrapper for " + type.getName());
  }

  static boolean isWrapperFor(Object wrapper, Wrapper delegate, Class<?> type) throws SQLException {
    return type.isInstance(wrapper) || type.isInstance(delegate) || delegate.isWrapperFor(type);
  }
}
