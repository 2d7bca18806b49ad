package dev.banata.vault.admin;

import dev.banata.vault.internal.database.ServerSqlState;
import java.io.IOException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/**
 * A job's work cut short by the database rather than by a bug: the connection went away (a server
 * restart, a network cut: SQLState class 08, or 57P01..57P03 while the server shuts down or starts
 * up), or the server cancelled a statement ({@code statement_timeout}, {@code lock_timeout},
 * {@code pg_cancel_backend}). Every batch already committed stays done and the journal says where
 * the job is, so the answer is the same command again — said with the exit code the runbooks name
 * (4, 8) instead of 70, which means a bug.
 */
final class DatabaseInterruption {

  private static final String AGAIN = "; batches already written stay done: run the same command again to continue";

  private DatabaseInterruption() {}

  /** The failure to report for {@code failure}, or null when it is not an interruption by the database. */
  static AdminFailure of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (ServerSqlState.connectionException(sql) || ServerSqlState.ADMIN_SHUTDOWN.of(sql) || ServerSqlState.CRASH_SHUTDOWN.of(sql)
            || ServerSqlState.CANNOT_CONNECT_NOW.of(sql) || socketFailed(sql)) {
          return new AdminFailure(ExitCode.DATABASE, "lost the connection to the database (SQLState " + (state.isEmpty() ? "none" : state) + ": " + reason(sql) + ")" + AGAIN, failure);
        }
        if (ServerSqlState.QUERY_CANCELED.of(sql) || ServerSqlState.LOCK_NOT_AVAILABLE.of(sql)) {
          return new AdminFailure(ExitCode.INCOMPLETE, "the database cancelled a statement of the job (SQLState " + state + ": " + reason(sql)
              + "; statement_timeout, lock_timeout or pg_cancel_backend)" + AGAIN
              + " (give the admin role a larger statement_timeout, or use a smaller --batch-size)", failure);
        }
      }
    }
    return null;
  }

  /** pgjdbc reports some socket failures without a connection SQLState (closing a connection whose socket was reset). */
  private static boolean socketFailed(SQLException e) {
    return e.getCause() instanceof IOException;
  }

  /** The server's primary message alone: its detail and context lines may quote values. */
  private static String reason(SQLException e) {
    if (e instanceof PSQLException server && server.getServerErrorMessage() != null && server.getServerErrorMessage().getMessage() != null) {
      return server.getServerErrorMessage().getMessage();
    }
    return e.getMessage();
  }
}
