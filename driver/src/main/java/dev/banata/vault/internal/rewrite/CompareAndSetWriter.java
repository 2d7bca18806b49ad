package dev.banata.vault.internal.rewrite;

import dev.banata.vault.internal.database.ServerSqlState;
import dev.banata.vault.internal.database.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.util.PSQLException;

/**
 * Writes a batch of rewritten values in one statement, each row only if it is still the row version
 * the job read (compare-and-set on {@code xmin}):
 *
 * <pre>
 * UPDATE customers t SET email = COALESCE(v.n1, t.email), ssn = COALESCE(v.n2, t.ssn)
 *   FROM (VALUES (CAST(? AS bigint), CAST(? AS xid), CAST(? AS text), CAST(? AS text)), ...)
 *     AS v(k, x, n1, n2)
 *  WHERE t.id BETWEEN CAST(? AS bigint) AND CAST(? AS bigint)
 *    AND t.id = v.k AND t.xmin = v.x
 * </pre>
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
 * PostgreSQL reads the table through the primary key index; joined on the key alone it hashes the
 * VALUES list and scans the whole table for every batch, which makes a job quadratic.
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
 * job that lost its lock writes nothing more.
 */
final class CompareAndSetWriter {

  private static final int ATTEMPTS = 5;

  /** Told about a row a unique index did not let the job write; the row keeps its stored values. */
  interface UniqueViolation {
    void refused(Connection connection, RowChange change, String constraint) throws SQLException;
  }

  /** PostgreSQL binds at most 32767 parameters per statement. */
  static final int MAX_PARAMETERS = 32767;

  private final TableTarget table;
  private final Fence fence;
  private final Map<Integer, String> sqlBySize = new ConcurrentHashMap<>();

  CompareAndSetWriter(TableTarget table, Fence fence) {
    this.table = table;
    this.fence = fence;
  }

  /** The largest batch one statement can carry for this table. */
  static int maxBatch(TableTarget table) {
    return MAX_PARAMETERS / (2 + table.columns().size());
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
    String sql = sqlBySize.computeIfAbsent(changes.size(), this::sql);
    for (int attempt = 1; ; attempt++) {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int index = 1;
        for (RowChange change : changes) {
          statement.setString(index++, change.key());
          statement.setString(index++, change.version());
          for (int column = 0; column < table.columns().size(); column++) {
            index = bind(statement, index, column, change.newValues()[column]);
          }
        }
        statement.setString(index++, changes.get(0).key());
        statement.setString(index, changes.get(changes.size() - 1).key());
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

  private int executeFenced(Connection connection, PreparedStatement statement) throws SQLException {
    if (fence == Fence.NONE) {
      return statement.executeUpdate();
    }
    return Transaction.run(connection, inTransaction -> {
      fence.check(inTransaction);
      return statement.executeUpdate();
    });
  }

  private int bind(PreparedStatement statement, int index, int column, Object value) throws SQLException {
    if (table.columns().get(column).binary()) {
      statement.setBytes(index, (byte[]) value);
    } else {
      statement.setString(index, (String) value);
    }
    return index + 1;
  }

  private String sql(int rows) {
    int width = table.columns().size();
    StringBuilder sql = new StringBuilder("UPDATE ").append(table.sqlName()).append(" t SET ");
    for (int i = 0; i < width; i++) {
      String name = table.columns().get(i).sqlName();
      sql.append(i == 0 ? "" : ", ").append(name).append(" = COALESCE(v.n").append(i + 1).append(", t.").append(name).append(')');
    }
    sql.append(" FROM (VALUES ");
    StringBuilder tuple = new StringBuilder("(CAST(? AS ").append(table.keySqlType()).append("), CAST(? AS xid)");
    for (ColumnTarget column : table.columns()) {
      tuple.append(", CAST(? AS ").append(column.sqlType()).append(')');
    }
    tuple.append(')');
    for (int row = 0; row < rows; row++) {
      sql.append(row == 0 ? "" : ", ").append(tuple);
    }
    sql.append(") AS v(k, x");
    for (int i = 1; i <= width; i++) {
      sql.append(", n").append(i);
    }
    String key = "t." + table.keySqlName();
    String keyCast = "CAST(? AS " + table.keySqlType() + ")";
    sql.append(") WHERE ").append(key).append(" BETWEEN ").append(keyCast).append(" AND ").append(keyCast)
        .append(" AND ").append(key).append(" = v.k AND t.xmin = v.x");
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
