package dev.banata.vault.config;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated, immutable description of what is encrypted and how: tables and their encrypted
 * columns, where the keys come from, and the driver's policies. Built from {@code vault.yaml},
 * annotated classes, this builder, or any mix of them.
 */
public final class VaultConfig {

  private final Map<Identifier, EncryptedTable> tables;
  private final KeySettings keys;
  private final UnparseableSqlPolicy onUnparseableSql;
  private final PlaintextReadPolicy plaintextReads;

  private VaultConfig(Builder builder) {
    Map<Identifier, EncryptedTable> built = new LinkedHashMap<>();
    builder.tables.forEach((name, table) -> built.put(name, table.build()));
    this.tables = Collections.unmodifiableMap(built);
    this.keys = builder.keys;
    this.onUnparseableSql = builder.onUnparseableSql;
    this.plaintextReads = builder.plaintextReads;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** No encrypted column at all. */
  public static VaultConfig empty() {
    return builder().build();
  }

  public Optional<EncryptedTable> table(Identifier name) {
    return Optional.ofNullable(tables.get(name));
  }

  public Optional<EncryptedColumn> column(Identifier table, Identifier column) {
    EncryptedTable found = tables.get(table);
    return found == null ? Optional.empty() : found.column(column);
  }

  public Collection<EncryptedTable> tables() {
    return tables.values();
  }

  public KeySettings keys() {
    return keys;
  }

  public UnparseableSqlPolicy onUnparseableSql() {
    return onUnparseableSql;
  }

  public PlaintextReadPolicy plaintextReads() {
    return plaintextReads;
  }

  @Override
  public String toString() {
    return "VaultConfig" + tables.keySet();
  }

  /** Builds a configuration; every declaration is checked as it is added, the whole in {@link #build()}. */
  public static final class Builder {

    private final Map<Identifier, TableBuilder> tables = new LinkedHashMap<>();
    private KeySettings keys = KeySettings.DEFAULT;
    private UnparseableSqlPolicy onUnparseableSql = UnparseableSqlPolicy.REJECT;
    private PlaintextReadPolicy plaintextReads = PlaintextReadPolicy.REJECT;

    private Builder() {}

    /** Declares (or extends) a table. {@code name} is written as in SQL: {@code customers}, {@code "Customers"}. */
    public TableBuilder table(String name) {
      Identifier id = Identifier.of(name);
      return tables.computeIfAbsent(id, TableBuilder::new);
    }

    public Builder keys(KeySettings keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    public Builder onUnparseableSql(UnparseableSqlPolicy policy) {
      this.onUnparseableSql = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder plaintextReads(PlaintextReadPolicy policy) {
      this.plaintextReads = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public VaultConfig build() {
      return new VaultConfig(this);
    }

    /** The columns of one table under construction. */
    public final class TableBuilder {

      private final Identifier name;
      private Identifier primaryKey;
      private final Map<Identifier, EncryptedColumn> columns = new LinkedHashMap<>();

      private TableBuilder(Identifier name) {
        this.name = name;
      }

      public TableBuilder primaryKey(String column) {
        this.primaryKey = Identifier.of(column);
        return this;
      }

      /** A text column with the default context ({@code table.column}). */
      public TableBuilder column(String column, Mode mode) {
        return column(column, mode, null, ValueType.TEXT, "builder");
      }

      /**
       * Declares an encrypted column. {@code context} null or empty means {@code table.column}.
       * Declaring the same column twice with different settings is an error naming both origins.
       */
      public TableBuilder column(String column, Mode mode, String context, ValueType type, String origin) {
        Identifier id = Identifier.of(column);
        String effectiveContext = context == null || context.isEmpty() ? EncryptedColumn.defaultContext(name, id) : context;
        EncryptedColumn declared = new EncryptedColumn(name, id, mode, effectiveContext, type, origin);
        EncryptedColumn earlier = columns.putIfAbsent(id, declared);
        if (earlier != null && !earlier.sameEncryptionAs(declared)) {
          throw new ConfigException(origin + ": column " + declared.qualifiedName() + " is declared as "
              + describe(declared) + " but " + earlier.origin() + " declares it as " + describe(earlier));
        }
        return this;
      }

      /** Back to the configuration, to declare another table. */
      public Builder and() {
        return Builder.this;
      }

      private EncryptedTable build() {
        return new EncryptedTable(name, Optional.ofNullable(primaryKey), columns);
      }

      private String describe(EncryptedColumn column) {
        return column.mode().name().toLowerCase(java.util.Locale.ROOT) + ", context '" + column.context() + "', type "
            + column.type().name().toLowerCase(java.util.Locale.ROOT);
      }
    }
  }
}
