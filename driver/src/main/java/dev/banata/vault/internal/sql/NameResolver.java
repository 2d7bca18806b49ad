package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.EncryptedTableSpec;
import dev.banata.vault.config.Identifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.TableFunction;

/**
 * FROM and JOIN items become {@link Source}s of a {@link Scope} (base tables with their columns
 * from the catalog and encryption from the configuration, derived tables and CTEs with the columns
 * their queries produce), and column references resolve against them, innermost level first.
 */
final class NameResolver {

  private final Walk walk;

  NameResolver(Walk walk) {
    this.walk = walk;
  }

  void from(FromItem item, Scope scope) {
    if (item instanceof Table table) {
      Identifier name = Identifier.of(table.getName());
      Source cte = table.getSchemaName() == null ? scope.cte(name) : null;
      if (cte != null) {
        Identifier alias = table.getAlias() != null ? Identifier.of(table.getAlias().getName()) : name;
        scope.addSource(new Source(alias, null, null, aliasColumns(cte.columns(), table.getAlias())));
      } else {
        scope.addSource(baseTable(table, table.getAlias()));
      }
    } else if (item instanceof ParenthesedSelect derived) {
      if (derived.getPivot() != null || derived.getUnPivot() != null) {
        throw new Unhandled("PIVOT");
      }
      List<Source.Column> columns = walk.queries.query(derived.getSelect(), scope, null);
      walk.queries.orderBy(derived.getOrderByElements(), columns, scope);
      walk.queries.limits(derived, scope);
      Alias alias = derived.getAlias();
      scope.addSource(new Source(alias == null ? null : Identifier.of(alias.getName()), null, null, aliasColumns(columns, alias)));
    } else if (item instanceof ParenthesedFromItem parenthesed) {
      if (parenthesed.getAlias() != null) {
        throw new Unhandled("alias on a parenthesised join");
      }
      from(parenthesed.getFromItem(), scope);
      joins(parenthesed.getJoins(), scope);
    } else if (item instanceof TableFunction function) {
      walk.sawFunctionInFrom();
      walk.values.opaque(function.getFunction(), scope, Rejection.Reason.FUNCTION, "table function");
      Alias alias = function.getAlias();
      scope.addSource(new Source(alias == null ? null : Identifier.of(alias.getName()), null, null, null));
    } else {
      throw new Unhandled("FROM item of type " + item.getClass().getSimpleName());
    }
  }

  void joins(List<Join> joins, Scope scope) {
    if (joins == null) {
      return;
    }
    for (Join join : joins) {
      List<Source> left = List.copyOf(scope.sources());
      from(join.getRightItem(), scope);
      if (join.isNatural()) {
        naturalJoin(left, List.copyOf(scope.sources().subList(left.size(), scope.sources().size())));
      }
    }
    for (Join join : joins) {
      Collection<Expression> on = join.getOnExpressions();
      if (on != null && !on.isEmpty()) {
        List<Expression> rewrittenOn = new ArrayList<>();
        for (Expression expression : on) {
          rewrittenOn.add(walk.conditions.condition(expression, scope));
        }
        join.setOnExpressions(rewrittenOn);
      }
      if (join.getUsingColumns() != null) {
        for (Column using : join.getUsingColumns()) {
          Origin encrypted = null;
          for (Source source : scope.sources()) {
            Origin origin = source.originOf(Identifier.of(using.getColumnName()));
            if (origin != null && origin.isEncrypted()) {
              walk.policy.requireCombinable(encrypted, origin, "JOIN USING");
              encrypted = origin;
            }
          }
          if (encrypted != null) {
            walk.policy.requireStoredEquality(encrypted, "JOIN USING");
          }
        }
      }
    }
  }

  /**
   * {@code NATURAL JOIN} compares every pair of same-named columns of its two sides, as
   * {@code JOIN USING} of those names would: each pair is checked the same way. When a side's
   * columns are not known, which columns are compared is a guess.
   */
  private void naturalJoin(List<Source> left, List<Source> right) {
    for (Source joined : right) {
      if (!joined.columnsKnown()) {
        if (left.stream().anyMatch(source -> source.table() != null || source.columnsKnown() && Walk.anyEncrypted(source.columns()))) {
          throw new Unhandled(Rejection.Reason.UNKNOWN_COLUMNS, "NATURAL JOIN with a source whose columns are not known");
        }
        continue;
      }
      for (Source.Column column : joined.columns()) {
        for (Source earlier : left) {
          Origin other = column.name() == null ? null : earlier.originOf(column.name());
          if (other == null || !other.isEncrypted() && !column.origin().isEncrypted()) {
            continue;
          }
          if (!earlier.columnsKnown()) {
            throw new Unhandled(Rejection.Reason.UNKNOWN_COLUMNS, "NATURAL JOIN with a source whose columns are not known");
          }
          Origin encrypted = column.origin().isEncrypted() ? column.origin() : other;
          walk.policy.requireComparable(encrypted, encrypted == other ? column.origin() : other, "NATURAL JOIN");
          walk.policy.requireStoredEquality(encrypted, "NATURAL JOIN");
        }
      }
    }
  }

  /** A table named in FROM, UPDATE, DELETE or INSERT INTO: its columns from the catalog, its encryption from the configuration. */
  Source baseTable(Table table, Alias alias) {
    Identifier name = Identifier.of(table.getName());
    EncryptedTableSpec encrypted = walk.config.table(name).orElse(null);
    if (encrypted != null && !encrypted.columns().isEmpty()) {
      walk.sawEncryptedTable();
    } else {
      encrypted = null;
    }
    Identifier schema = table.getSchemaName() == null ? null : Identifier.of(table.getSchemaName());
    List<TableColumn> known = walk.catalog.columns(schema, name);
    List<Source.Column> columns = null;
    if (known != null && !known.isEmpty()) {
      columns = new ArrayList<>();
      for (TableColumn column : known) {
        EncryptedColumn spec = encrypted == null ? null : encrypted.column(column.name()).orElse(null);
        columns.add(new Source.Column(column.name(), spec == null ? Origin.PLAIN : Origin.encrypted(spec, column.storage())));
      }
    }
    Identifier sourceName = alias != null ? Identifier.of(alias.getName()) : name;
    return new Source(sourceName, encrypted, name, aliasColumns(columns, alias));
  }

  /**
   * Names JSqlParser reads as a column though PostgreSQL does not (unquoted keywords), and the
   * system columns every table has but the catalog does not list.
   */
  private static final Set<String> KEYWORDS_READ_AS_COLUMNS = Set.of("current_user", "session_user", "user", "current_role",
      "current_schema", "current_catalog", "system_user", "localtime", "localtimestamp", "default");
  private static final Set<String> SYSTEM_COLUMNS = Set.of("tableoid", "xmin", "cmin", "xmax", "cmax", "ctid");

  /** The origin of a column reference; PLAIN when no source in reach has that column. */
  Origin resolve(Column column, Scope scope) {
    Origin origin = resolveOrNull(column, scope);
    if (origin == null) {
      refuseUndefined(column, scope);
      return Origin.PLAIN;
    }
    return origin;
  }

  /**
   * PostgreSQL rejects a name no source has, but only after the statement, with the literal compared
   * with it, has reached its log: beside an encrypted table, {@code "LAST_NAME" LIKE 'Zeb%'} (a
   * quoted name keeps its case), {@code p."LAST_NAME" LIKE 'Zeb%'} or a typo is a search on the
   * encrypted column gone wrong. When every source the name may come from lists its columns (for a
   * qualified name, the source it names), the name is certainly undefined and the statement is not
   * sent. (A qualifier that names nothing in FROM is decided in {@link #resolveOrNull}; an output
   * alias, in ORDER BY and GROUP BY, never gets here.)
   */
  private void refuseUndefined(Column column, Scope scope) {
    String written = column.getColumnName();
    boolean qualified = column.getTable() != null && column.getTable().getName() != null;
    if (!qualified && !written.startsWith("\"") && KEYWORDS_READ_AS_COLUMNS.contains(written.toLowerCase(Locale.ROOT))
        || SYSTEM_COLUMNS.contains(Identifier.of(written).name())) {
      return;
    }
    if (qualified) {
      Source source = scope.source(Identifier.of(column.getTable().getName()));
      if (source == null) {
        // Neither a source's column nor a field of a column a source has (fieldOfAColumn): PostgreSQL
        // fails with "missing FROM-clause entry", or "column does not exist" for a.b.c.
        String first = column.getTable().getSchemaName();
        Source composite = first == null ? null : scope.source(Identifier.of(first));
        if (composite == null || allColumnsNamed(composite)) {
          walk.undefinedName(new Unhandled(Rejection.Reason.OTHER, "a reference to " + column.getFullyQualifiedName()
              + ", whose qualifier names no table in FROM"));
        }
        return;
      }
      if (!allColumnsNamed(source)) {
        return;
      }
      walk.undefinedName(new Unhandled(Rejection.Reason.OTHER, "a reference to " + column.getTable().getName() + "." + written
          + ", a column that source does not have; a quoted name keeps its case"));
      return;
    }
    for (Scope level = scope; level != null; level = level.parent()) {
      for (Source source : level.sources()) {
        if (!allColumnsNamed(source)) {
          return;
        }
      }
    }
    walk.undefinedName(new Unhandled(Rejection.Reason.OTHER, "a reference to " + written + ", which no table in FROM has; a quoted name keeps its case"));
  }

  /**
   * The origin of the column {@code column} of an INSERT column list or an UPDATE SET names in
   * {@code target}. A name the table does not have is refused as {@link #refuseUndefined} refuses
   * one in a condition: PostgreSQL fails the statement only after the value assigned to it (most
   * likely meant for the encrypted column of that name in another case) has reached its log.
   */
  Origin assignmentTarget(Source target, Column column) {
    Identifier name = Identifier.of(column.getColumnName());
    Origin origin = target.originOf(name);
    if (origin != null) {
      return origin;
    }
    // SET a.b may assign a field of a composite column a; only a bare name is certainly undefined.
    boolean qualified = column.getTable() != null && column.getTable().getName() != null;
    if (!qualified && walk.encryptedTableSeen() && allColumnsNamed(target)) {
      throw new Unhandled(Rejection.Reason.OTHER, "an assignment to " + column.getColumnName() + ", a column " + target.tableName().name()
          + " does not have; a quoted name keeps its case");
    }
    return Origin.PLAIN;
  }

  /**
   * Whether a source lists all its columns by name. One whose columns the catalog does not list,
   * or with an expression PostgreSQL names itself ({@code (select 1) x}), may have any name.
   */
  private static boolean allColumnsNamed(Source source) {
    return source.columnsKnown() && source.columns().stream().allMatch(c -> c.name() != null);
  }

  /** The origin of a column reference, or null when no source in reach has that column. */
  Origin resolveOrNull(Column column, Scope scope) {
    Identifier name = Identifier.of(column.getColumnName());
    Table qualifier = column.getTable();
    if (qualifier != null && qualifier.getName() != null) {
      Source source = scope.source(Identifier.of(qualifier.getName()));
      if (source == null) {
        if (walk.config.table(Identifier.of(qualifier.getName())).isPresent()) {
          throw new Unhandled("column qualified with an encrypted table that is not in FROM");
        }
        // PostgreSQL rejects a qualifier that names nothing in FROM, but only after the text (and any
        // literal compared with the column) has reached it: a name an encrypted column has is not sent.
        for (var table : walk.config.tables()) {
          if (table.column(name).isPresent()) {
            throw new Unhandled("column " + qualifier.getName() + "." + name.name() + " whose qualifier is not in FROM");
          }
        }
        return fieldOfAColumn(column, scope);
      }
      return source.originOf(name);
    }
    // A source of an inner level whose columns the catalog does not list may have this column; if
    // so PostgreSQL resolves the name there, not in an enclosing level.
    Source mayShadow = null;
    for (Scope level = scope; level != null; level = level.parent()) {
      Origin encrypted = null;
      boolean found = false;
      Source unknown = null;
      for (Source source : level.sources()) {
        Origin origin = source.originOf(name);
        if (origin == null) {
          continue;
        }
        if (origin.isEncrypted()) {
          if (encrypted != null && !encrypted.sameEncryptionAs(origin)) {
            throw Refused.on(origin.column(), Rejection.Reason.OTHER, "ambiguous column reference");
          }
          encrypted = origin;
        }
        found |= source.columnsKnown() || origin.isEncrypted();
        if (!source.columnsKnown() && unknown == null) {
          unknown = source;
        }
      }
      if (encrypted != null) {
        if (mayShadow != null) {
          throw Refused.on(encrypted.column(), Rejection.Reason.UNKNOWN_COLUMNS, "reference " + name.name() + ", which may name a column of "
              + describe(mayShadow) + " instead (qualify the name),");
        }
        return encrypted;
      }
      if (found) {
        return Origin.PLAIN;
      }
      mayShadow = mayShadow != null ? mayShadow : unknown;
    }
    // No column of that name: a bare table name or alias is a whole-row reference (to_json(c), row(c)),
    // which would hand out the row's ciphertexts as data.
    Source wholeRow = scope.source(name);
    if (wholeRow != null) {
      if (wholeRow.table() != null) {
        throw walk.policy.refuseWholeRow(wholeRow.table(), name.name());
      }
      if (wholeRow.columns() == null || Walk.anyEncrypted(wholeRow.columns())) {
        throw new Unhandled("whole-row reference to a derived table");
      }
    }
    return null;
  }

  /**
   * {@code a.b.c} whose {@code a.b} is no table in FROM: PostgreSQL then reads it as the field
   * {@code c} of the composite column {@code b} of source {@code a}. A field of an encrypted column
   * is a field of its ciphertext (PostgreSQL fails the statement, after logging it); a field of a
   * plain column is plain. Null when {@code a} is not a source either: the name is undefined.
   */
  private Origin fieldOfAColumn(Column column, Scope scope) {
    String first = column.getTable().getSchemaName();
    Source source = first == null || column.getTable().getDatabase() != null && column.getTable().getDatabase().getDatabaseName() != null
        ? null : scope.source(Identifier.of(first));
    if (source == null) {
      return null;
    }
    Origin composite = source.originOf(Identifier.of(column.getTable().getName()));
    if (composite != null && composite.isEncrypted()) {
      throw Refused.on(composite.column(), Rejection.Reason.OTHER, "a field of an encrypted column (" + first + "." + column.getTable().getName()
          + "." + column.getColumnName() + ")");
    }
    return composite == null ? null : Origin.PLAIN;
  }

  /** Why a whole row of {@code source} cannot be used as a value, if it holds (or may hold) an encrypted column; else null. */
  RuntimeException wholeRowProblem(Source source, String name) {
    if (source.table() != null) {
      return walk.policy.refuseWholeRow(source.table(), name);
    }
    if (source.columnsKnown() ? Walk.anyEncrypted(source.columns()) : source.tableName() == null) {
      // A base table without encrypted columns is harmless; a derived table may carry some.
      return new Unhandled("whole-row reference to a derived table");
    }
    return null;
  }

  /** A source whose columns the catalog does not list, for a message: its table name, never SQL text beyond names. */
  private static String describe(Source source) {
    if (source.tableName() != null) {
      return "table " + source.tableName().name() + " (the catalog does not list its columns)";
    }
    return "a source whose columns are not known";
  }

  /** The first source with encrypted columns in this level or an enclosing one, for a message. */
  static Source firstEncryptedSource(Scope scope) {
    for (Scope level = scope; level != null; level = level.parent()) {
      for (Source source : level.sources()) {
        if (source.table() != null) {
          return source;
        }
      }
    }
    return null;
  }

  private static List<Source.Column> aliasColumns(List<Source.Column> columns, Alias alias) {
    if (columns == null || alias == null || alias.getAliasColumns() == null || alias.getAliasColumns().isEmpty()) {
      return columns;
    }
    return renamed(columns, alias.getAliasColumns().stream().map(c -> c.name).toList());
  }

  /** {@code columns} with the first {@code names.size()} renamed, as a column alias list does. */
  static List<Source.Column> renamed(List<Source.Column> columns, List<String> names) {
    List<Source.Column> renamed = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Identifier name = i < names.size() ? Identifier.of(names.get(i)) : columns.get(i).name();
      renamed.add(new Source.Column(name, columns.get(i).origin()));
    }
    return renamed;
  }
}
