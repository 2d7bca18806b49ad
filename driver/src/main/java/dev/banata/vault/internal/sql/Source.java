package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.EncryptedTableSpec;
import dev.banata.vault.config.Identifier;
import java.util.List;
import java.util.Optional;

/**
 * One item of a FROM clause as the analysis sees it: a name to qualify columns with, and its
 * columns in order when known.
 *
 * @param name the alias, or the table name when there is none (null for an unnamed derived table)
 * @param table the encrypted table for a base table that has encrypted columns, else null
 * @param tableName the base table's name (null for derived tables)
 * @param columns its columns in order, or null when unknown (a table the catalog does not list)
 */
record Source(Identifier name, EncryptedTableSpec table, Identifier tableName, List<Column> columns) {

  /** A column of a source and where its values come from. */
  record Column(Identifier name, Origin origin) {}

  boolean columnsKnown() {
    return columns != null;
  }

  /**
   * The origin of column {@code column} of this source: the column's origin when known, an
   * encrypted origin for an encrypted column even when the catalog does not list the table or
   * does not list that column, null when the source certainly has no such column, PLAIN when it
   * may have it.
   */
  Origin originOf(Identifier column) {
    if (columns != null) {
      for (Column known : columns) {
        if (known.name() != null && known.name().equals(column)) {
          return known.origin();
        }
      }
      // A configured column the cached list lacks (added by another client since the driver read
      // the table): the configuration says it is encrypted, so it is, never plain.
      Optional<EncryptedColumn> configured = table == null ? Optional.empty() : table.column(column);
      return configured.isPresent() ? Origin.encrypted(configured.get(), Storage.TEXT) : null;
    }
    if (table != null) {
      var encrypted = table.column(column);
      if (encrypted.isPresent()) {
        return Origin.encrypted(encrypted.get(), Storage.TEXT);
      }
    }
    return Origin.PLAIN;
  }
}
