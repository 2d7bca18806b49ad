package dev.banata.vault.internal.sql;

import java.util.List;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Boolean conditions (WHERE, HAVING, JOIN ... ON, ON CONFLICT ... WHERE). The only part of the walk
 * that changes the tree's structure: equality of a deterministic column with a value becomes
 * {@code IN (...)}, so that the physical SQL can list one ciphertext per live key version. (Leaves
 * change elsewhere too: a literal for an encrypted column is replaced by its marker where it is bound.)
 */
final class ConditionRewriter {

  /** One check of {@link CiphertextPolicy} applied to each operand of an operator. */
  private interface OperandCheck {
    void check(Origin operand, Rejection.Reason reason, String operation);
  }

  private final Walk walk;
  private final SearchConditions search;

  ConditionRewriter(Walk walk) {
    this.walk = walk;
    this.search = new SearchConditions(walk);
  }

  /** Analyses a boolean condition; returns it, or the expression that replaces it in the physical SQL. */
  Expression condition(Expression expression, Scope scope) {
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
      Expression folded = search.caseFoldedEquality((ComparisonOperator) expression, scope);
      if (folded != null) {
        return folded;
      }
      return equality((ComparisonOperator) expression, scope);
    }
    if (expression instanceof InExpression in) {
      Expression chain = reassociated(in);
      return chain == in ? in(in, scope) : condition(chain, scope);
    }
    if (expression instanceof IsNullExpression isNull) {
      Origin origin = walk.values.value(isNull.getLeftExpression(), scope);
      walk.bindings.bindPlain(origin);
      return isNull;
    }
    if (expression instanceof ExistsExpression exists) {
      Expression inner = exists.getRightExpression();
      if (inner instanceof Select select) {
        walk.queries.query(select, scope, null);
        return exists;
      }
      throw new Unhandled("EXISTS without a sub-query");
    }
    if (expression instanceof LikeExpression like) {
      Expression searched = search.like(like, scope);
      if (searched != null) {
        return searched;
      }
      String keyword = like.getLikeKeyWord() == null ? "LIKE" : like.getLikeKeyWord().toString();
      operands(scope, walk.policy::refuseOrderOrPattern, Rejection.Reason.PATTERN_MATCH, keyword, like.getLeftExpression(), like.getRightExpression(), like.getEscape());
      return like;
    }
    if (expression instanceof Between between) {
      operands(scope, walk.policy::refuseOrderOrPattern, Rejection.Reason.ORDERING, "BETWEEN", between.getLeftExpression(), between.getBetweenExpressionStart(),
          between.getBetweenExpressionEnd());
      return between;
    }
    if (expression instanceof ComparisonOperator comparison) {
      // <, >, <=, >= order; the other operators JSqlParser reads as comparisons (@>, <@, &&, <->, ...) compute.
      boolean ordering = comparison instanceof GreaterThan || comparison instanceof GreaterThanEquals || comparison instanceof MinorThan
          || comparison instanceof MinorThanEquals;
      operands(scope, walk.policy::refuseOrderOrPattern, ordering ? Rejection.Reason.ORDERING : Rejection.Reason.FUNCTION,
          comparison.getStringExpression().trim(), comparison.getLeftExpression(),
          comparison.getRightExpression());
      return comparison;
    }
    if (expression instanceof IsBooleanExpression isBoolean) {
      operands(scope, walk.policy::refuseOrderOrPattern, Rejection.Reason.EXPRESSION, "IS TRUE/FALSE", isBoolean.getLeftExpression());
      return isBoolean;
    }
    Origin origin = walk.values.value(expression, scope);
    walk.policy.refuseComputation(origin, Rejection.Reason.EXPRESSION, "use as a condition");
    walk.bindings.bindPlain(origin);
    return expression;
  }

  /**
   * JSqlParser 5.3 reads {@code a IN (1) AND b} as {@code a IN ((1) AND b)} (also with OR, XOR and
   * a sub-query as the list); in PostgreSQL IN binds tighter than all three. Returns the condition
   * PostgreSQL reads: the same AND/OR/XOR chain with the IN around its leftmost operand. Only the
   * chain's nodes are new (the parsed tree is left as it is, for a caller that cannot replace it);
   * the deparsed text is the same, so the server reads what the application wrote. Returns {@code in}
   * itself when it is not of that shape.
   *
   * <p>The chain below the IN keeps JSqlParser's grouping ({@code x AND a IN (1) OR c} becomes
   * {@code x AND (a IN (1) OR c)}, where PostgreSQL groups {@code (x AND a IN (1)) OR c}); that is
   * enough here because every check and rewrite of a condition concerns one comparison at a time.
   */
  static Expression reassociated(InExpression in) {
    if (!isLogical(in.getRightExpression()) || in.isGlobal() || in.getOldOracleJoinSyntax() != InExpression.NO_ORACLE_JOIN) {
      return in;
    }
    Expression leftmost = in.getRightExpression();
    while (isLogical(leftmost)) {
      leftmost = ((BinaryExpression) leftmost).getLeftExpression();
    }
    if (!(leftmost instanceof ParenthesedExpressionList<?> || leftmost instanceof ParenthesedSelect)) {
      return in; // not a list the IN could have: in() leaves it to StatementAnalyzer
    }
    InExpression list = new InExpression(in.getLeftExpression(), leftmost);
    list.setNot(in.isNot());
    return withLeftmost((BinaryExpression) in.getRightExpression(), list);
  }

  private static boolean isLogical(Expression expression) {
    return expression instanceof AndExpression || expression instanceof OrExpression || expression instanceof XorExpression;
  }

  /** A copy of the left spine of {@code chain} with its leftmost operand replaced by {@code leaf}. */
  private static BinaryExpression withLeftmost(BinaryExpression chain, Expression leaf) {
    Expression left = chain.getLeftExpression();
    Expression newLeft = isLogical(left) ? withLeftmost((BinaryExpression) left, leaf) : leaf;
    if (chain instanceof AndExpression and) {
      return new AndExpression(newLeft, and.getRightExpression()).withUseOperator(and.isUseOperator());
    }
    if (chain instanceof OrExpression) {
      return new OrExpression(newLeft, chain.getRightExpression());
    }
    return new XorExpression(newLeft, chain.getRightExpression());
  }

  /** An operator the ciphertext cannot answer: {@code check} refuses an encrypted operand, else its parameters are plain. */
  private void operands(Scope scope, OperandCheck check, Rejection.Reason reason, String operation, Expression... operands) {
    for (Expression operand : operands) {
      if (operand == null) {
        continue;
      }
      Origin origin = walk.values.value(operand, scope);
      check.check(origin, reason, operation);
      walk.bindings.bindPlain(origin);
    }
  }

  private Expression equality(ComparisonOperator comparison, Scope scope) {
    boolean negated = comparison instanceof NotEqualsTo;
    String operation = negated ? comparison.getStringExpression().trim() : "=";
    Origin left = walk.values.value(comparison.getLeftExpression(), scope);
    Origin right = walk.values.value(comparison.getRightExpression(), scope);
    if (left.isEncrypted() && right.isEncrypted()) {
      walk.policy.requireStoredEquality(left, operation);
      walk.policy.requireStoredEquality(right, operation);
      walk.policy.requireSameEncryption(left, right, operation);
      return comparison;
    }
    if (!left.isEncrypted() && !right.isEncrypted()) {
      walk.bindings.bindPlain(left);
      walk.bindings.bindPlain(right);
      return comparison;
    }
    boolean leftEncrypted = left.isEncrypted();
    Origin encrypted = leftEncrypted ? left : right;
    Origin other = leftEncrypted ? right : left;
    Expression encryptedSide = leftEncrypted ? comparison.getLeftExpression() : comparison.getRightExpression();
    Expression otherSide;
    walk.policy.requireEquality(encrypted, operation);
    walk.policy.requireComparable(encrypted, other, operation);
    switch (other.kind()) {
      case PARAMETER -> {
        walk.bindings.bind((JdbcParameter) other.node(), encrypted.column(), ParameterRole.MATCH, encrypted.storage());
        otherSide = other.node(); // without a cast around it: the one ? becomes a list
      }
      case LITERAL -> otherSide = walk.bindings.literal(other.node(), encrypted.column(), ParameterRole.MATCH, encrypted.storage());
      default -> {
        return comparison; // NULL: = NULL is never true, whatever the ciphertext
      }
    }
    // col = ? becomes col IN (?) so that the physical SQL can list one ciphertext per live key version.
    walk.bindings.markRewritten();
    InExpression in = new InExpression(encryptedSide, new ParenthesedExpressionList<>(otherSide));
    in.setNot(negated);
    return in;
  }

  private Expression in(InExpression in, Scope scope) {
    Origin left = walk.values.value(in.getLeftExpression(), scope);
    Expression right = in.getRightExpression();
    String operation = in.isNot() ? "NOT IN" : "IN";
    if (left.isEncrypted()) {
      walk.policy.requireEquality(left, operation);
      if (right instanceof Select select) {
        walk.policy.requireSubqueryOfSameEncryption(left, walk.queries.query(select, scope, null), operation);
        walk.policy.requireStoredEquality(left, operation + " (sub-query)");
        return in;
      }
      if (!(right instanceof ExpressionList<?>)) {
        throw new Unhandled("IN with a right side of type " + right.getClass().getSimpleName());
      }
      @SuppressWarnings("unchecked")
      ExpressionList<Expression> items = (ExpressionList<Expression>) right;
      for (int i = 0; i < items.size(); i++) {
        Origin item = walk.values.value(items.get(i), scope);
        walk.policy.requireComparable(left, item, operation);
        if (item.isEncrypted()) {
          walk.policy.requireStoredEquality(left, operation);
        }
        switch (item.kind()) {
          case PARAMETER -> {
            walk.bindings.bind((JdbcParameter) item.node(), left.column(), ParameterRole.MATCH, left.storage());
            items.set(i, item.node()); // without a cast around it: the one ? becomes a list
            walk.bindings.markRewritten();
          }
          case LITERAL -> items.set(i, walk.bindings.literal(item.node(), left.column(), ParameterRole.MATCH, left.storage()));
          default -> { } // NULL, or a column of the same encryption
        }
      }
      return in;
    }
    walk.bindings.bindPlain(left);
    if (right instanceof Select select) {
      List<Source.Column> produced = walk.queries.query(select, scope, null);
      if (produced != null) {
        for (Source.Column column : produced) {
          walk.policy.refuseComparisonWithPlain(column.origin(), operation);
        }
      }
      return in;
    }
    operands(scope, (origin, reason, op) -> walk.policy.refuseComparisonWithPlain(origin, operation), Rejection.Reason.MIXED_VALUES, operation, right);
    return in;
  }
}
