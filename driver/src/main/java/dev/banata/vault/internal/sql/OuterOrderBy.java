package dev.banata.vault.internal.sql;

import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * The {@code ORDER BY} of a statement's outermost query. Without an encrypted sort key it is left to
 * the database as written. With one, the database cannot order (it holds only ciphertext), so the
 * driver does, after decrypting: the {@code ORDER BY} is taken out of the statement, each key that is
 * not one of the query's output columns is appended to its select list (a column the application's
 * result set does not show), and the plan carries a {@link ClientOrdering}. Refused where ordering the
 * rows afterwards would not give the database's answer: with {@code LIMIT}/{@code OFFSET}/{@code FETCH}
 * (which rows come back depends on the order) and with {@code DISTINCT ON} (which row of a group is
 * kept depends on it).
 *
 * <p>Names follow PostgreSQL: a position or a bare name that is an output column means that column;
 * anything else is an expression over the query's sources.
 */
final class OuterOrderBy {

  private final Walk walk;
  private ClientOrdering planned;

  OuterOrderBy(Walk walk) {
    this.walk = walk;
  }

  /** The ordering the driver applies to the statement's rows, or null when the database orders (or nothing does). */
  ClientOrdering planned() {
    return planned;
  }

  /** A sort key: its expression, where its values come from, and the output column (1-based) that holds it, 0 when none. */
  private record Reference(OrderByElement element, Origin origin, int outputColumn, boolean ambiguous) {
  }

  /**
   * Analyses the ORDER BY of {@code select}, the outermost query, whose output columns are
   * {@code columns} (null when not known); returns the columns the statement sends (the output
   * columns, then any appended sort key).
   */
  List<Source.Column> orderBy(Select select, List<Source.Column> columns, Scope scope) {
    List<OrderByElement> elements = select.getOrderByElements();
    if (elements == null || elements.isEmpty()) {
      return columns;
    }
    PlainSelect plain = select instanceof PlainSelect p ? p : null;
    List<Reference> references = new ArrayList<>();
    EncryptedColumn encrypted = null;
    for (OrderByElement element : elements) {
      Reference reference = reference(element, plain, columns, scope);
      references.add(reference);
      if (encrypted == null && reference.origin().isEncrypted()) {
        encrypted = reference.origin().column();
      }
    }
    if (encrypted == null) {
      return columns;
    }
    walk.policy.requireOrderableAfterwards(encrypted, select.getLimit() != null || select.getOffset() != null || select.getFetch() != null,
        plain != null && plain.getDistinct() != null && plain.getDistinct().getOnSelectItems() != null);
    if (columns == null) {
      throw new Unhandled("ORDER BY over a query whose columns the catalog does not list");
    }
    List<Source.Column> sent = new ArrayList<>(columns);
    List<ClientOrdering.Key> keys = new ArrayList<>();
    for (Reference reference : references) {
      if (reference.ambiguous()) {
        // PostgreSQL refuses it; with the ORDER BY taken out the server would not.
        throw new Unhandled("ORDER BY a name several output columns have");
      }
      Expression expression = reference.element().getExpression();
      if (expression instanceof CollateExpression) {
        walk.policy.refuseClientOrderingOf(encrypted, "ORDER BY ... COLLATE together with an encrypted sort key (the driver orders"
            + " text in one order for the whole statement: code-point order, or vault.client-sort-locale)");
      }
      if (reference.origin().isEncrypted() && reference.origin().column().type() == ValueType.JSON) {
        walk.policy.refuseClientOrderingOf(reference.origin().column(), "ORDER BY a JSON column (PostgreSQL's order of json values"
            + " is not one the driver reproduces)");
      }
      int column = reference.outputColumn();
      if (column < 0) {
        throw new Unhandled("ORDER BY position out of range");
      }
      if (column == 0) {
        if (plain == null || plain.getDistinct() != null) {
          // PostgreSQL refuses an ORDER BY expression that is not an output column here; appending one would change the rows.
          throw new Unhandled("ORDER BY an expression that is not an output column of a set operation or SELECT DISTINCT");
        }
        plain.addSelectItem(expression);
        sent.add(new Source.Column(null, reference.origin()));
        column = sent.size();
      }
      OrderByElement element = reference.element();
      boolean descending = !element.isAsc();
      boolean nullsFirst = element.getNullOrdering() == null ? descending : element.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
      keys.add(new ClientOrdering.Key(column, descending, nullsFirst, reference.origin().toResultColumn()));
    }
    select.setOrderByElements(null);
    planned = new ClientOrdering(columns.size(), sent.size(), keys);
    return sent;
  }

  private Reference reference(OrderByElement element, PlainSelect plain, List<Source.Column> columns, Scope scope) {
    Expression expression = element.getExpression();
    if (expression instanceof LongValue position && columns != null) {
      long index = position.getValue();
      return index >= 1 && index <= columns.size()
          ? new Reference(element, columns.get((int) index - 1).origin(), (int) index, false)
          : new Reference(element, Origin.PLAIN, -1, false);
    }
    if (expression instanceof Column column && column.getTable() == null && columns != null) {
      Identifier name = Identifier.of(column.getColumnName());
      int first = 0;
      int count = 0;
      for (int i = 0; i < columns.size(); i++) {
        if (name.equals(columns.get(i).name())) {
          first = first == 0 ? i + 1 : first;
          count++;
        }
      }
      if (first > 0) {
        return new Reference(element, columns.get(first - 1).origin(), first, count > 1);
      }
    }
    Origin origin = walk.values.value(expression, scope);
    walk.bindings.bindPlain(origin);
    return new Reference(element, origin, selectedAs(expression, plain), false);
  }

  /**
   * The output column (1-based) whose select item is the same column reference as {@code expression}
   * ({@code select c.name ... order by c.name}, as Hibernate writes it), else 0: the key is sent as an
   * extra column. Only before any {@code *} in the select list, whose width this does not count.
   */
  private static int selectedAs(Expression expression, PlainSelect plain) {
    if (!(expression instanceof Column key) || plain == null) {
      return 0;
    }
    List<SelectItem<?>> items = plain.getSelectItems();
    for (int i = 0; i < items.size(); i++) {
      Expression item = items.get(i).getExpression();
      if (!(item instanceof Column selected)) {
        if (item instanceof net.sf.jsqlparser.statement.select.AllColumns) {
          return 0;
        }
        continue;
      }
      if (sameName(key.getColumnName(), selected.getColumnName()) && sameTable(key.getTable(), selected.getTable())) {
        return i + 1;
      }
    }
    return 0;
  }

  private static boolean sameTable(Table a, Table b) {
    if (a == null || b == null) {
      return a == b;
    }
    return sameName(a.getName(), b.getName()) && sameName(a.getSchemaName(), b.getSchemaName());
  }

  private static boolean sameName(String a, String b) {
    return a == null || b == null ? Objects.equals(a, b) : Identifier.of(a).equals(Identifier.of(b));
  }
}
