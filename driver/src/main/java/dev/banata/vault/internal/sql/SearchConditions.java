package dev.banata.vault.internal.sql;

import static dev.banata.vault.internal.sql.Rejection.Reason.FUNCTION;
import static dev.banata.vault.internal.sql.Rejection.Reason.LITERAL;
import static dev.banata.vault.internal.sql.Rejection.Reason.PATTERN_MATCH;
import static dev.banata.vault.internal.sql.Rejection.Reason.RANDOMIZED_EQUALITY;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.config.EncryptedColumn;
import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperatorType;
import net.sf.jsqlparser.schema.Column;

/**
 * Prefix search on {@code search: prefix} columns, and case-insensitive equality on
 * {@code ignore-case} ones: {@code col LIKE ?}, {@code col LIKE 'Dav%' ESCAPE '\'}, {@code col ILIKE ?},
 * {@code lower(col) = lower(?)}, {@code upper(col) LIKE upper(?)} become {@code col ~ ?} (or
 * {@code !~}), and the value a regular expression over the stored search tokens
 * ({@link SearchPredicate}); the database answers exactly, so {@code LIMIT}/{@code OFFSET} and
 * {@code count(*)} are right. On other encrypted columns these stay refused, with the way out.
 *
 * <p>{@code upper()} forms use the same lower-case tokens: upper- and lower-case equivalence differ in
 * general ({@code upper('ı') = upper('i')} but {@code lower('ı') <> lower('i')}; the Kelvin sign, {@code ſ},
 * {@code ς}, {@code µ} likewise), but not on the characters an ignore-case column may hold
 * ({@code CaseFold}: those are left out, and refused in its values and search values).
 */
final class SearchConditions {

  private final Walk walk;

  SearchConditions(Walk walk) {
    this.walk = walk;
  }

  /** A LIKE/ILIKE with an encrypted column on the left, rewritten; null when the left is no encrypted column. */
  Expression like(LikeExpression like, Scope scope) {
    Expression left = like.getLeftExpression();
    String function = caseFunction(left);
    Expression columnSide = function == null ? left : argument(left);
    Origin column = columnOrigin(columnSide, scope);
    if (column == null) {
      return null;
    }
    LikeExpression.KeyWord keyword = like.getLikeKeyWord() == null ? LikeExpression.KeyWord.LIKE : like.getLikeKeyWord();
    if (keyword != LikeExpression.KeyWord.LIKE && keyword != LikeExpression.KeyWord.ILIKE) {
      return null;
    }
    boolean folded = keyword == LikeExpression.KeyWord.ILIKE || function != null;
    String operation = (function == null ? "" : function + "() ") + keyword.name();
    EncryptedColumn encrypted = searchable(column, PATTERN_MATCH, operation, folded);
    Expression pattern = like.getRightExpression();
    if (function != null) {
      if (!function.equals(caseFunction(pattern))) {
        throw Refused.on(encrypted, PATTERN_MATCH, operation + " with a pattern not wrapped in " + function + "() (write " + function + "(col) LIKE "
            + function + "(?), or col ILIKE ?)");
      }
      pattern = argument(pattern);
    }
    int escape = escape(like, encrypted, operation);
    if (folded && escape >= 0 && (escape >= 128 || Character.isLetter(escape))) {
      // lower(col) LIKE lower(?) lowers the pattern before its escapes are read, so a letter ('A', or 'a' that 'A'
      // lowers to) would escape differently on the server; an ASCII non-letter is the same before and after lower().
      throw Refused.on(encrypted, PATTERN_MATCH, operation + " with an ESCAPE character that is a letter or not ASCII (use ESCAPE '\\' or another"
          + " ASCII punctuation character)");
    }
    SearchPredicate search = new SearchPredicate(true, folded, escape, "upper".equals(function));
    Expression value = value(pattern, scope, encrypted, column.storage(), search, operation);
    return value == null ? like : matchOperator(columnSide, value, like.isNot());
  }

  /**
   * {@code lower(col) = lower(?)} (also {@code upper}, {@code <>}, either side) on an encrypted column,
   * rewritten; null when neither side is {@code lower()}/{@code upper()} of an encrypted column.
   */
  Expression caseFoldedEquality(ComparisonOperator comparison, Scope scope) {
    Expression columnCall = comparison.getLeftExpression();
    Expression other = comparison.getRightExpression();
    Origin column = caseFunction(columnCall) == null ? null : columnOrigin(argument(columnCall), scope);
    if (column == null) {
      columnCall = comparison.getRightExpression();
      other = comparison.getLeftExpression();
      column = caseFunction(columnCall) == null ? null : columnOrigin(argument(columnCall), scope);
      if (column == null) {
        return null;
      }
    }
    String function = caseFunction(columnCall);
    String operation = "function " + function + "() " + comparison.getStringExpression().trim();
    EncryptedColumn encrypted = searchable(column, FUNCTION, operation, true);
    if (!function.equals(caseFunction(other))) {
      throw Refused.on(encrypted, FUNCTION, operation + " with a value not wrapped in " + function + "() (write " + function + "(col) = "
          + function + "(?))");
    }
    SearchPredicate search = new SearchPredicate(false, true, -1, "upper".equals(function));
    Expression value = value(argument(other), scope, encrypted, column.storage(), search, operation);
    return value == null ? comparison : matchOperator(argument(columnCall), value, comparison instanceof NotEqualsTo);
  }

  /**
   * The column, if it may be searched so; else the refusal that names the way out ({@code reason}:
   * a pattern match for LIKE, a function for {@code lower(col) = ...}, where the column is not set up for it).
   */
  private static EncryptedColumn searchable(Origin origin, Rejection.Reason reason, String operation, boolean folded) {
    EncryptedColumn column = origin.column();
    String name = column.qualifiedName();
    if (column.mode() != Mode.DETERMINISTIC) {
      throw Refused.on(column, RANDOMIZED_EQUALITY, operation + " on a randomized column (prefix search needs mode: deterministic and search: prefix on "
          + name + ")");
    }
    if (!column.search().prefix()) {
      throw Refused.on(column, reason, operation + " (configure search: prefix" + (folded ? " and ignore-case: true" : "") + " on " + name
          + (folded ? "" : "; for a whole value use =, the column is deterministic") + ")");
    }
    if (folded && !column.search().ignoreCase()) {
      throw Refused.on(column, reason, operation + " (configure ignore-case: true on " + name + " for case-insensitive search)");
    }
    if (origin.storage() != Storage.TEXT) {
      throw Refused.on(column, reason, operation + " on a bytea column (prefix search needs a text column)");
    }
    return column;
  }

  /** Binds the pattern or value; returns what replaces it in the SQL, or null for NULL (sent as written). */
  private Expression value(Expression node, Scope scope, EncryptedColumn column, Storage storage, SearchPredicate search,
      String operation) {
    if (node instanceof NullValue) {
      return null;
    }
    Origin origin = walk.values.value(node, scope);
    switch (origin.kind()) {
      case PARAMETER -> {
        walk.bindings.bindSearch((JdbcParameter) origin.node(), column, storage, search);
        return origin.node();
      }
      case LITERAL -> {
        if (!(origin.node() instanceof StringValue string)) {
          throw Refused.on(column, LITERAL, operation + " with a literal that is not a string");
        }
        if (search.like()) {
          String text = string.getValue().replace("''", "'");
          LikePattern pattern = LikePattern.parse(text, search.escape()).orElse(null);
          if (pattern == null || pattern.prefix() && pattern.length() > column.search().prefixLength()) {
            throw Refused.on(column, PATTERN_MATCH, LikePattern.refusal(operation, column));
          }
        }
        return walk.bindings.searchLiteral(origin.node(), column, storage, search);
      }
      default -> throw Refused.on(column, LITERAL, operation + " with a pattern that is not a parameter or a literal");
    }
  }

  private static int escape(LikeExpression like, EncryptedColumn column, String operation) {
    Expression escape = like.getEscape();
    if (escape == null) {
      return '\\';
    }
    if (escape instanceof StringValue string && (string.getPrefix() == null || string.getPrefix().isEmpty())) {
      String text = string.getValue().replace("''", "'");
      if (text.isEmpty()) {
        return -1;
      }
      if (text.codePointCount(0, text.length()) == 1) {
        return text.codePointAt(0);
      }
    }
    throw Refused.on(column, LITERAL, operation + " with an ESCAPE other than a one-character string literal");
  }

  private static RegExpMatchOperator matchOperator(Expression column, Expression value, boolean negated) {
    RegExpMatchOperator match = new RegExpMatchOperator(
        negated ? RegExpMatchOperatorType.NOT_MATCH_CASESENSITIVE : RegExpMatchOperatorType.MATCH_CASESENSITIVE);
    match.setLeftExpression(column);
    match.setRightExpression(value);
    return match;
  }

  /** The encrypted column a bare column reference names, or null. */
  private Origin columnOrigin(Expression expression, Scope scope) {
    if (!(expression instanceof Column)) {
      return null;
    }
    Origin origin = walk.values.value(expression, scope);
    return origin.isEncrypted() ? origin : null;
  }

  /** {@code lower} or {@code upper} for a plain one-argument call of it, else null. */
  private static String caseFunction(Expression expression) {
    if (!(expression instanceof Function function) || function.getName() == null || function.isDistinct() || function.isAllColumns()
        || function.getParameters() == null || function.getParameters().size() != 1 || function.getKeep() != null
        || function.getAttribute() != null) {
      return null;
    }
    String name = function.getName().toLowerCase(Locale.ROOT);
    return name.equals("lower") || name.equals("upper") ? name : null;
  }

  private static Expression argument(Expression call) {
    ExpressionList<?> parameters = ((Function) call).getParameters();
    return (Expression) parameters.get(0);
  }
}
