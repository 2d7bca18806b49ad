package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Values written into columns ({@code INSERT} values, {@code UPDATE SET}, {@code ON CONFLICT DO
 * UPDATE SET}, {@code INSERT ... SELECT} outputs) and what {@code RETURNING} hands back.
 */
final class Assignments {

  private final Walk walk;

  Assignments(Walk walk) {
    this.walk = walk;
  }

  void updateSets(List<UpdateSet> sets, Source target, Scope scope) {
    for (UpdateSet set : sets) {
      ExpressionList<Column> columns = set.getColumns();
      @SuppressWarnings("unchecked")
      ExpressionList<Expression> values = (ExpressionList<Expression>) set.getValues();
      if (columns.size() == values.size()) {
        for (int i = 0; i < columns.size(); i++) {
          int at = i;
          assign(walk.names.assignmentTarget(target, columns.get(i)), values.get(i), replacement -> values.set(at, replacement), scope);
        }
      } else if (values.size() == 1 && values.get(0) instanceof Select select) {
        List<Origin> targets = new ArrayList<>();
        for (Column column : columns) {
          targets.add(walk.names.assignmentTarget(target, column));
        }
        List<Source.Column> produced = walk.queries.query(select, scope, targets);
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
   *
   * @param replace how to put the literal's marker where the literal was
   */
  Origin assign(Origin target, Expression value, Consumer<Expression> replace, Scope scope) {
    if (isDefaultKeyword(value)) {
      return Origin.PLAIN;
    }
    Origin origin = walk.values.value(value, scope);
    walk.policy.requireAssignable(target, origin);
    if (target.isEncrypted()) {
      EncryptedColumn column = target.column();
      switch (origin.kind()) {
        case PARAMETER -> walk.bindings.bind((JdbcParameter) origin.node(), column, ParameterRole.VALUE, target.storage());
        case LITERAL -> replace.accept(walk.bindings.literal(origin.node(), column, ParameterRole.VALUE, target.storage()));
        default -> { } // NULL, or a copy of the same encryption
      }
      return target;
    }
    walk.bindings.bindPlain(origin);
    return origin;
  }

  /**
   * Checks the columns a {@code *} or {@code t.*} added to a select list ({@code columns} from
   * index {@code first}) against the targets they are written into, position by position: each
   * must be assignable as if it had been written out ({@link CiphertextPolicy#requireAssignable}).
   * {@code assignTo} null: the query's output is not written into columns.
   */
  void expanded(List<Origin> assignTo, List<Source.Column> columns, int first) {
    if (assignTo == null) {
      return;
    }
    for (int i = first; i < columns.size() && i < assignTo.size(); i++) {
      walk.policy.requireAssignable(assignTo.get(i), columns.get(i).origin(), Rejection.Reason.MIXED_VALUES, "assignment from a plain column or value through * or t.*");
    }
  }

  /** Refuses when a target is encrypted but which value it receives is not known. */
  void requireNoEncryptedTarget(List<Origin> assignTo, Rejection.Reason reason, String operation) {
    if (assignTo == null) {
      return;
    }
    for (Origin target : assignTo) {
      if (target.isEncrypted()) {
        throw Refused.on(target.column(), reason, operation);
      }
    }
  }

  /**
   * The output of a query written into columns whose encryption is unknown (a table the catalog
   * does not list and no column list): the configuration does not encrypt them, so each is plain
   * and no encrypted column may be copied into it.
   */
  void intoPlainColumns(List<Source.Column> produced) {
    if (produced != null) {
      for (Source.Column column : produced) {
        walk.policy.requireAssignable(Origin.PLAIN, column.origin());
      }
    }
  }

  List<Source.Column> returning(ReturningClause returning, Scope scope) {
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
          if (!Walk.addAll(columns, source)) {
            if (source.table() != null || walk.encryptedTableSeen()) {
              throw Refused.onTable(source.table() != null ? source : NameResolver.firstEncryptedSource(scope),
                  Rejection.Reason.UNKNOWN_COLUMNS, "RETURNING * (the catalog does not list the table's columns)");
            }
            return null;
          }
        }
      } else if (expression instanceof AllTableColumns tableColumns) {
        Source source = scope.source(Identifier.of(tableColumns.getTable().getName()));
        if (source == null || !Walk.addAll(columns, source)) {
          if (source == null || source.table() != null) {
            throw new Unhandled("RETURNING t.* of a table with unknown columns");
          }
          return null;
        }
      } else {
        Origin origin = walk.values.value(expression, scope);
        walk.bindings.bindPlain(origin);
        columns.add(new Source.Column(QueryWalker.outputName(item), origin));
      }
    }
    return columns;
  }

  /** Target origins for {@code width} values going to columns of unknown encryption (a table the analysis does not know). */
  static List<Origin> plainTargets(int width) {
    List<Origin> targets = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      targets.add(Origin.PLAIN);
    }
    return targets;
  }

  private static boolean isDefaultKeyword(Expression value) {
    return value instanceof Column column && column.getTable() == null && "default".equalsIgnoreCase(column.getColumnName());
  }
}
