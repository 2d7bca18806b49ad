package dev.banata.vault.internal.sql;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.VaultConfig;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.insert.InsertConflictTarget;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Walks one parsed SELECT, INSERT, UPDATE or DELETE and records what the plan needs: the role of
 * every parameter, the literals to encrypt, the result columns to decrypt. The walk rewrites the
 * parsed statement in place for the physical SQL (equality on a deterministic column becomes
 * {@code IN}, literals for encrypted columns become markers).
 *
 * <p>This class holds the statement entry points; the parts of the walk share one {@link Walk}:
 * {@link QueryWalker} (queries and their output columns), {@link NameResolver} (FROM, JOIN and
 * column names), {@link Assignments} (values written into columns, RETURNING),
 * {@link ConditionRewriter} (conditions, the only rewriting of the tree's structure),
 * {@link ValueClassifier} (where a value comes from) and {@link CiphertextPolicy} (what an
 * encrypted column may do).
 *
 * <p>Two ways out besides success, both exceptions so that no shape is silently ignored:
 * {@link Refused} (an operation the ciphertext cannot answer: the statement is rejected) and
 * {@link Unhandled} (a shape the walk does not understand: {@link StatementAnalyzer} decides).
 *
 * <p>Departure from the visitor adapters STYLE.md suggests: dispatch is by {@code instanceof} in
 * recursive methods, because every construct must return something (the origin of a value, or the
 * expression that replaces a condition) and an adapter's default for a construct it does not know
 * is to do nothing, which is exactly the silent gap this walk must not have. The one place where
 * a JSqlParser adapter is used, {@link ValueClassifier#opaque}, only collects columns and parameters.
 */
final class StatementWalker {

  private final Walk walk;

  StatementWalker(VaultConfig config, TableCatalog catalog, String marker) {
    this.walk = new Walk(config, catalog, marker);
  }

  /** The roles of the parameters and the literal slots found so far. */
  Bindings bindings() {
    return walk.bindings;
  }

  boolean encryptedTableSeen() {
    return walk.encryptedTableSeen();
  }

  /** Called once the statement is walked; see {@link Walk#undefinedName}. */
  void finish() {
    walk.refuseUndefinedNames();
  }

  boolean functionInFromSeen() {
    return walk.functionInFromSeen();
  }

  /** Set when the statement is correct only while one key version is live. */
  /** The ordering the driver applies to the rows of the outermost query, or null. */
  ClientOrdering clientOrdering() {
    return walk.outerOrderBy.planned();
  }

  KeyRotationConflict keyRotationConflict() {
    return walk.policy.keyRotationConflict();
  }

  static boolean isStatementWeWalk(Statement statement) {
    return statement instanceof Select || statement instanceof Insert || statement instanceof Update || statement instanceof Delete;
  }

  /** The result columns of a SELECT (null entries: plain; a null list: width unknown). */
  List<Source.Column> select(Select select) {
    walk.outermostQuery = select;
    return walk.queries.query(select, new Scope(null), null);
  }

  /** An INSERT; returns the RETURNING columns (empty without RETURNING). */
  DmlResult insert(Insert insert) {
    Scope scope = new Scope(null);
    walk.queries.withItems(insert.getWithItemsList(), scope);
    if (insert.getSetUpdateSets() != null || insert.getDuplicateUpdateSets() != null || insert.getOutputClause() != null) {
      throw new Unhandled("INSERT form of another dialect");
    }
    Table table = insert.getTable();
    Source target = walk.names.baseTable(table, table.getAlias());
    List<Origin> targets = new ArrayList<>();
    boolean widthKnown = true;
    if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
      for (Column column : insert.getColumns()) {
        targets.add(walk.names.assignmentTarget(target, column));
      }
    } else if (target.columnsKnown()) {
      for (Source.Column column : target.columns()) {
        targets.add(column.origin());
      }
    } else if (target.table() != null) {
      throw Refused.on(target.table().name().name(), null, Rejection.Reason.UNKNOWN_COLUMNS, "INSERT without a column list (the catalog does not list the table's columns)");
    } else {
      widthKnown = false; // every value is checked as going to a plain column
      targets.add(Origin.PLAIN);
    }

    Select source = insert.getSelect();
    if (source instanceof Values values) {
      for (ExpressionList<Expression> row : QueryWalker.rows(values)) {
        if (widthKnown && row.size() != targets.size()) {
          if (target.table() != null) {
            throw Refused.on(target.table().name().name(), null, Rejection.Reason.STATEMENT_SHAPE, "INSERT with " + row.size() + " values for " + targets.size() + " columns");
          }
          targets = Assignments.plainTargets(row.size());
        }
        for (int i = 0; i < row.size(); i++) {
          int at = i;
          ExpressionList<Expression> items = row;
          walk.assignments.assign(widthKnown ? targets.get(i) : Origin.PLAIN, row.get(i), replacement -> items.set(at, replacement), scope);
        }
      }
    } else if (source != null) {
      List<Source.Column> produced = walk.queries.query(source, scope, widthKnown ? targets : null);
      if (!widthKnown) {
        walk.assignments.intoPlainColumns(produced);
      }
      if (widthKnown && produced != null && produced.size() != targets.size() && target.table() != null) {
        throw Refused.on(target.table().name().name(), null, Rejection.Reason.STATEMENT_SHAPE, "INSERT ... SELECT with " + produced.size() + " values for " + targets.size() + " columns");
      }
    } else if (!insert.isOnlyDefaultValues()) {
      throw new Unhandled("INSERT without VALUES or SELECT");
    }

    Scope targetScope = new Scope(scope);
    targetScope.addSource(target);
    InsertConflictAction action = insert.getConflictAction();
    if (action != null) {
      if (target.table() != null && insert.getConflictTarget() != null && insert.getConflictTarget().getWhereExpression() != null) {
        throw new Unhandled("ON CONFLICT target with WHERE on an encrypted table");
      }
      conflictTarget(insert.getConflictTarget(), target);
      Scope conflictScope = new Scope(scope);
      conflictScope.addSource(target);
      conflictScope.addSource(new Source(Identifier.of("excluded"), target.table(), target.tableName(), target.columns()));
      if (action.getUpdateSets() != null) {
        walk.assignments.updateSets(action.getUpdateSets(), target, conflictScope);
      }
      if (action.getWhereExpression() != null) {
        action.setWhereExpression(walk.conditions.condition(action.getWhereExpression(), conflictScope));
      }
    }
    List<Source.Column> returning = walk.assignments.returning(insert.getReturningClause(), targetScope);
    return new DmlResult(target, returning, everyColumn(targetScope));
  }

  /** An UPDATE; returns the RETURNING columns. */
  DmlResult update(Update update) {
    Scope outer = new Scope(null);
    walk.queries.withItems(update.getWithItemsList(), outer);
    if (update.getStartJoins() != null && !update.getStartJoins().isEmpty() || update.getOutputClause() != null
        || update.getOrderByElements() != null || update.getLimit() != null) {
      throw new Unhandled("UPDATE form of another dialect");
    }
    Scope scope = new Scope(outer);
    Source target = walk.names.baseTable(update.getTable(), update.getTable().getAlias());
    scope.addSource(target);
    if (update.getFromItem() != null) {
      walk.names.from(update.getFromItem(), scope);
    }
    walk.names.joins(update.getJoins(), scope);
    walk.assignments.updateSets(update.getUpdateSets(), target, scope);
    if (update.getWhere() != null) {
      update.setWhere(walk.conditions.condition(update.getWhere(), scope));
    }
    return new DmlResult(target, walk.assignments.returning(update.getReturningClause(), scope), everyColumn(scope));
  }

  /** A DELETE; returns the RETURNING columns. */
  DmlResult delete(Delete delete) {
    Scope outer = new Scope(null);
    walk.queries.withItems(delete.getWithItemsList(), outer);
    if (delete.getTables() != null && !delete.getTables().isEmpty() || delete.getOutputClause() != null
        || delete.getOrderByElements() != null || delete.getLimit() != null) {
      throw new Unhandled("DELETE form of another dialect");
    }
    Scope scope = new Scope(outer);
    Source target = walk.names.baseTable(delete.getTable(), delete.getTable().getAlias());
    scope.addSource(target);
    if (delete.getUsingList() != null) {
      for (Table using : delete.getUsingList()) {
        walk.names.from(using, scope);
      }
    }
    walk.names.joins(delete.getJoins(), scope);
    if (delete.getWhere() != null) {
      delete.setWhere(walk.conditions.condition(delete.getWhere(), scope));
    }
    return new DmlResult(target, walk.assignments.returning(delete.getReturningClause(), scope), everyColumn(scope));
  }

  /**
   * {@code ON CONFLICT}: the database compares the new row's ciphertexts with the stored ones in a
   * unique index. On a deterministic column that is right only while one key version is live; an
   * index expression, a constraint name or no target at all may involve any column of the table, so
   * then every deterministic column counts.
   */
  private void conflictTarget(InsertConflictTarget conflict, Source target) {
    if (target.table() == null) {
      return;
    }
    boolean columnsNamed = conflict != null && conflict.getIndexExpression() == null && conflict.getConstraintName() == null
        && conflict.getIndexColumnNames() != null && !conflict.getIndexColumnNames().isEmpty();
    if (columnsNamed) {
      for (String name : conflict.getIndexColumnNames()) {
        Origin origin = target.originOf(Identifier.of(name));
        if (origin != null && origin.isEncrypted()) {
          walk.policy.requireStoredEquality(origin, "ON CONFLICT");
        }
      }
      return;
    }
    for (EncryptedColumn column : target.table().encryptedColumns()) {
      if (column.mode() == Mode.DETERMINISTIC) {
        Origin origin = target.originOf(column.column());
        walk.policy.requireStoredEquality(origin != null ? origin : Origin.encrypted(column, Storage.TEXT), "ON CONFLICT");
      }
    }
  }

  /**
   * What an INSERT, UPDATE or DELETE writes and returns.
   *
   * @param target the written table
   * @param returning the RETURNING columns, null without RETURNING
   * @param everyColumn what {@code RETURNING *} returns (target, then FROM/USING tables), null when unknown
   */
  record DmlResult(Source target, List<Source.Column> returning, List<Source.Column> everyColumn) {

    /** True when the written table or a table whose columns {@code RETURNING *} would return has encrypted columns. */
    boolean involvesEncryption() {
      return target.table() != null || everyColumn != null && Walk.anyEncrypted(everyColumn);
    }
  }

  private static List<Source.Column> everyColumn(Scope scope) {
    List<Source.Column> columns = new ArrayList<>();
    for (Source source : scope.sources()) {
      if (!Walk.addAll(columns, source)) {
        return null;
      }
    }
    return columns;
  }
}
