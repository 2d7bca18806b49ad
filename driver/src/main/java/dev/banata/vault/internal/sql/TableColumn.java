package dev.banata.vault.internal.sql;

import dev.banata.vault.config.Identifier;
import java.util.Objects;

/**
 * One column of a table as the database reports it.
 *
 * @param name the column name (exact, as stored in the catalog)
 * @param typeName the database type name ({@code text}, {@code bytea}, {@code int8}, ...), may be empty when unknown
 */
public record TableColumn(Identifier name, String typeName) {

  public TableColumn {
    Objects.requireNonNull(name, "name");
    typeName = typeName == null ? "" : typeName;
  }

  /** Where an envelope would be stored in this column: BYTEA for {@code bytea}, else TEXT. */
  public Storage storage() {
    return Storage.ofTypeName(typeName);
  }
}
