package dev.banata.vault.internal.rewrite;

import dev.banata.vault.config.Identifier;
import java.util.List;
import java.util.Objects;

/**
 * A configured table as found in the database: the single-column key the jobs page through, the
 * key's SQL type (keys travel as text and are cast back, so any orderable key type works), and the
 * encrypted columns.
 */
public record TableTarget(Identifier table, Identifier key, String keySqlType, List<ColumnTarget> columns) {

  public TableTarget {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keySqlType, "keySqlType");
    columns = List.copyOf(columns);
  }

  public String sqlName() {
    return table.toSql();
  }

  public String keySqlName() {
    return key.toSql();
  }

  public String name() {
    return table.name();
  }

  /** The same table restricted to some of its columns. */
  public TableTarget withColumns(List<ColumnTarget> subset) {
    return new TableTarget(table, key, keySqlType, subset);
  }
}
