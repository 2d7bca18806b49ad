package dev.banata.vault.config;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One encrypted column: where it is, how it is encrypted, and where it was declared.
 *
 * @param table the table it belongs to
 * @param column the column
 * @param mode randomized or deterministic
 * @param context the cryptographic context (defaults to {@code table.column})
 * @param type the logical type the application reads and writes (never {@link ValueType#AUTO})
 * @param scale for a decimal column, the decimal places every value is stored with; empty: as written
 * @param origin where it was declared, for error messages: {@code vault.yaml:12} or {@code com.example.Customer.email}
 * @param search the server-side searches beyond equality ({@code search: prefix}); {@link SearchOptions#NONE} by default
 */
public record EncryptedColumn(Identifier table, Identifier column, Mode mode, String context, ValueType type, OptionalInt scale,
    String origin, SearchOptions search) {

  /** The largest scale accepted; PostgreSQL's own {@code numeric} limit is far beyond any real use. */
  public static final int MAX_SCALE = 1000;

  public EncryptedColumn {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(search, "search");
    if (type == ValueType.AUTO) {
      throw new IllegalArgumentException("column " + table + "." + column + " has no resolved type (AUTO) at " + origin);
    }
    if (scale.isPresent() && (type != ValueType.DECIMAL || scale.getAsInt() < 0 || scale.getAsInt() > MAX_SCALE)) {
      throw new IllegalArgumentException("column " + table + "." + column + " has a scale that does not apply at " + origin);
    }
    if (context.isBlank()) {
      throw new IllegalArgumentException("column " + table + "." + column + " has a blank context at " + origin);
    }
    if (search.prefix() && (mode != Mode.DETERMINISTIC || type != ValueType.TEXT)) {
      throw new IllegalArgumentException("column " + table + "." + column + " has search: prefix, which needs a deterministic text column, at "
          + origin);
    }
  }

  /** A column without search options. */
  public EncryptedColumn(Identifier table, Identifier column, Mode mode, String context, ValueType type, OptionalInt scale, String origin) {
    this(table, column, mode, context, type, scale, origin, SearchOptions.NONE);
  }

  /** The default context of a column: {@code table.column}. */
  public static String defaultContext(Identifier table, Identifier column) {
    return table.name() + "." + column.name();
  }

  /** {@code table.column}, for messages. */
  public String qualifiedName() {
    return table.name() + "." + column.name();
  }

  /**
   * True when the settings that decide the stored value (mode, context, type, scale, and the search
   * options, whose tokens are part of it) are the same.
   */
  public boolean sameEncryptionAs(EncryptedColumn other) {
    return mode == other.mode && context.equals(other.context) && type == other.type && scale.equals(other.scale)
        && search.equals(other.search);
  }
}
