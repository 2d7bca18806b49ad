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
