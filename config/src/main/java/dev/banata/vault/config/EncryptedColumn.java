package dev.banata.vault.config;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.util.Objects;

/**
 * One encrypted column: where it is, how it is encrypted, and where it was declared.
 *
 * @param table the table it belongs to
 * @param column the column
 * @param mode randomized or deterministic
 * @param context the cryptographic context (defaults to {@code table.column})
 * @param type the logical type the application reads and writes (never {@link ValueType#AUTO})
 * @param origin where it was declared, for error messages: {@code vault.yaml:12} or {@code com.example.Customer.email}
 */
public record EncryptedColumn(Identifier table, Identifier column, Mode mode, String context, ValueType type, String origin) {

  public EncryptedColumn {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(origin, "origin");
    if (type == ValueType.AUTO) {
      throw new IllegalArgumentException("column " + table + "." + column + " has no resolved type (AUTO) at " + origin);
    }
    if (context.isBlank()) {
      throw new IllegalArgumentException("column " + table + "." + column + " has a blank context at " + origin);
    }
  }

  /** The default context of a column: {@code table.column}. */
  public static String defaultContext(Identifier table, Identifier column) {
    return table.name() + "." + column.name();
  }

  /** {@code table.column}, for messages. */
  public String qualifiedName() {
    return table.name() + "." + column.name();
  }

  /** True when the settings that decide the ciphertext (mode, context, type) are the same. */
  public boolean sameEncryptionAs(EncryptedColumn other) {
    return mode == other.mode && context.equals(other.context) && type == other.type;
  }
}
