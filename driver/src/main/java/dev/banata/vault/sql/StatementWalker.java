package dev.banata.vault.sql;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.EncryptedTable;
import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.VaultConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Walks one parsed SELECT, INSERT, UPDATE or DELETE and records what the plan needs: the role of
 * every parameter, the literals to encrypt, the result columns to decrypt. It rewrites the parsed
 * statement in place for the physical SQL (equality on a deterministic column becomes {@code IN},
 * literals for encrypted columns become markers).
 *
 * <p>Two ways out besides success, both exceptions so that no shape is silently ignored:
 * {@link Refused} (an operation the ciphertext cannot answer: the statement is rejected) and
 * {@link Unhandled} (a shape this walker does not understand: {@link StatementAnalyzer} decides).
 * Every expression type not handled explicitly goes through {@link #opaque(Expression, Scope, String)},
 * which refuses it when it involves an encrypted column.
 *
 * <p>Departure from the visitor adapters STYLE.md suggests: dispatch is by {@code instanceof} in
 * recursive methods, because every construct must return something (the origin of a value, or the
 * expression that replaces a condition) and an adapter's default for a construct it does not know
 * is to do nothing, which is exactly the silent gap this class must not have. The one place where
 * a JSqlParser adapter is used, {@link #opaque}, only collects columns and parameters.
 */
final class StatementWalker {

  /** Thrown to reject the statement. */
  static final class Refused extends RuntimeException {
    final transient Rejection rejection;

    Refused(Rejection rejection) {
      super(rejection.message(), null, false, false);
      this.rejection = rejection;
    }
  }

  /** Thrown for a statement shape the walker does not understand. The reason never contains SQL text. */
  static final class Unhandled extends RuntimeException {
    Unhandled(String reason) {
      super(reason, null, false, false);
    }
  }

  private final VaultConfig config;
  private final TableCatalog catalog;

  private final Bindings bindings;
  private boolean encryptedTableSeen;

  StatementWalker(VaultConfig config, TableCatalog catalog, String marker) {
    this.config = config;
    this.catalog = catalog;
    this.bindings = new Bindings(marker);
  }

  /** The roles of the parameters and the literal slots found so far. */
  Bindings bindings() {
    return bindings;
  }

  boolean encryptedTableSeen() {
    return encryptedTableSeen;
  }

  // ---------------------------------------------------------------- statements

  /** The result columns of a SELECT (null entries: plain; a null list: width unknown). */
  List<Source.Column> select(Select select) {
    return query(select, new Scope(null), null);
  }

  /** An INSERT; returns the RETURNING columns (empty without RETURNING). */
  DmlResult insert(Insert insert) {
    Scope scope = new Scope(null);
    withItems(insert.getWithItemsList(), scope);
    if (insert.getSetUpdateSets() != null || insert.getDuplicateUpdateSets() != null || insert.getOutputClause() != null) {
      throw new Unhandled("INSERT form of another dialect");
    }
    Table table = insert.getTable();
    Source target = baseTable(table, null);
    List<Identifier> targetNames = new ArrayList<>();
    if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
      for (Column column : insert.getColumns()) {
        targetNames.add(Identifier.of(column.getColumnName()));
      }
    } else if (target.columnsKnown()) {
      target.columns().forEach(c -> targetNames.add(c.name()));
    } else if (target.table() != null) {
      throw refuse(target.table().name().name(), null, "INSERT without a column list (the catalog does not list the table's columns)");
    } else {
      targetNames.add(null); // width unknown; every value is checked as going to a plain column
    }
    List<Origin> targets = new ArrayList<>();
    for (Identifier name : targetNames) {
      Origin origin = name == null ? Origin.PLAIN : target.originOf(name);
      targets.add(origin == null ? Origin.PLAIN : origin);
    }
    boolean widthKnown = !targetNames.contains(null);

    Select source = insert.getSelect();
    if (source instanceof Values values) {
      for (ExpressionList<Expression> row : rows(values)) {
        if (widthKnown && row.size() != targets.size()) {
          if (target.table() != null) {
            throw refuse(target.table().name().name(), null, "INSERT with " + row.size() + " values for " + targets.size() + " columns");
          }
          targets = plainTargets(row.size());
        }
        for (int i = 0; i < row.size(); i++) {
          int at = i;
          ExpressionList<Expression> items = row;
          assign(widthKnown ? targets.get(i) : Origin.PLAIN, row.get(i), replacement -> items.set(at, replacement), scope);
        }
      }
    } else if (source != null) {
      List<Source.Column> produced = query(source, scope, widthKnown ? targets : null);
      if (widthKnown && produced != null && produced.size() != targets.size() && target.table() != null) {
        throw refuse(target.table().name().name(), null, "INSERT ... SELECT with " + produced.size() + " values for " + targets.size() + " columns");
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
      Scope conflictScope = new Scope(scope);
      conflictScope.addSource(target);
      conflictScope.addSource(new Source(Identifier.of("excluded"), target.table(), target.tableName(), target.columns()));
      if (action.getUpdateSets() != null) {
        updateSets(action.getUpdateSets(), target, conflictScope);
      }
      if (action.getWhereExpression() != null) {
        action.setWhereExpression(condition(action.getWhereExpression(), conflictScope));
      }
    }
    List<Source.Column> returning = returning(insert.getReturningClause(), targetScope);
    return new DmlResult(target, returning, everyColumn(targetScope));
  }

  /** An UPDATE; returns the RETURNING columns. */
  DmlResult update(Update update) {
    Scope outer = new Scope(null);
    withItems(update.getWithItemsList(), outer);
    if (update.getStartJoins() != null && !update.getStartJoins().isEmpty() || update.getOutputClause() != null
        || update.getOrderByElements() != null || update.getLimit() != null) {
      throw new Unhandled("UPDATE form of another dialect");
    }
    Scope scope = new Scope(outer);
    Source target = baseTable(update.getTable(), update.getTable().getAlias());
    scope.addSource(target);
    if (update.getFromItem() != null) {
      from(update.getFromItem(), scope);
    }
    joins(update.getJoins(), scope);
    updateSets(update.getUpdateSets(), target, scope);
    if (update.getWhere() != null) {
      update.setWhere(condition(update.getWhere(), scope));
    }
    return new DmlResult(target, returning(update.getReturningClause(), scope), everyColumn(scope));
  }

  /** A DELETE; returns the RETURNING columns. */
  DmlResult delete(Delete delete) {
    Scope outer = new Scope(null);
    withItems(delete.getWithItemsList(), outer);
    if (delete.getTables() != null && !delete.getTables().isEmpty() || delete.getOutputClause() != null
        || delete.getOrderByElements() != null || delete.getLimit() != null) {
      throw new Unhandled("DELETE form of another dialect");
    }
    Scope scope = new Scope(outer);
    Source target = baseTable(delete.getTable(), delete.getTable().getAlias());
    scope.addSource(target);
    if (delete.getUsingList() != null) {
      for (Table using : delete.getUsingList()) {
        from(using, scope);
      }
    }
    joins(delete.getJoins(), scope);
    if (delete.getWhere() != null) {
      delete.setWhere(condition(delete.getWhere(), scope));
    }
    return new DmlResult(target, returning(delete.getReturningClause(), scope), everyColumn(scope));
  }

  /** What an INSERT, UPDATE or DELETE writes and returns. */
  /**
   * @param target the written table
   * @param returning the RETURNING columns, null without RETURNING
   * @param everyColumn what {@code RETURNING *} returns (target, then FROM/USING tables), null when unknown
   */
  record DmlResult(Source target, List<Source.Column> returning, List<Source.Column> everyColumn) {

    /** True when the written table or a table whose columns {@code RETURNING *} would return has encrypted columns. */
    boolean involvesEncryption() {
      return target.table() != null || everyColumn != null && anyEncrypted(everyColumn);
    }
  }

  private static List<Source.Column> everyColumn(Scope scope) {
    List<Source.Column> columns = new ArrayList<>();
    for (Source source : scope.sources()) {
      if (!addAll(columns, source)) {
        return null;
      }
    }
    return columns;
  }

  // ---------------------------------------------------------------- queries

  /**
   * The output columns of a query, analysing everything in it. {@code assignTo} (may be null) are
   * the columns an INSERT ... SELECT writes its output into.
   */
  private List<Source.Column> query(Select select, Scope outer, List<Origin> assignTo) {
    Scope scope = new Scope(outer);
    withItems(select.getWithItemsList(), scope);
    List<Source.Column> columns;
    if (select instanceof PlainSelect plain) {
      columns = plainSelect(plain, scope, assignTo);
    } else if (select instanceof SetOperationList set) {
      columns = setOperation(set, scope, assignTo);
    } else if (select instanceof ParenthesedSelect parenthesed) {
      columns = query(parenthesed.getSelect(), scope, assignTo);
    } else if (select instanceof Values values) {
      columns = valuesQuery(values, scope, assignTo);
    } else {
      throw new Unhandled("query of type " + select.getClass().getSimpleName());
    }
    orderBy(select.getOrderByElements(), columns, scope);
    limits(select, scope);
    if (select.getForClause() != null || select.getIsolation() != null || select.getLimitBy() != null) {
      throw new Unhandled("query clause of another dialect");
    }
    return columns;
  }

  private List<Source.Column> plainSelect(PlainSelect select, Scope scope, List<Origin> assignTo) {
    if (select.getIntoTables() != null || select.getIntoTempTable() != null || select.getTop() != null
        || select.getQualify() != null) {
      throw new Unhandled("SELECT clause of another dialect");
    }
    if (select.getFromItem() != null) {
      from(select.getFromItem(), scope);
    }
    joins(select.getJoins(), scope);

    List<Source.Column> columns = new ArrayList<>();
    boolean widthKnown = true;
    List<SelectItem<?>> items = select.getSelectItems();
    for (SelectItem<?> item : items) {
      Expression expression = item.getExpression();
      if (expression instanceof AllTableColumns tableColumns) {
        Source source = scope.source(Identifier.of(tableColumns.getTable().getName()));
        if (source == null) {
          throw new Unhandled("t.* of an unknown source");
        }
        widthKnown &= addAll(columns, source);
      } else if (expression instanceof AllColumns) {
        for (Source source : scope.sources()) {
          widthKnown &= addAll(columns, source);
        }
        if (hasUsingOrNatural(select.getJoins()) && anyEncrypted(columns)) {
          throw new Unhandled("SELECT * over a USING or NATURAL join with encrypted columns");
        }
      } else {
        int position = columns.size();
        Origin target = assignTo != null && position < assignTo.size() ? assignTo.get(position) : null;
        Origin origin;
        if (target != null) {
          @SuppressWarnings("unchecked")
          SelectItem<Expression> writable = (SelectItem<Expression>) item;
          origin = assign(target, expression, writable::setExpression, scope);
        } else {
          origin = value(expression, scope);
          bindings.bindPlain(origin);
          // A bare ? or literal in a select list is plain data from here on: not re-bound by an outer query.
          origin = origin.isEncrypted() || origin.kind() == Origin.Kind.NULL ? origin : Origin.PLAIN;
        }
        columns.add(new Source.Column(outputName(item), origin));
      }
    }
    if (!widthKnown) {
      for (Source.Column column : columns) {
        if (column.origin().isEncrypted()) {
          throw refuse(column.origin().column(), "SELECT * over a table whose columns the catalog does not list");
        }
      }
      // Where the columns of an encrypted table land after one of unknown width is a guess.
      for (Source source : scope.sources()) {
        if (source.table() != null) {
          throw refuseTable(source, "SELECT * over a table whose columns the catalog does not list");
        }
      }
    }

    if (select.getWhere() != null) {
      select.setWhere(condition(select.getWhere(), scope));
    }
    GroupByElement groupBy = select.getGroupBy();
    if (groupBy != null) {
      if (groupBy.getGroupingSets() != null && !groupBy.getGroupingSets().isEmpty()) {
        throw new Unhandled("GROUPING SETS");
      }
      ExpressionList<?> expressions = groupBy.getGroupByExpressionList();
      if (expressions != null) {
        for (Expression expression : expressions) {
          Origin origin = outputReference(expression, columns, scope, false);
          requireEqualityUsable(origin, "GROUP BY");
        }
      }
    }
    if (select.getHaving() != null) {
      select.setHaving(condition(select.getHaving(), scope));
    }
    Distinct distinct = select.getDistinct();
    if (distinct != null) {
      if (distinct.getOnSelectItems() != null) {
        for (SelectItem<?> on : distinct.getOnSelectItems()) {
          requireEqualityUsable(outputReference(on.getExpression(), columns, scope, false), "DISTINCT ON");
        }
      } else {
        for (Source.Column column : columns) {
          requireEqualityUsable(column.origin(), "DISTINCT");
        }
      }
    }
    if (select.getWindowDefinitions() != null && !select.getWindowDefinitions().isEmpty()) {
      throw new Unhandled("WINDOW clause");
    }
    return widthKnown ? columns : null;
  }

  private List<Source.Column> setOperation(SetOperationList set, Scope scope, List<Origin> assignTo) {
    List<List<Source.Column>> branches = new ArrayList<>();
    for (Select branch : set.getSelects()) {
      branches.add(query(branch, scope, assignTo));
    }
    boolean comparesValues = false;
    String operation = "UNION";
    for (SetOperation op : set.getOperations()) {
      if (!(op instanceof UnionOp union) || !union.isAll()) {
        comparesValues = true;
        operation = op.toString().trim().toUpperCase(Locale.ROOT);
      }
    }
    List<Source.Column> first = branches.get(0);
    if (first == null) {
      return null;
    }
    List<Source.Column> combined = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      Origin encrypted = null;
      for (List<Source.Column> branch : branches) {
        if (branch == null || branch.size() != first.size()) {
          throw new Unhandled("set operation branches of different widths");
        }
        Origin origin = branch.get(i).origin();
        if (origin.isEncrypted()) {
          if (encrypted != null && !encrypted.sameEncryptionAs(origin)) {
            throw refuse(origin.column(), operation + " with a column of a different encryption");
          }
          encrypted = encrypted == null ? origin : encrypted;
        }
      }
      if (encrypted != null) {
        for (List<Source.Column> branch : branches) {
          Origin origin = branch.get(i).origin();
          if (!origin.isEncrypted() && origin.kind() != Origin.Kind.NULL) {
            throw refuse(encrypted.column(), operation + " of an encrypted column with a plain value");
          }
        }
        if (comparesValues) {
          requireEqualityUsable(encrypted, operation);
        }
      }
      combined.add(new Source.Column(first.get(i).name(), encrypted != null ? encrypted : Origin.PLAIN));
    }
    return combined;
  }

  private List<Source.Column> valuesQuery(Values values, Scope scope, List<Origin> assignTo) {
    int width = -1;
    for (ExpressionList<Expression> row : rows(values)) {
      for (int i = 0; i < row.size(); i++) {
        Origin target = assignTo != null && i < assignTo.size() ? assignTo.get(i) : Origin.PLAIN;
        int at = i;
        ExpressionList<Expression> items = row;
        assign(target, row.get(i), replacement -> items.set(at, replacement), scope);
      }
      width = row.size();
    }
    List<Source.Column> columns = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      Origin target = assignTo != null && i < assignTo.size() ? assignTo.get(i) : Origin.PLAIN;
      columns.add(new Source.Column(null, target.isEncrypted() ? target : Origin.PLAIN));
    }
    return columns;
  }

  private void withItems(List<WithItem<?>> withItems, Scope scope) {
    if (withItems == null) {
      return;
    }
    for (WithItem<?> with : withItems) {
      if (with.getSelect() == null) {
        throw new Unhandled("data-modifying WITH item");
      }
      Identifier name = Identifier.of(with.getAliasName());
      List<Source.Column> columns = query(with.getSelect(), scope, null);
      if (with.getWithItemList() != null && columns != null) {
        columns = renamed(columns, with.getWithItemList().stream().map(item -> item.toString()).toList());
      }
      scope.addCte(name, new Source(name, null, null, columns));
    }
  }

  private void orderBy(List<OrderByElement> elements, List<Source.Column> columns, Scope scope) {
    if (elements == null) {
      return;
    }
    for (OrderByElement element : elements) {
      Origin origin = outputReference(element.getExpression(), columns, scope, true);
      if (origin.isEncrypted()) {
        throw refuse(origin.column(), "ORDER BY");
      }
    }
  }

  private void limits(Select select, Scope scope) {
    if (select.getLimit() != null) {
      if (select.getLimit().getRowCount() != null) {
        bindings.bindPlain(value(select.getLimit().getRowCount(), scope));
      }
      if (select.getLimit().getOffset() != null) {
        bindings.bindPlain(value(select.getLimit().getOffset(), scope));
      }
    }
    if (select.getOffset() != null && select.getOffset().getOffset() != null) {
      bindings.bindPlain(value(select.getOffset().getOffset(), scope));
    }
    if (select.getFetch() != null && select.getFetch().getExpression() != null) {
      bindings.bindPlain(value(select.getFetch().getExpression(), scope));
    }
  }

  /**
   * The origin of a GROUP BY / ORDER BY / DISTINCT ON item: a position ({@code ORDER BY 2}) or an
   * output alias names a result column; anything else is an expression over the sources.
   */
  private Origin outputReference(Expression expression, List<Source.Column> columns, Scope scope, boolean aliasFirst) {
    if (expression instanceof LongValue position && columns != null) {
      int index = (int) position.getValue();
      return index >= 1 && index <= columns.size() ? columns.get(index - 1).origin() : Origin.PLAIN;
    }
    if (expression instanceof Column column && column.getTable() == null && columns != null) {
      Identifier name = Identifier.of(column.getColumnName());
      Origin fromSources = resolveOrNull(column, scope);
      if (aliasFirst || fromSources == null) {
        for (Source.Column output : columns) {
          if (name.equals(output.name())) {
            return output.origin();
          }
        }
      }
    }
    Origin origin = value(expression, scope);
    bindings.bindPlain(origin);
    return origin;
  }

  // ---------------------------------------------------------------- FROM

  private void from(FromItem item, Scope scope) {
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
      requireNoPivot(derived.getPivot() != null || derived.getUnPivot() != null);
      List<Source.Column> columns = query(derived.getSelect(), scope, null);
      orderBy(derived.getOrderByElements(), columns, scope);
      limits(derived, scope);
      Alias alias = derived.getAlias();
      scope.addSource(new Source(alias == null ? null : Identifier.of(alias.getName()), null, null, aliasColumns(columns, alias)));
    } else if (item instanceof ParenthesedFromItem parenthesed) {
      if (parenthesed.getAlias() != null) {
        throw new Unhandled("alias on a parenthesised join");
      }
      from(parenthesed.getFromItem(), scope);
      joins(parenthesed.getJoins(), scope);
    } else if (item instanceof TableFunction function) {
      opaque(function.getFunction(), scope, "table function");
      Alias alias = function.getAlias();
      scope.addSource(new Source(alias == null ? null : Identifier.of(alias.getName()), null, null, null));
    } else {
      throw new Unhandled("FROM item of type " + item.getClass().getSimpleName());
    }
  }

  private void joins(List<Join> joins, Scope scope) {
    if (joins == null) {
      return;
    }
    for (Join join : joins) {
      from(join.getRightItem(), scope);
    }
    for (Join join : joins) {
      Collection<Expression> on = join.getOnExpressions();
      if (on != null && !on.isEmpty()) {
        List<Expression> rewrittenOn = new ArrayList<>();
        for (Expression expression : on) {
          rewrittenOn.add(condition(expression, scope));
        }
        join.setOnExpressions(rewrittenOn);
      }
      if (join.getUsingColumns() != null) {
        for (Column using : join.getUsingColumns()) {
          Origin encrypted = null;
          for (Source source : scope.sources()) {
            Origin origin = source.originOf(Identifier.of(using.getColumnName()));
            if (origin != null && origin.isEncrypted()) {
              if (encrypted != null && !encrypted.sameEncryptionAs(origin)) {
                throw refuse(origin.column(), "JOIN USING with a column of a different encryption");
              }
              encrypted = origin;
            }
          }
          if (encrypted != null) {
            requireEqualityUsable(encrypted, "JOIN USING");
          }
        }
      }
    }
  }

  private Source baseTable(Table table, Alias alias) {
    Identifier name = Identifier.of(table.getName());
    EncryptedTable encrypted = config.table(name).orElse(null);
    if (encrypted != null && !encrypted.columns().isEmpty()) {
      encryptedTableSeen = true;
    } else {
      encrypted = null;
    }
    Identifier schema = table.getSchemaName() == null ? null : Identifier.of(table.getSchemaName());
    List<TableColumn> known = catalog.columns(schema, name);
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

  // ---------------------------------------------------------------- assignments and RETURNING

  private void updateSets(List<UpdateSet> sets, Source target, Scope scope) {
    for (UpdateSet set : sets) {
      ExpressionList<Column> columns = set.getColumns();
      @SuppressWarnings("unchecked")
      ExpressionList<Expression> values = (ExpressionList<Expression>) set.getValues();
      if (columns.size() == values.size()) {
        for (int i = 0; i < columns.size(); i++) {
          Origin targetOrigin = target.originOf(Identifier.of(columns.get(i).getColumnName()));
          int at = i;
          assign(targetOrigin == null ? Origin.PLAIN : targetOrigin, values.get(i), replacement -> values.set(at, replacement), scope);
        }
      } else if (values.size() == 1 && values.get(0) instanceof Select select) {
        List<Origin> targets = new ArrayList<>();
        for (Column column : columns) {
          Origin origin = target.originOf(Identifier.of(column.getColumnName()));
          targets.add(origin == null ? Origin.PLAIN : origin);
        }
        List<Source.Column> produced = query(select, scope, targets);
        if (produced == null || produced.size() != targets.size()) {
          throw new Unhandled("UPDATE SET (...) = (SELECT ...) of another width");
        }
      } else {
        throw new Unhandled("UPDATE SET with unequal column and value lists");
      }
    }
  }

  /**
   * Checks and binds one value written into a column: a parameter or literal for an encrypted
   * column is encrypted (VALUE); a copy must come from a column with the same encryption; anything
   * else for an encrypted column is refused. Returns the value's origin.
   */
  private Origin assign(Origin target, Expression value, Consumer<Expression> replace, Scope scope) {
    if (isDefaultKeyword(value)) {
      return Origin.PLAIN;
    }
    Origin origin = value(value, scope);
    if (target.isEncrypted()) {
      EncryptedColumn column = target.column();
      switch (origin.kind()) {
        case PARAMETER -> bindings.bind((JdbcParameter) origin.node(), column, ParameterRole.VALUE, target.storage());
        case LITERAL -> replace.accept(bindings.literal(origin.node(), column, ParameterRole.VALUE, target.storage()));
        case NULL -> { }
        case ENCRYPTED -> {
          if (!origin.sameEncryptionAs(target)) {
            throw refuse(column, "assignment from column " + origin.column().qualifiedName() + " of a different encryption");
          }
        }
        case PLAIN -> throw refuse(column, "assignment from an expression");
        default -> throw new IllegalStateException();
      }
      return target;
    }
    if (origin.isEncrypted()) {
      throw refuse(origin.column(), "copy into a column that is not encrypted");
    }
    bindings.bindPlain(origin);
    return origin;
  }

  private List<Source.Column> returning(ReturningClause returning, Scope scope) {
    if (returning == null) {
      return null;
    }
    if (returning.getDataItems() != null && !returning.getDataItems().isEmpty()) {
      throw new Unhandled("RETURNING ... INTO");
    }
    List<Source.Column> columns = new ArrayList<>();
    for (SelectItem<?> item : returning) {
      Expression expression = item.getExpression();
      if (expression instanceof AllColumns) {
        // RETURNING * of UPDATE ... FROM / DELETE ... USING returns the columns of every table.
        for (Source source : scope.sources()) {
          if (!addAll(columns, source)) {
            if (source.table() != null || encryptedTableSeen) {
              throw refuseTable(source.table() != null ? source : firstEncryptedSource(scope),
                  "RETURNING * (the catalog does not list the table's columns)");
            }
            return null;
          }
        }
      } else if (expression instanceof AllTableColumns tableColumns) {
        Source source = scope.source(Identifier.of(tableColumns.getTable().getName()));
        if (source == null || !addAll(columns, source)) {
          if (source == null || source.table() != null) {
            throw new Unhandled("RETURNING t.* of a table with unknown columns");
          }
          return null;
        }
      } else {
        Origin origin = value(expression, scope);
        bindings.bindPlain(origin);
        columns.add(new Source.Column(outputName(item), origin));
      }
    }
    return columns;
  }

  // ---------------------------------------------------------------- conditions

  /** Analyses a boolean condition; returns it, or the expression that replaces it in the physical SQL. */
  private Expression condition(Expression expression, Scope scope) {
    if (expression instanceof AndExpression || expression instanceof OrExpression || expression instanceof XorExpression) {
      BinaryExpression logical = (BinaryExpression) expression;
      logical.setLeftExpression(condition(logical.getLeftExpression(), scope));
      logical.setRightExpression(condition(logical.getRightExpression(), scope));
      return logical;
    }
    if (expression instanceof NotExpression not) {
      not.setExpression(condition(not.getExpression(), scope));
      return not;
    }
    if (expression instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
      @SuppressWarnings("unchecked")
      ParenthesedExpressionList<Expression> writable = (ParenthesedExpressionList<Expression>) list;
      writable.set(0, condition(writable.get(0), scope));
      return writable;
    }
    if (expression instanceof EqualsTo || expression instanceof NotEqualsTo) {
      return equality((ComparisonOperator) expression, scope);
    }
    if (expression instanceof InExpression in) {
      return in(in, scope);
    }
    if (expression instanceof IsNullExpression isNull) {
      Origin origin = value(isNull.getLeftExpression(), scope);
      bindings.bindPlain(origin);
      return isNull;
    }
    if (expression instanceof ExistsExpression exists) {
      Expression inner = exists.getRightExpression();
      if (inner instanceof Select select) {
        query(select, scope, null);
        return exists;
      }
      throw new Unhandled("EXISTS without a sub-query");
    }
    if (expression instanceof LikeExpression like) {
      String keyword = like.getLikeKeyWord() == null ? "LIKE" : like.getLikeKeyWord().toString();
      operands(scope, keyword, like.getLeftExpression(), like.getRightExpression(), like.getEscape());
      return like;
    }
    if (expression instanceof Between between) {
      operands(scope, "BETWEEN", between.getLeftExpression(), between.getBetweenExpressionStart(), between.getBetweenExpressionEnd());
      return between;
    }
    if (expression instanceof ComparisonOperator comparison) {
      operands(scope, comparison.getStringExpression().trim(), comparison.getLeftExpression(), comparison.getRightExpression());
      return comparison;
    }
    if (expression instanceof IsBooleanExpression isBoolean) {
      operands(scope, "IS TRUE/FALSE", isBoolean.getLeftExpression());
      return isBoolean;
    }
    Origin origin = value(expression, scope);
    if (origin.isEncrypted()) {
      throw refuse(origin.column(), "use as a condition");
    }
    bindings.bindPlain(origin);
    return expression;
  }

  /** An operator the ciphertext cannot answer: refused when any operand is encrypted, else its parameters are plain. */
  private void operands(Scope scope, String operation, Expression... operands) {
    for (Expression operand : operands) {
      if (operand == null) {
        continue;
      }
      Origin origin = value(operand, scope);
      if (origin.isEncrypted()) {
        throw refuse(origin.column(), operation);
      }
      bindings.bindPlain(origin);
    }
  }

  private Expression equality(ComparisonOperator comparison, Scope scope) {
    boolean negated = comparison instanceof NotEqualsTo;
    String operation = negated ? comparison.getStringExpression().trim() : "=";
    Origin left = value(comparison.getLeftExpression(), scope);
    Origin right = value(comparison.getRightExpression(), scope);
    if (left.isEncrypted() && right.isEncrypted()) {
      requireEqualityUsable(left, operation);
      requireEqualityUsable(right, operation);
      if (!left.sameEncryptionAs(right)) {
        throw refuse(left.column(), operation + " with column " + right.column().qualifiedName() + " of a different encryption");
      }
      return comparison;
    }
    if (!left.isEncrypted() && !right.isEncrypted()) {
      bindings.bindPlain(left);
      bindings.bindPlain(right);
      return comparison;
    }
    boolean leftEncrypted = left.isEncrypted();
    Origin encrypted = leftEncrypted ? left : right;
    Origin other = leftEncrypted ? right : left;
    Expression encryptedSide = leftEncrypted ? comparison.getLeftExpression() : comparison.getRightExpression();
    Expression otherSide = leftEncrypted ? comparison.getRightExpression() : comparison.getLeftExpression();
    requireEqualityUsable(encrypted, operation);
    switch (other.kind()) {
      case NULL -> {
        return comparison;
      }
      case PARAMETER -> {
        bindings.bind((JdbcParameter) other.node(), encrypted.column(), ParameterRole.MATCH, encrypted.storage());
        otherSide = other.node(); // without a cast around it: the one ? becomes a list
      }
      case LITERAL -> otherSide = bindings.literal(other.node(), encrypted.column(), ParameterRole.MATCH, encrypted.storage());
      default -> throw refuse(encrypted.column(), operation + " with a plain column or expression");
    }
    // col = ? becomes col IN (?) so that the physical SQL can list one ciphertext per live key version.
    bindings.markRewritten();
    InExpression in = new InExpression(encryptedSide, new ParenthesedExpressionList<>(otherSide));
    in.setNot(negated);
    return in;
  }

  private Expression in(InExpression in, Scope scope) {
    Origin left = value(in.getLeftExpression(), scope);
    Expression right = in.getRightExpression();
    String operation = in.isNot() ? "NOT IN" : "IN";
    if (left.isEncrypted()) {
      requireEqualityUsable(left, operation);
      if (right instanceof Select select) {
        List<Source.Column> produced = query(select, scope, null);
        if (produced == null || produced.size() != 1 || !produced.get(0).origin().sameEncryptionAs(left)) {
          throw refuse(left.column(), operation + " (sub-query) over values of a different encryption");
        }
        return in;
      }
      if (!(right instanceof ExpressionList<?>)) {
        throw new Unhandled("IN with a right side of type " + right.getClass().getSimpleName());
      }
      @SuppressWarnings("unchecked")
      ExpressionList<Expression> items = (ExpressionList<Expression>) right;
      for (int i = 0; i < items.size(); i++) {
        Origin item = value(items.get(i), scope);
        switch (item.kind()) {
          case PARAMETER -> {
            bindings.bind((JdbcParameter) item.node(), left.column(), ParameterRole.MATCH, left.storage());
            items.set(i, item.node()); // without a cast around it: the one ? becomes a list
            bindings.markRewritten();
          }
          case LITERAL -> items.set(i, bindings.literal(item.node(), left.column(), ParameterRole.MATCH, left.storage()));
          case NULL -> { }
          case ENCRYPTED -> {
            if (!item.sameEncryptionAs(left)) {
              throw refuse(left.column(), operation + " with column " + item.column().qualifiedName() + " of a different encryption");
            }
          }
          default -> throw refuse(left.column(), operation + " with a plain column or expression");
        }
      }
      return in;
    }
    bindings.bindPlain(left);
    if (right instanceof Select select) {
      List<Source.Column> produced = query(select, scope, null);
      if (produced != null) {
        for (Source.Column column : produced) {
          if (column.origin().isEncrypted()) {
            throw refuse(column.origin().column(), operation + " compared with a plain column or expression");
          }
        }
      }
      return in;
    }
    operands(scope, operation + " compared with a plain column or expression", right);
    return in;
  }

  // ---------------------------------------------------------------- values

  /**
   * The origin of a value expression. Parameters and literals come back unbound (the caller decides
   * their role); everything inside a compound expression is checked here: an encrypted column
   * inside a function, operator, CASE or cast is refused.
   */
  private Origin value(Expression expression, Scope scope) {
    if (expression instanceof JdbcParameter parameter) {
      if (parameter.isUseFixedIndex()) {
        throw new Unhandled("numbered parameter");
      }
      return Origin.parameter(parameter);
    }
    if (expression instanceof JdbcNamedParameter) {
      throw new Unhandled("named parameter");
    }
    if (expression instanceof NullValue) {
      return Origin.NULL;
    }
    if (Bindings.isLiteral(expression)) {
      return Origin.literal(expression);
    }
    if (expression instanceof Column column) {
      return resolve(column, scope);
    }
    if (expression instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
      return value(list.get(0), scope);
    }
    if (expression instanceof Select select) {
      List<Source.Column> produced = query(select, scope, null);
      if (produced != null && produced.size() == 1) {
        return produced.get(0).origin();
      }
      if (produced == null || anyEncrypted(produced)) {
        throw new Unhandled("row sub-query over encrypted columns");
      }
      return Origin.PLAIN;
    }
    if (expression instanceof ExpressionList<?> list) {
      for (Expression item : list) {
        Origin origin = value(item, scope);
        if (origin.isEncrypted()) {
          throw refuse(origin.column(), "row value");
        }
        bindings.bindPlain(origin);
      }
      return Origin.PLAIN;
    }
    if (expression instanceof Function function) {
      return function(function, scope);
    }
    if (expression instanceof CastExpression cast) {
      if (cast.getLeftExpression() instanceof JdbcParameter parameter && castKeepsEnvelope(cast)) {
        // cast(? as varchar), ?::text: ORMs write these; an envelope is text (or bytea) either way.
        return value(parameter, scope);
      }
      Origin inner = value(cast.getLeftExpression(), scope);
      if (inner.isEncrypted()) {
        throw refuse(inner.column(), "cast");
      }
      bindings.bindPlain(inner);
      return Origin.PLAIN;
    }
    if (expression instanceof CaseExpression caseExpression) {
      List<Expression> parts = new ArrayList<>();
      parts.add(caseExpression.getSwitchExpression());
      for (WhenClause when : caseExpression.getWhenClauses()) {
        parts.add(when.getWhenExpression());
        parts.add(when.getThenExpression());
      }
      parts.add(caseExpression.getElseExpression());
      for (Expression part : parts) {
        if (part != null) {
          Origin origin = isCondition(part) ? valueOrCondition(part, scope, "CASE") : value(part, scope);
          if (origin.isEncrypted()) {
            throw refuse(origin.column(), "CASE");
          }
          bindings.bindPlain(origin);
        }
      }
      return Origin.PLAIN;
    }
    if (expression instanceof SignedExpression signed) {
      Origin inner = value(signed.getExpression(), scope);
      if (inner.isEncrypted()) {
        throw refuse(inner.column(), "arithmetic (sign)");
      }
      bindings.bindPlain(inner);
      return Origin.PLAIN;
    }
    if (isCondition(expression)) {
      return valueOrCondition(expression, scope, "comparison outside WHERE");
    }
    if (expression instanceof AnalyticExpression window) {
      return window(window, scope);
    }
    if (expression instanceof BinaryExpression binary) {
      operands(scope, "operator " + binary.getStringExpression().trim(), binary.getLeftExpression(), binary.getRightExpression());
      return Origin.PLAIN;
    }
    if (expression instanceof TimeKeyExpression) {
      return Origin.PLAIN;
    }
    return opaque(expression, scope, expression.getClass().getSimpleName());
  }

  private static boolean isCondition(Expression expression) {
    return expression instanceof AndExpression || expression instanceof OrExpression || expression instanceof XorExpression
        || expression instanceof ComparisonOperator || expression instanceof InExpression || expression instanceof LikeExpression
        || expression instanceof Between || expression instanceof IsNullExpression || expression instanceof ExistsExpression
        || expression instanceof NotExpression || expression instanceof IsBooleanExpression;
  }

  /** A window function: nothing encrypted in its argument, PARTITION BY or ORDER BY. */
  private Origin window(AnalyticExpression window, Scope scope) {
    String operation = "window function " + (window.getName() == null ? "" : window.getName().toLowerCase(Locale.ROOT));
    List<Expression> parts = new ArrayList<>();
    parts.add(window.getExpression());
    parts.add(window.getOffset());
    parts.add(window.getDefaultValue());
    parts.add(window.getFilterExpression());
    if (window.getPartitionExpressionList() != null) {
      parts.addAll(window.getPartitionExpressionList());
    }
    if (window.getOrderByElements() != null) {
      window.getOrderByElements().forEach(element -> parts.add(element.getExpression()));
    }
    if (window.getWindowElement() != null || window.getWindowName() != null || window.getKeep() != null) {
      opaque(window, scope, operation);
    }
    for (Expression part : parts) {
      if (part != null) {
        Origin origin = value(part, scope);
        if (origin.isEncrypted()) {
          throw refuse(origin.column(), operation);
        }
        bindings.bindPlain(origin);
      }
    }
    return Origin.PLAIN;
  }

  /** A boolean expression used as a value: analysed as a condition, but it cannot be rewritten there. */
  private Origin valueOrCondition(Expression expression, Scope scope, String operation) {
    Bindings.Mark mark = bindings.mark();
    Expression result = condition(expression, scope);
    EncryptedColumn needsRewrite = bindings.encryptedMatchSince(mark);
    if (result != expression || needsRewrite != null) {
      throw refuse(needsRewrite != null ? needsRewrite : bindings.lastEncryptedColumn(), operation);
    }
    bindings.resetRewrittenTo(mark);
    return Origin.PLAIN;
  }

  private Origin function(Function function, Scope scope) {
    String name = function.getName() == null ? "" : function.getName().toLowerCase(Locale.ROOT);
    ExpressionList<?> parameters = function.getParameters();
    if (function.isAllColumns() || parameters == null) {
      return Origin.PLAIN;
    }
    boolean count = name.equals("count");
    for (Expression parameter : parameters) {
      Origin origin = value(parameter, scope);
      if (origin.isEncrypted()) {
        if (!count || parameters.size() != 1) {
          throw refuse(origin.column(), aggregate(name) ? "aggregate " + name : "function " + name);
        }
        if (function.isDistinct()) {
          requireEqualityUsable(origin, "COUNT(DISTINCT)");
        }
      }
      bindings.bindPlain(origin);
    }
    if (function.getNamedParameters() != null || function.getKeep() != null
        || function.getOrderByElements() != null && !function.getOrderByElements().isEmpty()) {
      opaque(function, scope, "function " + name);
    }
    return Origin.PLAIN;
  }

  private static boolean aggregate(String name) {
    return Set.of("sum", "avg", "min", "max", "string_agg", "array_agg", "json_agg", "jsonb_agg", "bool_and", "bool_or",
        "every", "stddev", "variance", "mode", "percentile_cont", "percentile_disc").contains(name);
  }

  /**
   * Any other expression: walked generically; an encrypted column anywhere inside is refused with
   * {@code operation}, parameters inside are plain, a sub-query inside is not understood.
   */
  private Origin opaque(Expression expression, Scope scope, String operation) {
    List<RuntimeException> problems = new ArrayList<>();
    ExpressionVisitorAdapter<Void> collector = new ExpressionVisitorAdapter<>() {
      @Override
      public <S> Void visit(Column column, S context) {
        Origin origin = resolve(column, scope);
        if (origin.isEncrypted() && problems.isEmpty()) {
          problems.add(refuse(origin.column(), operation));
        }
        return null;
      }

      @Override
      public <S> Void visit(JdbcParameter parameter, S context) {
        if (parameter.isUseFixedIndex()) {
          problems.add(new Unhandled("numbered parameter"));
        } else {
          bindings.bindPlain(Origin.parameter(parameter));
        }
        return null;
      }

      // t.* inside an expression (c.*::text, row(c.*)) is a whole row: its ciphertexts would come back as data.
      @Override
      public <S> Void visit(AllTableColumns tableColumns, S context) {
        Source source = scope.source(Identifier.of(tableColumns.getTable().getName()));
        if (source == null) {
          problems.add(new Unhandled("t.* of an unknown source"));
        } else {
          wholeRow(source, tableColumns.getTable().getName(), problems);
        }
        return null;
      }

      @Override
      public <S> Void visit(ParenthesedSelect select, S context) {
        problems.add(new Unhandled("sub-query inside " + operation));
        return null;
      }

      @Override
      public <S> Void visit(Select select, S context) {
        problems.add(new Unhandled("sub-query inside " + operation));
        return null;
      }
    };
    expression.accept(collector, null);
    if (!problems.isEmpty()) {
      throw problems.get(0);
    }
    return Origin.PLAIN;
  }

  private Origin resolve(Column column, Scope scope) {
    Origin origin = resolveOrNull(column, scope);
    return origin == null ? Origin.PLAIN : origin;
  }

  /** The origin of a column reference, or null when no source in reach has that column. */
  private Origin resolveOrNull(Column column, Scope scope) {
    Identifier name = Identifier.of(column.getColumnName());
    Table qualifier = column.getTable();
    if (qualifier != null && qualifier.getName() != null) {
      Source source = scope.source(Identifier.of(qualifier.getName()));
      if (source == null) {
        if (config.table(Identifier.of(qualifier.getName())).isPresent()) {
          throw new Unhandled("column qualified with an encrypted table that is not in FROM");
        }
        return null;
      }
      return source.originOf(name);
    }
    for (Scope level = scope; level != null; level = level.parent()) {
      Origin encrypted = null;
      boolean found = false;
      for (Source source : level.sources()) {
        Origin origin = source.originOf(name);
        if (origin == null) {
          continue;
        }
        if (origin.isEncrypted()) {
          if (encrypted != null && !encrypted.sameEncryptionAs(origin)) {
            throw refuse(origin.column(), "ambiguous column reference");
          }
          encrypted = origin;
        }
        found |= source.columnsKnown() || origin.isEncrypted();
      }
      if (encrypted != null) {
        return encrypted;
      }
      if (found) {
        return Origin.PLAIN;
      }
    }
    // No column of that name: a bare table name or alias is a whole-row reference (to_json(c), row(c)),
    // which would hand out the row's ciphertexts as data.
    Source wholeRow = scope.source(name);
    if (wholeRow != null) {
      if (wholeRow.table() != null) {
        throw refuse(wholeRow.table().encryptedColumns().iterator().next(), "whole-row reference " + name.name());
      }
      if (wholeRow.columns() == null || anyEncrypted(wholeRow.columns())) {
        throw new Unhandled("whole-row reference to a derived table");
      }
    }
    return null;
  }

  /** Records why a whole row of {@code source} cannot be used as a value, if it holds (or may hold) an encrypted column. */
  private static void wholeRow(Source source, String name, List<RuntimeException> problems) {
    if (source.table() != null) {
      problems.add(refuse(source.table().encryptedColumns().iterator().next(), "whole-row reference " + name));
    } else if (source.columnsKnown() ? anyEncrypted(source.columns()) : source.tableName() == null) {
      // A base table without encrypted columns is harmless; a derived table may carry some.
      problems.add(new Unhandled("whole-row reference to a derived table"));
    }
  }

  private static boolean castKeepsEnvelope(CastExpression cast) {
    if (cast.getColDataType() == null || cast.getColDataType().getDataType() == null) {
      return false;
    }
    String type = cast.getColDataType().getDataType().toLowerCase(Locale.ROOT);
    return Set.of("text", "varchar", "character varying", "bytea").contains(type)
        && (cast.getColDataType().getArrayData() == null || cast.getColDataType().getArrayData().isEmpty());
  }

  private static boolean isDefaultKeyword(Expression value) {
    return value instanceof Column column && column.getTable() == null && "default".equalsIgnoreCase(column.getColumnName());
  }

  // ---------------------------------------------------------------- small things

  private void requireEqualityUsable(Origin origin, String operation) {
    if (origin.isEncrypted() && origin.column().mode() != Mode.DETERMINISTIC) {
      throw refuse(origin.column(), operation + " on a randomized column");
    }
  }

  private static boolean addAll(List<Source.Column> columns, Source source) {
    if (!source.columnsKnown()) {
      return false;
    }
    columns.addAll(source.columns());
    return true;
  }

  private static boolean anyEncrypted(List<Source.Column> columns) {
    return columns.stream().anyMatch(c -> c.origin().isEncrypted());
  }

  private static boolean hasUsingOrNatural(List<Join> joins) {
    return joins != null && joins.stream().anyMatch(j -> j.isNatural() || j.getUsingColumns() != null && !j.getUsingColumns().isEmpty());
  }

  private static void requireNoPivot(boolean pivot) {
    if (pivot) {
      throw new Unhandled("PIVOT");
    }
  }

  private static Identifier outputName(SelectItem<?> item) {
    if (item.getAlias() != null) {
      return Identifier.of(item.getAlias().getName());
    }
    if (item.getExpression() instanceof Column column) {
      return Identifier.of(column.getColumnName());
    }
    return null;
  }

  private static List<Source.Column> aliasColumns(List<Source.Column> columns, Alias alias) {
    if (columns == null || alias == null || alias.getAliasColumns() == null || alias.getAliasColumns().isEmpty()) {
      return columns;
    }
    return renamed(columns, alias.getAliasColumns().stream().map(c -> c.name).toList());
  }

  private static List<Source.Column> renamed(List<Source.Column> columns, List<String> names) {
    List<Source.Column> renamed = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Identifier name = i < names.size() ? Identifier.of(names.get(i)) : columns.get(i).name();
      renamed.add(new Source.Column(name, columns.get(i).origin()));
    }
    return renamed;
  }

  private static List<Origin> plainTargets(int width) {
    List<Origin> targets = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      targets.add(Origin.PLAIN);
    }
    return targets;
  }

  @SuppressWarnings("unchecked")
  private static List<ExpressionList<Expression>> rows(Values values) {
    ExpressionList<?> expressions = values.getExpressions();
    List<ExpressionList<Expression>> rows = new ArrayList<>();
    if (expressions instanceof ParenthesedExpressionList<?>) {
      // A single row: VALUES (a, b) arrives as the list of its items.
      rows.add((ExpressionList<Expression>) expressions);
      return rows;
    }
    for (Expression row : expressions) {
      if (!(row instanceof ExpressionList<?> list)) {
        throw new Unhandled("VALUES row of type " + row.getClass().getSimpleName());
      }
      rows.add((ExpressionList<Expression>) list);
    }
    return rows;
  }

  private Source firstEncryptedSource(Scope scope) {
    for (Scope level = scope; level != null; level = level.parent()) {
      for (Source source : level.sources()) {
        if (source.table() != null) {
          return source;
        }
      }
    }
    return null;
  }

  private Refused refuseTable(Source source, String operation) {
    String table = source == null || source.tableName() == null ? "?" : source.tableName().name();
    return new Refused(new Rejection(table, null, operation));
  }

  static Refused refuse(EncryptedColumn column, String operation) {
    return new Refused(new Rejection(column.table().name(), column.column().name(), operation));
  }

  private static Refused refuse(String table, String column, String operation) {
    return new Refused(new Rejection(table, column, operation));
  }

  static boolean isStatementWeWalk(Statement statement) {
    return statement instanceof Select || statement instanceof Insert || statement instanceof Update || statement instanceof Delete;
  }
}
