package dev.banata.vault.internal.rewrite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a table in key order, one bounded batch at a time ({@code WHERE key > last ORDER BY key
 * LIMIT n}), so memory stays at one batch whatever the table's size and no cursor or transaction
 * is held open between batches. Rows whose encrypted columns are all NULL are not read. Each row
 * comes with its {@code xmin}, the version the compare-and-set write checks. A {@link Shard} reads
 * only its rows (the index is still read in full; the condition is on the key alone). Given a
 * {@link ValueRewrite} whose {@link ValueRewrite#leftAloneSql} covers every column, it reads only the
 * rows with some value that the rewrite might change: the server filters the rest out while it
 * walks the key index, so a sweep over a table with nothing left to do costs one short query.
 */
final class KeysetReader {

  private final TableTarget table;
  private final int batchSize;
  private final String firstSql;
  private final String nextSql;

  /** Reads every row with a value ({@code onlyToChange} null) or only those with a value {@code onlyToChange} might change. */
  KeysetReader(TableTarget table, int batchSize, Shard shard, ValueRewrite onlyToChange) {
    this.table = table;
    this.batchSize = batchSize;
    String columns = table.columns().stream().map(c -> "t." + c.sqlName()).collect(Collectors.joining(", "));
    String key = "t." + table.keySqlName();
    String select = "SELECT " + key + "::text, t.xmin::text, " + columns + " FROM " + table.sqlName() + " t" + where(table, shard, onlyToChange);
    String order = " ORDER BY " + key + " LIMIT ?";
    this.firstSql = select + order;
    this.nextSql = select + " AND " + key + " > CAST(? AS " + table.keySqlType() + ")" + order;
  }

  /**
   * {@code " WHERE ..."} on the table as {@code t}: the rows this reader reads, for counting them with
   * the same condition.
   */
  static String where(TableTarget table, Shard shard, ValueRewrite onlyToChange) {
    String anyValue = table.columns().stream().map(c -> "t." + c.sqlName() + " IS NOT NULL").collect(Collectors.joining(" OR "));
    return " WHERE (" + anyValue + ")" + leftAlone(table, onlyToChange) + shard.sqlCondition("t." + table.keySqlName());
  }

  /** {@code " AND NOT (every value NULL or left alone)"}, or nothing when some column has no such condition. */
  private static String leftAlone(TableTarget table, ValueRewrite rewrite) {
    if (rewrite == null) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    for (ColumnTarget column : table.columns()) {
      String value = "t." + column.sqlName();
      String condition = rewrite.leftAloneSql(column, value);
      if (condition == null) {
        return "";
      }
      all.append(all.length() == 0 ? "" : " AND ").append('(').append(value).append(" IS NULL OR ").append(condition).append(')');
    }
    return " AND NOT (" + all + ")";
  }

  /** The next batch after {@code afterKey} (null: from the start); empty at the end of the table. */
  List<StoredRow> next(Connection connection, String afterKey) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(afterKey == null ? firstSql : nextSql)) {
      int index = 1;
      if (afterKey != null) {
        statement.setString(index++, afterKey);
      }
      statement.setInt(index, batchSize);
      List<StoredRow> rows = new ArrayList<>(batchSize);
      try (ResultSet result = statement.executeQuery()) {
        int width = table.columns().size();
        while (result.next()) {
          Object[] values = new Object[width];
          for (int i = 0; i < width; i++) {
            values[i] = table.columns().get(i).binary() ? result.getBytes(i + 3) : result.getString(i + 3);
          }
          rows.add(new StoredRow(result.getString(1), result.getString(2), values));
        }
      }
      return rows;
    }
  }
}
