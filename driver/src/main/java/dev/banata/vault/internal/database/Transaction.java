package dev.banata.vault.internal.database;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The one rule for running work as a transaction, shared by the Vault API, the key store, the
 * installer and the admin command.
 *
 * <p>Auto-commit is switched off; the transaction commits when the work returns and rolls back when
 * the work (or the commit) throws, whatever it throws. A failing rollback, or a failing restore of
 * the auto-commit mode after a failure, is added to the work's exception as suppressed, so the
 * caller always sees why the work failed. The connection's auto-commit mode is restored in every
 * case: a pool that does not reset connections gets its connection back as it lent it (turning
 * auto-commit back on while a transaction is open would commit it, which is why the rollback comes
 * first).
 */
public final class Transaction {

  /** What runs inside the transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private Transaction() {}

  /** {@link #run(Connection, Work)} on a connection of its own from {@code dataSource}, closed afterwards. */
  public static <T> T run(DataSource dataSource, Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return run(connection, work);
    }
  }

  /** Runs {@code work} as one transaction on {@code connection} (see the class rule); the connection stays open. */
  public static <T> T run(Connection connection, Work<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    T result;
    try {
      result = work.run(connection);
      connection.commit();
    } catch (Throwable failure) {
      rollbackAfter(failure, connection);
      restoreAfter(failure, connection, autoCommit);
      throw failure;
    }
    connection.setAutoCommit(autoCommit);
    return result;
  }

  private static void rollbackAfter(Throwable failure, Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  private static void restoreAfter(Throwable failure, Connection connection, boolean autoCommit) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException | RuntimeException restoreFailure) {
      failure.addSuppressed(restoreFailure);
    }
  }
}
