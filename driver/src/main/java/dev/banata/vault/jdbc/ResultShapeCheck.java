package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.ResultColumn;
import dev.banata.vault.internal.sql.ResultLayout;
import dev.banata.vault.internal.sql.SearchPath;
import dev.banata.vault.internal.sql.StatementPlan;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Checks, once per result set with encrypted columns, that the result still has the shape its plan
 * was made for, so that a table changed under the driver (by another client, or before the driver
 * saw the DDL) cannot make it decrypt the wrong columns and hand a ciphertext out as data.
 *
 * <p>The plan knows, for each position that holds an encrypted column, which column that is. Where
 * a position's order depends on the table ({@code *}, {@code t.*}, {@code RETURNING *}, generated
 * keys), its label is the column's name; a table reordered under the plan moves another column's
 * name there. So: the width must match, and the label at each encrypted position must be the
 * column's name (string comparisons of what the plan and the delegate already hold). A label that
 * differs is either an alias the SQL wrote ({@code email AS e}) or a change: the statement is then
 * analysed again against the tables as they are, outside the caches. The same layout means an
 * alias, and that shape (SQL and labels) is remembered so it is not analysed again; another layout
 * means the table changed: the catalog and plans are dropped and the result is refused (22000).
 */
final class ResultShapeCheck {

  /** Beyond this many remembered shapes, start over (each is re-checked once at the cost of one analysis). */
  private static final int MAX_CHECKED_SHAPES = 4096;

  private ResultShapeCheck() {}

  /**
   * Throws (22000, after closing {@code results}) when {@code results} does not have the shape
   * {@code layout} was planned for.
   *
   * @param generatedKeys whether {@code results} are the generated keys of {@code execution}
   */
  static void check(ResultSet results, ResultLayout layout, Execution execution, boolean generatedKeys, VaultConnection connection)
      throws SQLException {
    ResultSetMetaData meta = results.getMetaData();
    int width = meta.getColumnCount();
    if (width != layout.width()) {
      throw changed(results, connection, "the result has " + width + " columns but the statement was analysed for " + layout.width());
    }
    for (int i = 1; i <= width; i++) {
      ResultColumn column = layout.column(i);
      if (column != null && !meta.getColumnLabel(i).equals(column.column().column().name())) {
        checkAgainstTheTables(results, meta, layout, execution, generatedKeys, connection);
        return;
      }
    }
  }

  private static void checkAgainstTheTables(ResultSet results, ResultSetMetaData meta, ResultLayout layout, Execution execution,
      boolean generatedKeys, VaultConnection connection) throws SQLException {
    String shape = shape(meta, execution, generatedKeys, connection.knownSearchPath());
    VaultRuntime runtime = connection.runtime;
    if (runtime.checkedShapes().contains(shape)) {
      return;
    }
    ResultLayout current = null;
    if (execution.sql() != null) {
      StatementPlan plan = runtime.planFromTheTablesAsTheyAre(execution.sql(), connection);
      if (plan.rejection().isEmpty() && plan.touchesEncryption()) {
        current = generatedKeys ? execution.keysRequest().layoutIn(plan) : plan.results();
      }
    }
    if (current == null || !sameLayout(current, layout)) {
      throw changed(results, connection, "the result's columns are not where the statement was analysed to find them");
    }
    if (runtime.checkedShapes().size() >= MAX_CHECKED_SHAPES) {
      runtime.checkedShapes().clear();
    }
    runtime.checkedShapes().add(shape);
  }

  /** Same width, and the same encrypted column (or none) at every position; null (not known) is like nothing else. */
  static boolean sameLayout(ResultLayout a, ResultLayout b) {
    if (a == null || b == null) {
      return false;
    }
    if (a.width() != b.width()) {
      return false;
    }
    for (int i = 1; i <= a.width(); i++) {
      ResultColumn x = a.column(i);
      ResultColumn y = b.column(i);
      if (x == null ? y != null : !x.equals(y)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The statement, every label of its result and the search path its names resolved along: what an
   * alias check is remembered by (the same SQL and labels may be another table's on another path).
   */
  private static String shape(ResultSetMetaData meta, Execution execution, boolean generatedKeys, SearchPath searchPath)
      throws SQLException {
    StringBuilder shape = new StringBuilder(generatedKeys ? "keys\u0000" : "rows\u0000");
    // A path of one session equals no other: its identity keeps its shapes apart from the others'.
    shape.append(searchPath == null ? "unknown" : searchPath.ofOneSessionOnly()
        ? "session@" + System.identityHashCode(searchPath) : searchPath.toString()).append('\u0000');
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      shape.append(meta.getColumnLabel(i)).append('\u0000');
    }
    return shape.append(execution.sql()).toString();
  }

  private static VaultSqlException changed(ResultSet results, VaultConnection connection, String what) throws SQLException {
    // Whatever changed, the next analysis reads the tables again.
    connection.runtime.tablesChanged(SchemaChange.EVERY_TABLE);
    return WrapperFactory.closeAfter(VaultSqlException.of(what + "; a table changed since (ALTER TABLE, or a table dropped and created"
        + " again); nothing was decrypted. Execute the statement again (prepare it again: a prepared statement keeps its analysis)",
        VaultSqlState.DATA_EXCEPTION), results);
  }
}
