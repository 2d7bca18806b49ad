package dev.banata.vault.internal.rewrite;

import dev.banata.vault.internal.database.ServerSqlState;
import dev.banata.vault.internal.database.Transaction;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.util.PSQLException;

/**
 * Writes a batch of rewritten values in one statement, each row only if it is still the row version
 * the job read (compare-and-set on {@code xmin}):
 *
 * <pre>
 * UPDATE customers t SET email = COALESCE(v.n1, t.email), ssn = COALESCE(v.n2, t.ssn)
 *   FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS v(k, x, n1, n2)
 *  WHERE t.id BETWEEN CAST(? AS bigint) AND CAST(? AS bigint)
 *    AND t.id = CAST(v.k AS bigint) AND t.xmin = CAST(v.x AS xid)
 * </pre>
 *
 * <p>The batch travels as one array per field (keys, row versions, each column's new values;
 * {@code bytea[]} for a bytea column), not as one placeholder per value: the statement has the same
 * text and a handful of parameters whatever the batch, so each connection keeps one server-side
 * prepared statement for it, and the client encodes a few arrays instead of thousands of parameters
 * (binding those was the largest client cost of a job). Keys and row versions travel as text and are cast element
 * by element, as a single key would be.
 *
 * <p>Why the row version and not the old value: the old value is what a job replaces, and for
 * {@code encrypt-existing} that is the plaintext. Sent as a parameter it would sit in every server
 * log that records bind values ({@code log_statement = all}, {@code log_min_duration_statement}).
 * {@code xmin} is the id of the transaction that wrote the row version; every {@code UPDATE} makes a
 * new version with the updating transaction's id, and the job only ever reads committed versions,
 * so "same xmin" means "not written since the job read it". The condition is stricter than the old
 * one: an application write to any column of the row (even to the same value) makes the job leave
 * the row to the next sweep, never the other way round. Freezing keeps the raw xmin, and an id
 * comes back only after some four billion transactions — not between one batch's read and its
 * write, which is the window that matters. Only tables have it: {@link TableResolver} refuses views
 * and foreign tables. A column the job leaves alone is sent as NULL and keeps its stored value
 * ({@code COALESCE}: a rewritten value is never NULL).
 *
 * <p>The key range of the batch (its rows are consecutive in key order) is spelled out so that
 * PostgreSQL reads the table through the primary key index whatever it estimates for the arrays;
 * joined on the key alone it may hash the batch and scan the whole table for every batch, which
 * makes a job quadratic.
 *
 * <p>A row the application changed after the job read it no longer matches and is left alone: the
 * application's newer value wins, and the next sweep reads it again. PostgreSQL re-checks the
 * condition on the newest row version when it waits on a concurrent writer, so this holds under
 * READ COMMITTED. Deadlocks and serialization failures are retried: the statement is idempotent.
 *
 * <p>A unique index can refuse a rewritten value that another row already holds (a duplicate written
 * while a value had two ciphertexts, see {@link UniqueIndexes}). The batch statement then changed
 * nothing; its rows are written one by one, and each row the index still refuses is handed to the
 * caller and left as it is, instead of failing the job.
 *
 * <p>Each statement runs in a transaction of its own that first checks the job's {@link Fence}, so a
 * job that lost its lock writes nothing more, and whose commit does not wait for the WAL flush (see
 * {@link #NO_FLUSH_WAIT} for why the journal stays right).
 */
final class CompareAndSetWriter {

  private static final int ATTEMPTS = 5;

  /** Told about a row a unique index did not let the job write; the row keeps its stored values. */
  interface UniqueViolation {
    void refused(Connection connection, RowChange change, String constraint) throws SQLException;
  }

  /**
   * A batch's commit does not wait for its WAL to reach the disk: that wait is once per batch and
   * the writer is idle during it (3-9 ms per commit on the benchmark host). A server crash can then
   * undo the last fraction of a second of batches, but only as a suffix of the WAL: every checkpoint
   * and every "done" of the job's journal is committed after the batches it covers (on the journal's
   * own connection, with the server's flush wait), so the WAL holds it after them. A batch
   * a crash undoes is thus never one the journal counts as done: its rows keep their previous value
   * (which still decrypts, or is plaintext still to encrypt) and the next run rewrites them.
   */
  private static final String NO_FLUSH_WAIT = "SET LOCAL synchronous_commit = off";

  private final TableTarget table;
  private final Fence fence;
  private final String sql;

  CompareAndSetWriter(TableTarget table, Fence fence) {
    this.table = table;
    this.fence = fence;
    this.sql = sql(table);
  }

  /**
   * Writes the changes, which must be in ascending key order (as the reader returns them); returns
   * how many rows were updated (the rest had changed meanwhile, or were refused by a unique index
   * and handed to {@code violations}).
   */
  int write(Connection connection, List<RowChange> changes, UniqueViolation violations) throws SQLException {
    if (changes.isEmpty()) {
      return 0;
    }
    try {
      return writeBatch(connection, changes);
    } catch (SQLException e) {
      if (!ServerSqlState.UNIQUE_VIOLATION.of(e)) {
        throw e;
      }
      rollbackIfInTransaction(connection);
    }
    int written = 0;
    for (RowChange change : changes) {
      try {
        written += writeBatch(connection, List.of(change));
      } catch (SQLException e) {
        if (!ServerSqlState.UNIQUE_VIOLATION.of(e)) {
          throw e;
        }
        rollbackIfInTransaction(connection);
        violations.refused(connection, change, constraintOf(e));
      }
    }
    return written;
  }

  private int writeBatch(Connection connection, List<RowChange> changes) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int rows = changes.size();
        String[] keys = new String[rows];
        String[] versions = new String[rows];
        for (int row = 0; row < rows; row++) {
          keys[row] = changes.get(row).key();
          versions[row] = changes.get(row).version();
        }
        statement.setArray(1, connection.createArrayOf("text", keys));
        statement.setArray(2, connection.createArrayOf("text", versions));
        int width = table.columns().size();
        for (int column = 0; column < width; column++) {
          statement.setArray(3 + column, newValues(connection, changes, column));
        }
        statement.setString(3 + width, keys[0]);
        statement.setString(4 + width, keys[rows - 1]);
        return executeFenced(connection, statement);
      } catch (SQLException e) {
        if (attempt >= ATTEMPTS || !retryable(e)) {
          throw e;
        }
        rollbackIfInTransaction(connection);
        sleepBeforeRetry(attempt);
      }
    }
  }

  /** The batch's new values of one column, null where a row keeps its stored value. */
  private Array newValues(Connection connection, List<RowChange> changes, int column) throws SQLException {
    boolean binary = table.columns().get(column).binary();
    Object[] values = binary ? new byte[changes.size()][] : new String[changes.size()];
    for (int row = 0; row < values.length; row++) {
      values[row] = changes.get(row).newValues()[column];
    }
    return connection.createArrayOf(binary ? "bytea" : "text", values);
  }

  private int executeFenced(Connection connection, PreparedStatement statement) throws SQLException {
    return Transaction.run(connection, inTransaction -> {
      try (Statement setting = inTransaction.createStatement()) {
        setting.execute(NO_FLUSH_WAIT);
      }
      fence.check(inTransaction);
      return statement.executeUpdate();
    });
  }

  private static String sql(TableTarget table) {
    int width = table.columns().size();
    StringBuilder sql = new StringBuilder("UPDATE ").append(table.sqlName()).append(" t SET ");
    for (int i = 0; i < width; i++) {
      String name = table.columns().get(i).sqlName();
      sql.append(i == 0 ? "" : ", ").append(name).append(" = COALESCE(v.n").append(i + 1).append(", t.").append(name).append(')');
    }
    sql.append(" FROM unnest(CAST(? AS text[]), CAST(? AS text[])");
    for (ColumnTarget column : table.columns()) {
      sql.append(", CAST(? AS ").append(column.sqlType()).append("[])");
    }
    sql.append(") AS v(k, x");
    for (int i = 1; i <= width; i++) {
      sql.append(", n").append(i);
    }
    String key = "t." + table.keySqlName();
    String keyCast = "CAST(? AS " + table.keySqlType() + ")";
    sql.append(") WHERE ").append(key).append(" BETWEEN ").append(keyCast).append(" AND ").append(keyCast)
        .append(" AND ").append(key).append(" = CAST(v.k AS ").append(table.keySqlType()).append(") AND t.xmin = CAST(v.x AS xid)");
    return sql.toString();
  }

  private static void rollbackIfInTransaction(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.rollback();
    }
  }

  /** The constraint (or index) the server names in its error: a field of its own, whatever the server's language. */
  private static String constraintOf(SQLException e) {
    if (e instanceof PSQLException server && server.getServerErrorMessage() != null) {
      return server.getServerErrorMessage().getConstraint();
    }
    return null;
  }

  private static boolean retryable(SQLException e) {
    return ServerSqlState.DEADLOCK_DETECTED.of(e) || ServerSqlState.SERIALIZATION_FAILURE.of(e);
  }

  private static void sleepBeforeRetry(int attempt) {
    try {
      Thread.sleep(20L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
