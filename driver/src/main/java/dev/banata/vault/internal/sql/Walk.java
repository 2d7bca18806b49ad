package dev.banata.vault.internal.sql;

import dev.banata.vault.config.VaultConfig;
import java.util.List;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The state one statement walk shares between its parts: the configuration and catalog it reads,
 * the {@link Bindings} it fills, and the parts themselves (which call each other recursively: a
 * query has conditions, a condition has values, a value may be a sub-query).
 *
 * <p>One walk per statement, on one thread; nothing here outlives the analysis of that statement.
 */
final class Walk {

  final VaultConfig config;
  final TableCatalog catalog;
  final Bindings bindings;

  /** What an encrypted column may do: the one place that decides. */
  final CiphertextPolicy policy = new CiphertextPolicy();
  final QueryWalker queries = new QueryWalker(this);
  final NameResolver names = new NameResolver(this);
  final Assignments assignments = new Assignments(this);
  final ConditionRewriter conditions = new ConditionRewriter(this);
  final ValueClassifier values = new ValueClassifier(this);
  final OuterOrderBy outerOrderBy = new OuterOrderBy(this);

  /** The statement's outermost query, whose ORDER BY the driver may apply itself; null for INSERT/UPDATE/DELETE. */
  Select outermostQuery;

  private boolean encryptedTableSeen;
  private Unhandled undefinedName;
  private boolean functionInFromSeen;

  Walk(VaultConfig config, TableCatalog catalog, String marker) {
    this.config = config;
    this.catalog = catalog;
    this.bindings = new Bindings(marker);
  }

  /** True once a table with encrypted columns has been named anywhere in the statement. */
  boolean encryptedTableSeen() {
    return encryptedTableSeen;
  }

  void sawEncryptedTable() {
    encryptedTableSeen = true;
  }

  /**
   * A name no source has: refused once the statement is known to name an encrypted table, wherever
   * that table stands (a UNION branch or a CTE walked before it must not decide alone).
   */
  void undefinedName(Unhandled refusal) {
    if (encryptedTableSeen) {
      throw refusal;
    }
    undefinedName = undefinedName != null ? undefinedName : refusal;
  }

  /** At the end of the walk: throws the first undefined name found before an encrypted table was. */
  void refuseUndefinedNames() {
    if (encryptedTableSeen && undefinedName != null) {
      throw undefinedName;
    }
  }

  /** True once a function has been called in a FROM clause: the driver cannot know what it returns. */
  boolean functionInFromSeen() {
    return functionInFromSeen;
  }

  void sawFunctionInFrom() {
    functionInFromSeen = true;
  }

  /** Appends the columns of {@code source}; false (nothing appended) when the catalog does not list them. */
  static boolean addAll(List<Source.Column> columns, Source source) {
    if (!source.columnsKnown()) {
      return false;
    }
    columns.addAll(source.columns());
    return true;
  }

  static boolean anyEncrypted(List<Source.Column> columns) {
    return columns.stream().anyMatch(c -> c.origin().isEncrypted());
  }
}
