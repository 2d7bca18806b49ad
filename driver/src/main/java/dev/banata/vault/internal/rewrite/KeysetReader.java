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
 * only its rows (the index is still read in full; the condition is on the key alone).
 */
final class KeysetReader {

  private final TableTarget table;
  private final int batchSize;
  private final String firstSql;
  private final String nextSql;

  KeysetReader(TableTarget table, int batchSize, Shard shard) {
    this.table = table;
    this.batchSize = batchSize;
    String columns = table.columns().stream().map(c -> "t." + c.sqlName()).collect(Collectors.joining(", "));
    String anyValue = table.columns().stream().map(c -> "t." + c.sqlName() + " IS NOT NULL").collect(Collectors.joining(" OR "));
    String key = "t." + table.keySqlName();
    String select = "SELECT " + key + "::text, t.xmin::text, " + columns + " FROM " + table.sqlName() + " t WHERE (" + anyValue + ")" + shard.sqlCondition(key);
    String order = " ORDER BY " + key + " LIMIT ?";
    this.firstSql = select + order;
    this.nextSql = select + " AND " + key + " > CAST(? AS " + table.keySqlType() + ")" + order;
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
