package dev.banata.vault.sql;

import dev.banata.vault.config.EncryptedTable;
import dev.banata.vault.config.Identifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The encrypted table an INSERT, UPDATE or DELETE writes, with its catalog columns (for generated keys). */
final class TargetTable {

  private final EncryptedTable table;
  private final List<TableColumn> columns;

  TargetTable(EncryptedTable table, List<TableColumn> columns) {
    this.table = table;
    this.columns = List.copyOf(columns);
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
  ResultLayout layoutOf(List<TableColumn> returned) throws SQLException {
    if (returned.isEmpty() && !table.columns().isEmpty()) {
      throw new Rejection(table.name().name(), null, "generated keys (the catalog does not list the table's columns)")
          .toSqlException();
    }
    List<ResultColumn> layout = new ArrayList<>();
    for (TableColumn column : returned) {
      layout.add(table.column(column.name()).map(c -> new ResultColumn(c, column.storage())).orElse(null));
    }
    return ResultLayout.of(layout);
  }
}
