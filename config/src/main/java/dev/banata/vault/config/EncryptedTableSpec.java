package dev.banata.vault.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A table with encrypted columns, as the configuration model holds it (from {@code vault.yaml} and the
 * entities' annotations). Not the annotation {@link dev.banata.vault.annotations.EncryptedTable}, which
 * declares such a table on an entity class.
 *
 * @param name the table name
 * @param primaryKey the primary key column used by rotation and migration, empty when not declared
 * @param columns the encrypted columns by name, in declaration order
 */
public record EncryptedTableSpec(Identifier name, Optional<Identifier> primaryKey, Map<Identifier, EncryptedColumn> columns) {

  public EncryptedTableSpec {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  public Optional<EncryptedColumn> column(Identifier column) {
    return Optional.ofNullable(columns.get(column));
  }

  public Collection<EncryptedColumn> encryptedColumns() {
    return columns.values();
  }
}
