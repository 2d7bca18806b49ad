package dev.banata.vault.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a batch of rewritten values in one statement, each row only if it still holds exactly the
 * value the job read (compare-and-set):
 *
 * <pre>
 * UPDATE customers t SET email = v.n1, ssn = v.n2
 *   FROM (VALUES (CAST(? AS bigint), CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text)), ...)
 *     AS v(k, o1, n1, o2, n2)
 *  WHERE t.id = v.k AND t.email IS NOT DISTINCT FROM v.o1 AND t.ssn IS NOT DISTINCT FROM v.o2
 * </pre>
 *
 * <p>A row the application changed after the job read it no longer matches and is left alone: the
 * application's newer value wins, and the next sweep reads it again. PostgreSQL re-checks the
 * condition on the newest row version when it waits on a concurrent writer, so this holds under
 * READ COMMITTED. Deadlocks and serialization failures are retried: the statement is idempotent.
 */
final class CompareAndSetWriter {

  private static final int ATTEMPTS = 5;

  /** PostgreSQL binds at most 32767 parameters per statement. */
  static final int MAX_PARAMETERS = 32767;

  private final TableTarget table;
  private final Map<Integer, String> sqlBySize = new ConcurrentHashMap<>();

  CompareAndSetWriter(TableTarget table) {
    this.table = table;
  }

  /** The largest batch one statement can carry for this table. */
  static int maxBatch(TableTarget table) {
    return MAX_PARAMETERS / (1 + 2 * table.columns().size());
  }

  /** Writes the changes; returns how many rows were updated (the rest had changed meanwhile). */
  int write(Connection connection, List<RowChange> changes) throws SQLException {
    if (changes.isEmpty()) {
      return 0;
    }
    String sql = sqlBySize.computeIfAbsent(changes.size(), this::sql);
    for (int attempt = 1; ; attempt++) {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int index = 1;
        for (RowChange change : changes) {
          statement.setString(index++, change.key());
          for (int column = 0; column < table.columns().size(); column++) {
            index = bind(statement, index, column, change.oldValues()[column]);
            index = bind(statement, index, column, change.newValues()[column]);
          }
        }
        return statement.executeUpdate();
      } catch (SQLException e) {
        if (attempt >= ATTEMPTS || !retryable(e)) {
          throw e;
        }
        if (!connection.getAutoCommit()) {
          connection.rollback();
        }
        sleepBeforeRetry(attempt);
      }
    }
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
      sql.append(i == 0 ? "" : ", ").append(table.columns().get(i).sqlName()).append(" = v.n").append(i + 1);
    }
    sql.append(" FROM (VALUES ");
    StringBuilder tuple = new StringBuilder("(CAST(? AS ").append(table.keySqlType()).append(')');
    for (ColumnTarget column : table.columns()) {
      String cast = "CAST(? AS " + column.sqlType() + ")";
      tuple.append(", ").append(cast).append(", ").append(cast);
    }
    tuple.append(')');
    for (int row = 0; row < rows; row++) {
      sql.append(row == 0 ? "" : ", ").append(tuple);
    }
    sql.append(") AS v(k");
    for (int i = 1; i <= width; i++) {
      sql.append(", o").append(i).append(", n").append(i);
    }
    sql.append(") WHERE t.").append(table.keySqlName()).append(" = v.k");
    for (int i = 0; i < width; i++) {
      sql.append(" AND t.").append(table.columns().get(i).sqlName()).append(" IS NOT DISTINCT FROM v.o").append(i + 1);
    }
    return sql.toString();
  }

  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "40P01".equals(state) || "40001".equals(state);
  }

  private static void sleepBeforeRetry(int attempt) {
    try {
      Thread.sleep(20L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
