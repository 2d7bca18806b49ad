package dev.banata.vault.internal.sql;

import static dev.banata.vault.internal.sql.Rejection.Reason.EXPRESSION;
import static dev.banata.vault.internal.sql.Rejection.Reason.FUNCTION;
import static dev.banata.vault.internal.sql.Rejection.Reason.PATTERN_MATCH;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Where the value of an expression comes from ({@link Origin}): an encrypted column, a bare
 * parameter or literal (whose role the caller decides by where it stands), {@code NULL}, or plain
 * data. Everything inside a compound expression is checked here: an encrypted column inside a
 * function, operator, {@code CASE} or cast is refused.
 */
final class ValueClassifier {

  private static final Set<String> AGGREGATES = Set.of("sum", "avg", "min", "max", "string_agg", "array_agg", "json_agg",
      "jsonb_agg", "bool_and", "bool_or", "every", "stddev", "variance", "mode", "percentile_cont", "percentile_disc");

  private final Walk walk;

  ValueClassifier(Walk walk) {
    this.walk = walk;
  }

  /**
   * The origin of a value expression. Parameters and literals come back unbound (the caller decides
   * their role); everything inside a compound expression is checked and bound here.
   */
  Origin value(Expression expression, Scope scope) {
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
      return walk.names.resolve(column, scope);
    }
    if (expression instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
      return value(list.get(0), scope);
    }
    if (expression instanceof Select select) {
      List<Source.Column> produced = walk.queries.query(select, scope, null);
      if (produced != null && produced.size() == 1) {
        return produced.get(0).origin();
      }
      if (produced == null || Walk.anyEncrypted(produced)) {
        throw new Unhandled("row sub-query over encrypted columns");
      }
      return Origin.PLAIN;
    }
    if (expression instanceof ExpressionList<?> list) {
      for (Expression item : list) {
        plainOperand(value(item, scope), EXPRESSION, "row value");
      }
      return Origin.PLAIN;
    }
    if (expression instanceof Function function) {
      return function(function, scope);
    }
    if (expression instanceof TrimFunction trim) {
      return trim(trim, scope);
    }
    if (expression instanceof CastExpression cast) {
      Storage castTo = envelopeStorageOf(cast);
      if (cast.getLeftExpression() instanceof JdbcParameter parameter && castTo != null) {
        // cast(? as varchar), ?::text: ORMs write these; the envelope goes in as it is, if the cast
        // is to the column's own storage (checked where the parameter meets its column).
        walk.bindings.castTo(parameter, castTo);
        return value(parameter, scope);
      }
      plainOperand(value(cast.getLeftExpression(), scope), FUNCTION, "cast");
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
          plainOperand(isCondition(part) ? valueOrCondition(part, scope, "CASE") : value(part, scope), EXPRESSION, "CASE");
        }
      }
      return Origin.PLAIN;
    }
    if (expression instanceof SignedExpression signed) {
      plainOperand(value(signed.getExpression(), scope), FUNCTION, "arithmetic (sign)");
      return Origin.PLAIN;
    }
    if (isCondition(expression)) {
      return valueOrCondition(expression, scope, "comparison outside WHERE");
    }
    if (expression instanceof AnalyticExpression window) {
      return window(window, scope);
    }
    if (expression instanceof BinaryExpression binary) {
      String operation = "operator " + binary.getStringExpression().trim();
      Rejection.Reason reason = binary instanceof RegExpMatchOperator ? PATTERN_MATCH : FUNCTION;
      plainOperand(value(binary.getLeftExpression(), scope), reason, operation);
      plainOperand(value(binary.getRightExpression(), scope), reason, operation);
      return Origin.PLAIN;
    }
    if (expression instanceof TimeKeyExpression) {
      return Origin.PLAIN;
    }
    boolean json = expression instanceof JsonExpression || expression instanceof JsonFunction || expression instanceof JsonAggregateFunction;
    return opaque(expression, scope, json ? FUNCTION : EXPRESSION, expression.getClass().getSimpleName());
  }

  /** An operand the server computes with: refused when encrypted, else its parameters are plain. */
  private void plainOperand(Origin origin, Rejection.Reason reason, String operation) {
    walk.policy.refuseComputation(origin, reason, operation);
    walk.bindings.bindPlain(origin);
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
      opaque(window, scope, FUNCTION, operation);
    }
    for (Expression part : parts) {
      if (part != null) {
        plainOperand(value(part, scope), FUNCTION, operation);
      }
    }
    return Origin.PLAIN;
  }

  /** A boolean expression used as a value: analysed as a condition, but it cannot be rewritten there. */
  private Origin valueOrCondition(Expression expression, Scope scope, String operation) {
    // [NOT] EXISTS (sub-query) is a boolean whose sub-query is a query of its own: its WHERE is
    // rewritten there like any other (jOOQ's fetchExists: select exists (select 1 ... where email = ?)).
    Expression exists = expression instanceof NotExpression not ? not.getExpression() : expression;
    if (exists instanceof ExistsExpression subQuery && subQuery.getRightExpression() instanceof Select select) {
      walk.queries.query(select, scope, null);
      return Origin.PLAIN;
    }
    Bindings.Mark mark = walk.bindings.mark();
    // Analysed as PostgreSQL reads it; the parsed tree keeps JSqlParser's reading, which deparses to the same text.
    Expression analysed = expression instanceof InExpression in ? ConditionRewriter.reassociated(in) : expression;
    Expression result = walk.conditions.condition(analysed, scope);
    EncryptedColumn needsRewrite = walk.bindings.encryptedMatchSince(mark);
    if (result != analysed || needsRewrite != null) {
      throw walk.policy.refuseComparisonAsValue(needsRewrite != null ? needsRewrite : walk.bindings.lastEncryptedColumn(), operation);
    }
    walk.bindings.resetRewrittenTo(mark);
    return Origin.PLAIN;
  }

  private Origin function(Function function, Scope scope) {
    String name = function.getName() == null ? "" : function.getName().toLowerCase(Locale.ROOT);
    String operation = AGGREGATES.contains(name) ? "aggregate " + name : "function " + name;
    // position(a IN b), substring(a FROM b FOR c), overlay(a PLACING b FROM c): the SQL-standard
    // forms, which JSqlParser keeps as named parameters, compute on their arguments like any call.
    if (function.getNamedParameters() != null) {
      for (Expression argument : function.getNamedParameters()) {
        plainOperand(value(argument, scope), FUNCTION, operation);
      }
    }
    ExpressionList<?> parameters = function.getParameters();
    if (parameters != null && !function.isAllColumns()) {
      // COUNT(col) counts non-null ciphertexts, which are exactly the non-null plaintexts.
      boolean count = name.equals("count") && parameters.size() == 1;
      for (Expression parameter : parameters) {
        Origin origin = value(parameter, scope);
        if (!count) {
          walk.policy.refuseComputation(origin, FUNCTION, operation);
        } else if (function.isDistinct()) {
          walk.policy.requireStoredEquality(origin, "COUNT(DISTINCT)");
        }
        walk.bindings.bindPlain(origin);
      }
    }
    if (function.getKeep() != null || function.getAttribute() != null || function.getLimit() != null
        || function.getHavingClause() != null || function.getExtraKeyword() != null
        || function.getOrderByElements() != null && !function.getOrderByElements().isEmpty()) {
      opaque(function, scope, FUNCTION, operation);
    }
    return Origin.PLAIN;
  }

  /** trim([LEADING | TRAILING | BOTH] [chars] FROM string): both operands are computed on. */
  private Origin trim(TrimFunction trim, Scope scope) {
    for (Expression operand : new Expression[] {trim.getExpression(), trim.getFromExpression()}) {
      if (operand != null) {
        plainOperand(value(operand, scope), FUNCTION, "function trim");
      }
    }
    return Origin.PLAIN;
  }

  /**
   * Any other expression: walked generically; an encrypted column anywhere inside is refused with
   * {@code operation} (of {@code reason}), parameters inside are plain, a sub-query inside is not understood.
   */
  Origin opaque(Expression expression, Scope scope, Rejection.Reason reason, String operation) {
    List<RuntimeException> problems = new ArrayList<>();
    ExpressionVisitorAdapter<Void> collector = new ExpressionVisitorAdapter<>() {
      @Override
      public <S> Void visit(Column column, S context) {
        Origin origin = walk.names.resolve(column, scope);
        if (origin.isEncrypted() && problems.isEmpty()) {
          problems.add(Refused.on(origin.column(), reason, operation));
        }
        return null;
      }

      @Override
      public <S> Void visit(JdbcParameter parameter, S context) {
        if (parameter.isUseFixedIndex()) {
          problems.add(new Unhandled("numbered parameter"));
        } else {
          walk.bindings.bindPlain(Origin.parameter(parameter));
        }
        return null;
      }

      // t.* inside an expression (c.*::text, row(c.*)) is a whole row: its ciphertexts would come back as data.
      @Override
      public <S> Void visit(AllTableColumns tableColumns, S context) {
        Source source = scope.source(Identifier.of(tableColumns.getTable().getName()));
        RuntimeException problem = source == null ? new Unhandled("t.* of an unknown source")
            : walk.names.wholeRowProblem(source, tableColumns.getTable().getName());
        if (problem != null) {
          problems.add(problem);
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
    EncryptedColumn named = encryptedColumnNamedIn(expression, scope);
    if (named != null) {
      throw Refused.on(named, reason, operation);
    }
    return Origin.PLAIN;
  }

  /**
   * An encrypted column of a source in reach whose name appears as an identifier in the
   * expression's text. JSqlParser's visitor does not descend into every node (JSON constructors,
   * some SQL-standard forms), so an expression walked generically is also read as text: a name
   * that could be an encrypted column is treated as one.
   */
  private EncryptedColumn encryptedColumnNamedIn(Expression expression, Scope scope) {
    ScannedSql text = SqlScanner.scan(expression.toString(), true);
    for (Scope level = scope; level != null; level = level.parent()) {
      for (Source source : level.sources()) {
        if (source.table() != null) {
          for (EncryptedColumn column : source.table().encryptedColumns()) {
            if (!text.readable() || text.hasIdentifier(column.column().name())) {
              return column;
            }
          }
        }
        for (Source.Column column : source.columnsKnown() ? source.columns() : List.<Source.Column>of()) {
          if (column.origin().isEncrypted() && column.name() != null && (!text.readable() || text.hasIdentifier(column.name().name()))) {
            return column.origin().column();
          }
        }
      }
    }
    return null;
  }

  /** The storage a parameter cast to this type has (text or bytea), else null: a cast the envelope does not survive. */
  private static Storage envelopeStorageOf(CastExpression cast) {
    return switch (LiteralTypes.castType(cast)) {
      case STRING -> Storage.TEXT;
      case BYTES -> Storage.BYTEA;
      default -> null;
    };
  }
}
