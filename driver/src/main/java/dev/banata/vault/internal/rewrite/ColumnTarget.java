package dev.banata.vault.internal.rewrite;

import dev.banata.vault.config.EncryptedColumn;
import java.util.Objects;

/**
 * A configured encrypted column as found in the database.
 *
 * @param column the configuration of the column
 * @param binary true for a {@code bytea} column (raw envelope bytes), false for {@code text} (the text envelope)
 */
public record ColumnTarget(EncryptedColumn column, boolean binary) {

  public ColumnTarget {
    Objects.requireNonNull(column, "column");
  }

  /** The SQL type every placeholder bound for this column is cast to. */
  public String sqlType() {
    return binary ? "bytea" : "text";
  }

  public String sqlName() {
    return column.column().toSql();
  }

  public String qualifiedName() {
    return column.qualifiedName();
  }
}
