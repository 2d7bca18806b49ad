package dev.banata.vault.config;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.config.ClassSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The validated, immutable description of what is encrypted and how: tables and their encrypted
 * columns, where the keys come from, and the driver's policies. Built from {@code vault.yaml},
 * annotated classes, this builder, or any mix of them ({@link VaultConfigLoader} does the mix the
 * driver uses).
 *
 * <p>Guarantees of every built configuration: each column has a resolved type (never {@code AUTO})
 * and a usable context; no column is declared twice with different settings; no primary key is
 * itself encrypted; two columns share a context only when both name it explicitly. A configuration
 * built with {@link Builder#requirePrimaryKeys()} (as the loader does) also has a primary key for
 * every table with encrypted columns.
 *
 * <p>Each column also knows where it was declared ({@link #declarations}), and the configuration
 * carries the {@link #warnings()} found while building it; neither takes part in what a column is.
 */
public final class VaultConfig {

  private final Map<Identifier, EncryptedTableSpec> tables;
  private final KeySettings keys;
  private final UnparseableSqlPolicy onUnparseableSql;
  private final PlaintextReadPolicy plaintextReads;
  private final Map<Identifier, Map<Identifier, List<Declaration>>> declarations;
  private final List<ConfigWarning> warnings;

  private VaultConfig(Builder builder, List<ConfigWarning> warnings) {
    Map<Identifier, EncryptedTableSpec> built = new LinkedHashMap<>();
    Map<Identifier, Map<Identifier, List<Declaration>>> declared = new HashMap<>();
    builder.tables.forEach((name, table) -> {
      built.put(name, table.build());
      Map<Identifier, List<Declaration>> columns = new HashMap<>();
      table.declarations.forEach((column, list) -> columns.put(column, List.copyOf(list)));
      declared.put(name, Map.copyOf(columns));
    });
    this.tables = Collections.unmodifiableMap(built);
    this.declarations = Map.copyOf(declared);
    this.warnings = List.copyOf(warnings);
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

  public Optional<EncryptedTableSpec> table(Identifier name) {
    return Optional.ofNullable(tables.get(name));
  }

  public Optional<EncryptedColumn> column(Identifier table, Identifier column) {
    EncryptedTableSpec found = tables.get(table);
    return found == null ? Optional.empty() : found.column(column);
  }

  public Collection<EncryptedTableSpec> tables() {
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

  /**
   * Every place that declares {@code column} (the file, annotated fields, the builder), in the order
   * they were read; the first is the one {@link EncryptedColumn#origin()} names. Empty for a column
   * that is not part of this configuration.
   */
  public List<Declaration> declarations(EncryptedColumn column) {
    return declarations.getOrDefault(column.table(), Map.of()).getOrDefault(column.column(), List.of());
  }

  /**
   * One line per encrypted column, in the order of {@link #tables()}, for the log at the first
   * connection: {@code customers.last_name: deterministic, type text, context customers.last_name,
   * declared at vault.yaml:12}. Names, settings and origins only: never a secret or a value.
   */
  public List<String> describeColumns() {
    List<String> lines = new ArrayList<>();
    for (EncryptedTableSpec table : tables.values()) {
      for (EncryptedColumn column : table.encryptedColumns()) {
        List<String> places = new ArrayList<>();
        for (Declaration place : declarations(column)) {
          places.add((place instanceof Declaration.InFile ? "at " : "by ") + place.describe());
        }
        lines.add(column.qualifiedName() + ": " + column.mode().name().toLowerCase(Locale.ROOT) + ", type "
            + column.type().name().toLowerCase(Locale.ROOT) + (column.scale().isPresent() ? ", scale " + column.scale().getAsInt() : "")
            + (column.search().prefix() ? ", " + column.search().describe() : "")
            + ", context " + column.context() + ", declared "
            + String.join(" and ", places));
      }
    }
    return lines;
  }

  /**
   * {@link #describeColumns()} as one text for a log record: {@code 2 encrypted columns:} and the
   * lines, indented; {@code no encrypted column ...} when there is none (a missing file or
   * annotation list is the usual reason, and a user should see that before any data is written).
   */
  public String summary() {
    List<String> lines = describeColumns();
    if (lines.isEmpty()) {
      return "no encrypted column: the configuration declares none (no vault.yaml tables and no annotated classes)";
    }
    return lines.size() + (lines.size() == 1 ? " encrypted column:" : " encrypted columns:") + "\n  " + String.join("\n  ", lines);
  }

  /** What the configuration is valid but probably not meant to be; the loader logs each of them once. */
  public List<ConfigWarning> warnings() {
    return warnings;
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
    private boolean requirePrimaryKeys;

    private Builder() {}

    /** Declares (or extends) a table. {@code name} is written as in SQL: {@code customers}, {@code "Customers"}. */
    public TableBuilder table(String name) {
      return table(name, "builder");
    }

    /**
     * Declares (or extends) a table; {@code origin} says where, for error messages
     * ({@code vault.yaml:4}, {@code com.example.Customer}). The first declaration's origin is kept.
     */
    public TableBuilder table(String name, String origin) {
      Identifier id = Identifier.of(name);
      return tables.computeIfAbsent(id, table -> new TableBuilder(table, origin));
    }

    /**
     * Declares the tables and columns described by {@code @Encrypted} fields of these classes, read
     * from their class files (the classes are already loaded here, but the same reader serves
     * package scanning, where they must not be). Each class must have at least one encrypted field.
     */
    public Builder annotatedClasses(Class<?>... classes) {
      for (Class<?> type : classes) {
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        String origin = "annotatedClasses(" + type.getName() + ")";
        new AnnotatedEntityReader(ClassSource.of(loader)).declareRequired(type.getName(), type.getName(), origin, origin, this);
      }
      return this;
    }

    /**
     * Declares every class with {@code @Encrypted} fields found in these packages (and their
     * sub-packages) of {@code loader}'s class path, directories and jars alike, without loading or
     * initializing any of them. A package without such a class is an error.
     */
    public Builder annotatedPackages(ClassLoader loader, String... packages) {
      AnnotatedEntityReader reader = new AnnotatedEntityReader(ClassSource.of(loader));
      for (String name : packages) {
        String origin = "annotatedPackages(" + name + ")";
        reader.declarePackage(name, name, origin, origin, this);
      }
      return this;
    }

    /**
     * Makes {@link #build()} fail for a table with encrypted columns but no primary key ({@code
     * rotate} and {@code encrypt-existing} rewrite rows batch by batch in primary-key order). The
     * loader always requires it; programmatic configurations may leave it out, and the admin
     * command then refuses such a table.
     */
    public Builder requirePrimaryKeys() {
      this.requirePrimaryKeys = true;
      return this;
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

    /** Checks the rules that concern the whole configuration (see the class comment) and builds it. */
    public VaultConfig build() {
      Map<String, EncryptedColumn> byContext = new HashMap<>();
      for (TableBuilder table : tables.values()) {
        table.validate(requirePrimaryKeys);
        for (EncryptedColumn column : table.columns.values()) {
          EncryptedColumn other = byContext.putIfAbsent(column.context(), column);
          if (other != null && (isDefaultContext(column) || isDefaultContext(other))) {
            throw new ConfigException(where(column) + ": column " + column.qualifiedName() + " would share the context '"
                + column.context() + "' with column " + other.qualifiedName() + " (" + where(other)
                + "); a context is shared only when both columns set it explicitly to something other than a table.column name");
          }
        }
      }
      Map<Identifier, Map<Identifier, List<Declaration>>> declarations = new LinkedHashMap<>();
      tables.forEach((name, table) -> declarations.put(name, table.declarations));
      return new VaultConfig(this, SuperclassFieldsInSeveralTables.warnings(declarations));
    }

    /**
     * A column's origin for a message, with the package scan that found an annotated field ({@code
     * via annotated-packages 'com.example' at vault.yaml:7}): a column that a scan put in an
     * unexpected table is otherwise hard to trace back. A class named in a list needs no such hint.
     */
    private static String where(String origin, Declaration declaration) {
      return declaration instanceof Declaration.AnnotatedField field && field.packageScan() ? origin + " via " + field.via() : origin;
    }

    private String where(EncryptedColumn column) {
      return where(column.origin(), tables.get(column.table()).declarations.get(column.column()).get(0));
    }

    private static boolean isDefaultContext(EncryptedColumn column) {
      return column.context().equals(EncryptedColumn.defaultContext(column.table(), column.column()));
    }

    /** The columns of one table under construction. */
    public final class TableBuilder {

      private final Identifier name;
      private final String origin;
      private Identifier primaryKey;
      private String primaryKeyOrigin;
      private final Map<Identifier, EncryptedColumn> columns = new LinkedHashMap<>();
      private final Map<Identifier, List<Declaration>> declarations = new LinkedHashMap<>(); // in declaration order, so warnings come in it too

      private TableBuilder(Identifier name, String origin) {
        this.name = name;
        this.origin = origin;
      }

      public TableBuilder primaryKey(String column) {
        return primaryKey(column, "builder");
      }

      /** Sets the primary key; a second declaration naming a different column is an error naming both origins. */
      public TableBuilder primaryKey(String column, String origin) {
        Identifier id = Identifier.of(column);
        if (primaryKey != null && !primaryKey.equals(id)) {
          throw new ConfigException(origin + ": table " + name + " has primary key " + id + " but " + primaryKeyOrigin
              + " says its primary key is " + primaryKey);
        }
        if (primaryKey == null) {
          this.primaryKey = id;
          this.primaryKeyOrigin = origin;
        }
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
        return column(column, mode, context, type, OptionalInt.empty(), origin);
      }

      /**
       * {@link #column(String, Mode, String, ValueType, String)} for a decimal column with a fixed
       * {@code scale} (decimal places); a deterministic decimal column must have one.
       */
      public TableBuilder column(String column, Mode mode, String context, ValueType type, OptionalInt scale, String origin) {
        return column(column, mode, context, type, scale, origin, new Declaration.Programmatic(origin));
      }

      /**
       * {@link #column(String, Mode, String, ValueType, OptionalInt, String)} with server-side search
       * ({@code search: prefix}): only on a deterministic text column.
       */
      public TableBuilder column(String column, Mode mode, String context, ValueType type, OptionalInt scale, SearchOptions search,
          String origin) {
        return column(column, mode, context, type, scale, search, origin, new Declaration.Programmatic(origin));
      }

      /** {@link #column(String, Mode, String, ValueType, OptionalInt, String)} with where the reader found it. */
      TableBuilder column(String column, Mode mode, String context, ValueType type, OptionalInt scale, String origin,
          Declaration declaration) {
        return column(column, mode, context, type, scale, SearchOptions.NONE, origin, declaration);
      }

      /** {@link #column(String, Mode, String, ValueType, OptionalInt, SearchOptions, String)} with where the reader found it. */
      TableBuilder column(String column, Mode mode, String context, ValueType type, OptionalInt scale, SearchOptions search,
          String origin, Declaration declaration) {
        Identifier id = Identifier.of(column);
        if (context != null && !context.isEmpty()) {
          ContextRule.check(context, origin, name + "." + id);
        }
        checkScale(name + "." + id, mode, type, scale, where(origin, declaration));
        checkSearch(name + "." + id, mode, type, search, where(origin, declaration));
        String effectiveContext = context == null || context.isEmpty() ? EncryptedColumn.defaultContext(name, id) : context;
        EncryptedColumn declared = new EncryptedColumn(name, id, mode, effectiveContext, type, scale, origin, search);
        EncryptedColumn earlier = columns.putIfAbsent(id, declared);
        if (earlier != null && !earlier.sameEncryptionAs(declared)) {
          throw new ConfigException(where(origin, declaration) + ": column " + declared.qualifiedName() + " is declared as "
              + describe(declared) + " but " + where(earlier) + " declares it as " + describe(earlier));
        }
        List<Declaration> places = declarations.computeIfAbsent(id, key -> new ArrayList<>());
        if (!places.contains(declaration)) {
          places.add(declaration);
        }
        return this;
      }

      private static void checkSearch(String column, Mode mode, ValueType type, SearchOptions search, String where) {
        if (search.prefix() && mode != Mode.DETERMINISTIC) {
          // Prefix tokens of short values come close to revealing equality: a randomized column would promise what they break.
          throw new ConfigException(where + ": column " + column + " has search: prefix, which needs mode: deterministic"
              + " (its tokens reveal which values share their first characters)");
        }
        if (search.prefix() && type != ValueType.TEXT) {
          throw new ConfigException(where + ": column " + column + " has search: prefix, which applies only to type text");
        }
      }

      private static void checkScale(String column, Mode mode, ValueType type, OptionalInt scale, String where) {
        if (scale.isPresent() && type != ValueType.DECIMAL) {
          throw new ConfigException(where + ": column " + column + " has a scale, which applies only to type decimal");
        }
        if (scale.isPresent() && (scale.getAsInt() < 0 || scale.getAsInt() > EncryptedColumn.MAX_SCALE)) {
          throw new ConfigException(where + ": column " + column + " has scale " + scale.getAsInt()
              + "; use 0 to " + EncryptedColumn.MAX_SCALE + " decimal places");
        }
        if (scale.isEmpty() && type == ValueType.DECIMAL && mode == Mode.DETERMINISTIC) {
          // Equal numbers written with different scales (10.5, 10.50) have different ciphertexts.
          throw new ConfigException(where + ": column " + column + " is a deterministic decimal without a scale, so 10.5 would"
              + " not find 10.50; set scale to the decimal places every value has (as in numeric(p, scale)), e.g. scale: 2");
        }
      }

      /** Back to the configuration, to declare another table. */
      public Builder and() {
        return Builder.this;
      }

      private void validate(boolean requirePrimaryKey) {
        if (primaryKey != null && columns.containsKey(primaryKey)) {
          throw new ConfigException(columns.get(primaryKey).origin() + ": column " + name + "." + primaryKey
              + " is the table's primary key (" + primaryKeyOrigin + ") and cannot be encrypted: rotation finds rows by it");
        }
        if (requirePrimaryKey && primaryKey == null && !columns.isEmpty()) {
          throw new ConfigException(origin + ": table " + name + " has encrypted columns but no primary key;"
              + " declare it (primary-key in vault.yaml, @EncryptedTable(primaryKey) or JPA @Id):"
              + " rotate and encrypt-existing rewrite rows by primary key");
        }
      }

      private EncryptedTableSpec build() {
        return new EncryptedTableSpec(name, Optional.ofNullable(primaryKey), columns);
      }

      private String describe(EncryptedColumn column) {
        return column.mode().name().toLowerCase(Locale.ROOT) + ", context '" + column.context() + "', type "
            + column.type().name().toLowerCase(Locale.ROOT) + (column.scale().isPresent() ? ", scale " + column.scale().getAsInt() : "")
            + (column.search().prefix() ? ", " + column.search().describe() : "");
      }
    }
  }
}
