package dev.banata.vault.vault;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs work in one transaction on a connection of its own, and turns database failures into {@link VaultException}s. */
final class Transaction {

  /** PostgreSQL's "undefined_table". */
  private static final String UNDEFINED_TABLE = "42P01";

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private Transaction() {}

  /** Commits when {@code work} returns, rolls back when it throws (and rethrows). */
  static <T> T run(DataSource dataSource, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        // A pool that does not reset connections gets it back as it was lent.
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  static VaultException translate(SQLException e) {
    if (UNDEFINED_TABLE.equals(e.getSQLState())) {
      return new VaultException(VaultException.Code.SCHEMA,
          "The vault tables are not installed; run VaultSchema.install or the admin command's install", e);
    }
    return new VaultException(VaultException.Code.DATABASE,
        "Vault database operation failed (SQLState " + e.getSQLState() + ")", e);
  }

  private static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }
}
