package dev.banata.vault.internal.rewrite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * The connections of one job, kept open from one pass (and count) to the next instead of opening a
 * new server backend for each reader and writer of each pass. A connection is taken back only from
 * a pass that ended normally, in autocommit (so no transaction of it is open); after a failure
 * every connection of the pass is closed, whatever state it was left in. Thread-safe.
 */
final class JobConnections implements AutoCloseable {

  private final Supplier<Connection> source;
  private final Deque<Connection> idle = new ArrayDeque<>();

  JobConnections(Supplier<Connection> source) {
    this.source = source;
  }

  /** An idle connection of this job, or a new one. */
  Connection take() {
    synchronized (idle) {
      Connection connection = idle.poll();
      if (connection != null) {
        return connection;
      }
    }
    return source.get();
  }

  /**
   * Keeps {@code connection} for the next pass if its work ended normally ({@code reusable}) and it
   * is open with no transaction; closes it otherwise.
   */
  void release(Connection connection, boolean reusable) {
    try {
      if (reusable && !connection.isClosed() && connection.getAutoCommit()) {
        synchronized (idle) {
          idle.push(connection);
        }
        return;
      }
    } catch (SQLException e) {
      // Cannot tell its state: not worth keeping.
    }
    closeQuietly(connection);
  }

  /** Closes the idle connections. */
  @Override
  public void close() {
    synchronized (idle) {
      idle.forEach(JobConnections::closeQuietly);
      idle.clear();
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing after the work is done, or after a failure that says more; nothing left to protect.
    }
  }
}
