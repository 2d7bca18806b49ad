package dev.banata.vault.internal.sql;

import dev.banata.vault.config.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Queries (plain selects, set operations, {@code VALUES}, CTEs) and the output columns they
 * produce: for each output column its name and {@link Origin}, so that results are decrypted
 * with the right column and an {@code INSERT ... SELECT} checks each copied value.
 */
final class QueryWalker {

  private final Walk walk;

  QueryWalker(Walk walk) {
    this.walk = walk;
  }

  /**
   * The output columns of a query, analysing everything in it; null when its width is unknown (a
   * {@code *} over a table the catalog does not list). {@code assignTo} (may be null) are the
   * columns an INSERT ... SELECT or {@code UPDATE SET (...) = (SELECT ...)} writes its output into.
   */
  List<Source.Column> query(Select select, Scope outer, List<Origin> assignTo) {
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
    if (select == walk.outermostQuery) {
      columns = walk.outerOrderBy.orderBy(select, columns, scope);
    } else {
      orderBy(select.getOrderByElements(), columns, scope);
    }
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
      walk.names.from(select.getFromItem(), scope);
    }
    walk.names.joins(select.getJoins(), scope);

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
        int first = columns.size();
        widthKnown &= Walk.addAll(columns, source);
        walk.assignments.expanded(assignTo, columns, first);
      } else if (expression instanceof AllColumns) {
        int first = columns.size();
        for (Source source : scope.sources()) {
          widthKnown &= Walk.addAll(columns, source);
        }
        walk.assignments.expanded(assignTo, columns, first);
        if (hasUsingOrNatural(select.getJoins()) && Walk.anyEncrypted(columns)) {
          throw new Unhandled("SELECT * over a USING or NATURAL join with encrypted columns");
        }
      } else {
        int position = columns.size();
        Origin target = assignTo != null && position < assignTo.size() ? assignTo.get(position) : null;
        Origin origin;
        if (target != null) {
          @SuppressWarnings("unchecked")
          SelectItem<Expression> writable = (SelectItem<Expression>) item;
          origin = walk.assignments.assign(target, expression, writable::setExpression, scope);
        } else {
          origin = walk.values.value(expression, scope);
          walk.bindings.bindPlain(origin);
          // A bare ? or literal in a select list is plain data from here on: not re-bound by an outer query.
          origin = origin.isEncrypted() || origin.kind() == Origin.Kind.NULL ? origin : Origin.PLAIN;
        }
        columns.add(new Source.Column(outputName(item), origin));
      }
    }
    if (!widthKnown) {
      for (Source.Column column : columns) {
        if (column.origin().isEncrypted()) {
          throw Refused.on(column.origin().column(), Rejection.Reason.UNKNOWN_COLUMNS, "SELECT * over a table whose columns the catalog does not list");
        }
      }
      // Where the columns of an encrypted table land after one of unknown width is a guess.
      for (Source source : scope.sources()) {
        if (source.table() != null) {
          throw Refused.onTable(source, Rejection.Reason.UNKNOWN_COLUMNS, "SELECT * over a table whose columns the catalog does not list");
        }
      }
      // Which values land in an encrypted target column is a guess too.
      walk.assignments.requireNoEncryptedTarget(assignTo, Rejection.Reason.UNKNOWN_COLUMNS, "assignment from * over a table whose columns the catalog does not list");
    }

    if (select.getWhere() != null) {
      select.setWhere(walk.conditions.condition(select.getWhere(), scope));
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
          walk.policy.requireStoredEquality(origin, "GROUP BY");
        }
      }
    }
    if (select.getHaving() != null) {
      select.setHaving(walk.conditions.condition(select.getHaving(), scope));
    }
    Distinct distinct = select.getDistinct();
    if (distinct != null) {
      if (distinct.getOnSelectItems() != null) {
        for (SelectItem<?> on : distinct.getOnSelectItems()) {
          // PostgreSQL reads DISTINCT ON like ORDER BY: an output column name first, then an input column.
          walk.policy.requireStoredEquality(outputReference(on.getExpression(), columns, scope, true), "DISTINCT ON");
        }
      } else {
        for (Source.Column column : columns) {
          walk.policy.requireStoredEquality(column.origin(), "DISTINCT");
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
    if (branches.contains(null)) {
      // A branch of unknown width: which output column another branch's ciphertext lands in is a guess.
      for (List<Source.Column> branch : branches) {
        for (Source.Column column : branch == null ? List.<Source.Column>of() : branch) {
          if (column.origin().isEncrypted()) {
            throw Refused.on(column.origin().column(), Rejection.Reason.UNKNOWN_COLUMNS, operation + " with a branch whose columns the catalog does not list");
          }
        }
      }
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
          walk.policy.requireCombinable(encrypted, origin, operation);
          encrypted = encrypted == null ? origin : encrypted;
        }
      }
      if (encrypted != null) {
        for (List<Source.Column> branch : branches) {
          walk.policy.requireCombinableWithEncrypted(encrypted, branch.get(i).origin(), operation);
        }
        if (comparesValues) {
          walk.policy.requireStoredEquality(encrypted, operation);
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
        walk.assignments.assign(target, row.get(i), replacement -> items.set(at, replacement), scope);
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

  /** The CTEs of a WITH clause, each added to {@code scope} with its output columns. */
  void withItems(List<WithItem<?>> withItems, Scope scope) {
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
        columns = NameResolver.renamed(columns, with.getWithItemList().stream().map(item -> item.toString()).toList());
      }
      scope.addCte(name, new Source(name, null, null, columns));
    }
  }

  void orderBy(List<OrderByElement> elements, List<Source.Column> columns, Scope scope) {
    if (elements == null) {
      return;
    }
    for (OrderByElement element : elements) {
      walk.policy.refuseSorting(outputReference(element.getExpression(), columns, scope, true));
    }
  }

  void limits(Select select, Scope scope) {
    if (select.getLimit() != null) {
      if (select.getLimit().getRowCount() != null) {
        walk.bindings.bindPlain(walk.values.value(select.getLimit().getRowCount(), scope));
      }
      if (select.getLimit().getOffset() != null) {
        walk.bindings.bindPlain(walk.values.value(select.getLimit().getOffset(), scope));
      }
    }
    if (select.getOffset() != null && select.getOffset().getOffset() != null) {
      walk.bindings.bindPlain(walk.values.value(select.getOffset().getOffset(), scope));
    }
    if (select.getFetch() != null && select.getFetch().getExpression() != null) {
      walk.bindings.bindPlain(walk.values.value(select.getFetch().getExpression(), scope));
    }
  }

  /**
   * The origin of a GROUP BY / ORDER BY / DISTINCT ON item: a position ({@code ORDER BY 2}) or an
   * output alias names a result column; anything else is an expression over the sources. A bare
   * name that is both an output and an input column is the output column for ORDER BY and DISTINCT
   * ON ({@code aliasFirst}) and the input column for GROUP BY, as in PostgreSQL.
   */
  private Origin outputReference(Expression expression, List<Source.Column> columns, Scope scope, boolean aliasFirst) {
    if (expression instanceof LongValue position && columns != null) {
      int index = (int) position.getValue();
      return index >= 1 && index <= columns.size() ? columns.get(index - 1).origin() : Origin.PLAIN;
    }
    if (expression instanceof Column column && column.getTable() == null && columns != null) {
      Identifier name = Identifier.of(column.getColumnName());
      Origin fromSources = walk.names.resolveOrNull(column, scope);
      if (aliasFirst || fromSources == null) {
        for (Source.Column output : columns) {
          if (name.equals(output.name())) {
            return output.origin();
          }
        }
      }
    }
    Origin origin = walk.values.value(expression, scope);
    walk.bindings.bindPlain(origin);
    return origin;
  }

  /**
   * The output name of a select or RETURNING item: its alias, the column it names (also through a
   * cast), the name of the function it calls (PostgreSQL names {@code count(*)} "count", and
   * {@code ORDER BY count} or an outer query may use that name), else null.
   */
  static Identifier outputName(SelectItem<?> item) {
    if (item.getAlias() != null) {
      return Identifier.of(item.getAlias().getName());
    }
    Expression expression = item.getExpression();
    if (expression instanceof CastExpression cast && cast.getLeftExpression() instanceof Column column) {
      return Identifier.of(column.getColumnName());
    }
    if (expression instanceof Column column) {
      return Identifier.of(column.getColumnName());
    }
    if (expression instanceof Function function && function.getMultipartName() != null && !function.getMultipartName().isEmpty()) {
      List<String> parts = function.getMultipartName();
      return Identifier.of(parts.get(parts.size() - 1));
    }
    if (expression instanceof AnalyticExpression analytic && analytic.getName() != null) {
      return Identifier.of(analytic.getName());
    }
    if (isUnnamedByPostgresql(expression)) {
      return UNNAMED;
    }
    return null;
  }

  /** What PostgreSQL names an output it cannot name after a column, function or type (FigureColname). */
  private static final Identifier UNNAMED = Identifier.exact("?column?");

  /**
   * A constant or an operator expression: PostgreSQL names its output {@code ?column?}, so a derived
   * table of them ({@code (select 1) x}) still lists all its column names. NULLIF (an operator in
   * PostgreSQL's grammar, named "nullif") reaches JSqlParser as a function, named above.
   */
  private static boolean isUnnamedByPostgresql(Expression expression) {
    return expression instanceof LongValue || expression instanceof DoubleValue || expression instanceof StringValue
        || expression instanceof NullValue || expression instanceof SignedExpression || expression instanceof BinaryExpression
        || expression instanceof IsNullExpression;
  }

  private static boolean hasUsingOrNatural(List<Join> joins) {
    return joins != null && joins.stream().anyMatch(j -> j.isNatural() || j.getUsingColumns() != null && !j.getUsingColumns().isEmpty());
  }

  /** The rows of a VALUES list. */
  @SuppressWarnings("unchecked")
  static List<ExpressionList<Expression>> rows(Values values) {
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
}
