package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import java.util.Objects;

/**
 * A result column whose values are envelopes to decrypt.
 *
 * @param column the encrypted column the values come from (mode, context and type to decrypt with)
 * @param storage whether the database returns text envelopes or bytea
 */
public record ResultColumn(EncryptedColumn column, Storage storage) {

  public ResultColumn {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(storage, "storage");
  }
}
