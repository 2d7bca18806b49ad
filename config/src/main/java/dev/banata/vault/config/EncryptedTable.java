package dev.banata.vault.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A table with encrypted columns.
 *
 * @param name the table name
 * @param primaryKey the primary key column used by rotation and migration, empty when not declared
 * @param columns the encrypted columns by name, in declaration order
 */
public record EncryptedTable(Identifier name, Optional<Identifier> primaryKey, Map<Identifier, EncryptedColumn> columns) {

  public EncryptedTable {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  public Optional<EncryptedColumn> column(Identifier column) {
    return Optional.ofNullable(columns.get(column));
  }

  public Collection<EncryptedColumn> encryptedColumns() {
    return columns.values();
  }
}
