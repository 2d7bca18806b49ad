package dev.banata.vault.internal.rewrite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Makes writing jobs mutually exclusive per database schema, with a PostgreSQL session advisory
 * lock held on a connection of its own for the duration of the job. The server releases it when
 * that connection ends — also when the process is killed — so a crashed run never blocks the next.
 * Every writing job (rotate, encrypt-existing, decrypt-existing, retire) takes the same lock.
 */
public final class JobLock implements AutoCloseable {

  // "bana" as an int: the lock's class; the second half is the schema, so schemas do not contend.
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(1650552417, hashtext(current_schema()))";

  private final Connection connection;

  private JobLock(Connection connection) {
    this.connection = connection;
  }

  /** Takes the lock on {@code connection} (which it then owns and closes), or fails with {@link RewriteFailure.Reason#LOCKED}. */
  public static JobLock acquire(Connection connection, String job) {
    try (PreparedStatement statement = connection.prepareStatement(TRY_LOCK); ResultSet result = statement.executeQuery()) {
      result.next();
      if (!result.getBoolean(1)) {
        closeQuietly(connection);
        throw new RewriteFailure(RewriteFailure.Reason.LOCKED, "another admin job is running on this schema; " + job + " did not start (it changes nothing until that one ends)");
      }
      return new JobLock(connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new RewriteFailure(RewriteFailure.Reason.DATABASE, "cannot take the admin job lock: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing the session releases the lock; if the close fails the server ends the session anyway.
    }
  }
}
