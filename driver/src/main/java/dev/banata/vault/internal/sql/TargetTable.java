package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedTableSpec;
import dev.banata.vault.config.Identifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code getGeneratedKeys()} of an INSERT, UPDATE or DELETE that involves encrypted columns
 * returns: the written table's catalog columns (for {@code RETURNING "a", "b"}) and the layout of
 * {@code RETURNING *} (the written table, then the FROM/USING tables).
 */
final class TargetTable {

  private final EncryptedTableSpec table;
  private final String tableName;
  private final List<TableColumn> columns;
  private final ResultLayout everyColumn;

  /**
   * @param table the written table's encryption, null when only a FROM/USING table has encrypted columns
   * @param everyColumn the layout of {@code RETURNING *}, null when the catalog does not list a table's columns
   */
  TargetTable(EncryptedTableSpec table, String tableName, List<TableColumn> columns, ResultLayout everyColumn) {
    this.table = table;
    this.tableName = tableName;
    this.columns = List.copyOf(columns);
    this.everyColumn = everyColumn;
  }

  /** The layout of {@code RETURNING *} appended for {@code RETURN_GENERATED_KEYS}. */
  ResultLayout everyColumn() throws SQLException {
    if (everyColumn == null) {
      throw new Rejection(tableName, null, Rejection.Reason.UNKNOWN_COLUMNS, "generated keys (the catalog does not list the tables' columns)").toSqlException();
    }
    return everyColumn;
  }

  List<TableColumn> columns() {
    return columns;
  }

  String typeOf(Identifier column) {
    for (TableColumn known : columns) {
      if (known.name().equals(column)) {
        return known.typeName();
      }
    }
    return "";
  }

  /** The decryption layout of {@code RETURNING} these columns. */
  ResultLayout layoutOf(List<TableColumn> returned) {
    List<ResultColumn> layout = new ArrayList<>();
    for (TableColumn column : returned) {
      layout.add(table == null ? null : table.column(column.name()).map(c -> new ResultColumn(c, column.storage())).orElse(null));
    }
    return ResultLayout.of(layout);
  }
}
