package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;

/**
 * What one statement walk decided about values: the role of each parameter (by its JDBC index),
 * the literal slots of plain SQL, and whether the physical SQL needs the rewritten template.
 */
final class Bindings {

  /** A point in the walk to compare against later (for conditions used where they cannot be rewritten). */
  record Mark(int literalCount, boolean rewritten, java.util.Set<Integer> bound) {}

  private final String marker;
  private final TreeMap<Integer, ParameterBinding> byIndex = new TreeMap<>();
  private final Map<Integer, Storage> castTo = new HashMap<>();
  private final List<JdbcParameter> parameterNodes = new ArrayList<>();
  private final List<LiteralSlot> literals = new ArrayList<>();
  /** Per literal slot: the string literal as written (quotes included), or null for a number or boolean. */
  private final List<String> writtenStrings = new ArrayList<>();
  private boolean rewritten;

  /** @param marker the text that marks parameters and literals in the rewritten SQL */
  Bindings(String marker) {
    this.marker = marker;
  }

  SortedMap<Integer, ParameterBinding> byIndex() {
    return byIndex;
  }

  /** Every parameter node seen, so that the template can mark them all. */
  List<JdbcParameter> parameterNodes() {
    return parameterNodes;
  }

  List<LiteralSlot> literals() {
    return literals;
  }

  /** True when an equality was rewritten or a literal replaced: the physical SQL needs the template. */
  boolean rewritten() {
    return rewritten;
  }

  void markRewritten() {
    rewritten = true;
  }

  /** Records that {@code parameter} is written cast to a type of {@code storage} ({@code ?::text}, {@code ?::bytea}). */
  void castTo(JdbcParameter parameter, Storage storage) {
    castTo.put(parameter.getIndex(), storage);
  }

  /** Binds a parameter to an encrypted column. */
  void bind(JdbcParameter parameter, EncryptedColumn column, ParameterRole role, Storage storage) {
    int index = parameter.getIndex();
    ParameterBinding earlier = byIndex.get(index);
    if (earlier != null && earlier.encrypted()) {
      throw new Unhandled("parameter bound twice");
    }
    requireCastToStorage(parameter, column, storage);
    parameterNodes.add(parameter);
    byIndex.put(index, new ParameterBinding(index, column, role, storage));
  }

  /** Binds a parameter as a search pattern or value on a {@code search: prefix} column. */
  void bindSearch(JdbcParameter parameter, EncryptedColumn column, Storage storage, SearchPredicate search) {
    int index = parameter.getIndex();
    ParameterBinding earlier = byIndex.get(index);
    if (earlier != null && earlier.encrypted()) {
      throw new Unhandled("parameter bound twice");
    }
    requireCastToStorage(parameter, column, storage);
    parameterNodes.add(parameter);
    byIndex.put(index, new ParameterBinding(index, column, ParameterRole.SEARCH, storage, search));
    rewritten = true;
  }

  /**
   * A cast the envelope goes through must be to the column's storage: PostgreSQL has no
   * {@code text = bytea} or {@code text ~~ bytea} (nor {@code lower(bytea)}) and fails such a
   * statement, which the rewrite, sending the envelope without the cast, would answer.
   */
  private void requireCastToStorage(JdbcParameter parameter, EncryptedColumn column, Storage storage) {
    Storage cast = castTo.get(parameter.getIndex());
    if (cast != null && cast != storage) {
      throw Refused.on(column, Rejection.Reason.MIXED_VALUES, "a parameter cast to " + (cast == Storage.BYTEA ? "bytea" : "text")
          + " for a column stored as " + (storage == Storage.BYTEA ? "bytea" : "text"));
    }
  }

  private static void requireComparable(Expression literal, EncryptedColumn column) {
    if (!LiteralTypes.comparable(literal, column.type())) {
      throw Refused.on(column, Rejection.Reason.MIXED_VALUES, "comparing a literal of type " + LiteralTypes.describe(literal)
          + " with a column of type " + column.type().name().toLowerCase(Locale.ROOT) + " (PostgreSQL has no such comparison)");
    }
  }

  /** Records a search literal (a pattern, or a value compared lower-cased) and returns its marker. */
  Expression searchLiteral(Expression node, EncryptedColumn column, Storage storage, SearchPredicate search) {
    requireComparable(node, column);
    String text = literalText(node, column);
    LiteralSlot slot = new LiteralSlot(literals.size(), column, ParameterRole.SEARCH, storage, text, search);
    literals.add(slot);
    writtenStrings.add(writtenString(node));
    rewritten = true;
    return new JdbcParameter(slot.ordinal(), true, marker + "L");
  }

  /** A value that ended up not going to an encrypted column: a parameter among them is plain. */
  void bindPlain(Origin origin) {
    if (origin.kind() == Origin.Kind.PARAMETER) {
      JdbcParameter parameter = (JdbcParameter) origin.node();
      if (!byIndex.containsKey(parameter.getIndex())) {
        parameterNodes.add(parameter);
        byIndex.put(parameter.getIndex(), ParameterBinding.plain(parameter.getIndex()));
      }
    }
  }

  /** Records a literal slot and returns the marker that replaces the literal in the physical SQL. */
  Expression literal(Expression node, EncryptedColumn column, ParameterRole role, Storage storage) {
    if (role != ParameterRole.VALUE) {
      // An assignment converts as PostgreSQL's assignment casts do (5 into a text column is '5'); a comparison does not.
      requireComparable(node, column);
    } else if (!LiteralTypes.assignable(node, column.type())) {
      throw Refused.on(column, Rejection.Reason.MIXED_VALUES, "assigning a literal of type " + LiteralTypes.describe(node)
          + " to a column of type " + column.type().name().toLowerCase(Locale.ROOT) + " (PostgreSQL fails it or stores another text)");
    }
    String text = literalText(node, column);
    LiteralSlot slot = new LiteralSlot(literals.size(), column, role, storage, text);
    literals.add(slot);
    writtenStrings.add(writtenString(node));
    rewritten = true;
    return new JdbcParameter(slot.ordinal(), true, marker + "L");
  }

  /**
   * Replaces the text of every string literal slot with the value the server reads for it, as
   * {@link SqlScanner} decoded it: JSqlParser keeps a string's text as written (a backslash stays a
   * backslash), but with standard_conforming_strings off the server reads {@code 'M\\x'} as
   * {@code M\x}, and that value is what must be encrypted.
   *
   * @throws Refused when the server's reading has no literal written like the parser's
   */
  void decodeLiterals(ScannedSql scanned) {
    for (int i = 0; i < literals.size(); i++) {
      String written = writtenStrings.get(i);
      if (written == null) {
        continue;
      }
      LiteralSlot slot = literals.get(i);
      String value = scanned.decodedLiteral(written);
      if (value == null) {
        throw Refused.on(slot.column(), Rejection.Reason.LITERAL, "a literal the server reads differently from the parser (use a parameter)");
      }
      literals.set(i, new LiteralSlot(slot.ordinal(), slot.column(), slot.role(), slot.storage(), value, slot.search()));
    }
  }

  Mark mark() {
    return new Mark(literals.size(), rewritten, java.util.Set.copyOf(byIndex.keySet()));
  }

  /** The column of a MATCH parameter bound or a literal recorded since {@code mark}, or null. */
  EncryptedColumn encryptedMatchSince(Mark mark) {
    for (ParameterBinding binding : byIndex.values()) {
      if (!mark.bound().contains(binding.index()) && binding.role() == ParameterRole.MATCH) {
        return binding.column();
      }
    }
    return literals.size() > mark.literalCount() ? literals.get(literals.size() - 1).column() : null;
  }

  /** The column of the last literal or encrypted parameter, for a message. */
  EncryptedColumn lastEncryptedColumn() {
    if (!literals.isEmpty()) {
      return literals.get(literals.size() - 1).column();
    }
    return byIndex.values().stream().filter(ParameterBinding::encrypted).reduce((a, b) -> b).map(ParameterBinding::column)
        .orElseThrow(() -> new Unhandled("condition rewritten without an encrypted column"));
  }

  void resetRewrittenTo(Mark mark) {
    rewritten = mark.rewritten();
  }

  /** A literal as written in SQL: string, number, boolean, {@code DATE '...'}, {@code '42'::int}. */
  static boolean isLiteral(Expression expression) {
    if (expression instanceof StringValue || expression instanceof LongValue || expression instanceof DoubleValue
        || expression instanceof BooleanValue || expression instanceof DateValue || expression instanceof TimeValue
        || expression instanceof TimestampValue) {
      return true;
    }
    if (expression instanceof SignedExpression signed) {
      return signed.getExpression() instanceof LongValue || signed.getExpression() instanceof DoubleValue;
    }
    // DATE '2024-01-31' and '42'::int are literals with a type written next to them; a type that
    // changes the value ('x'::char(4), ::varchar(6), ::char, ::timestamp(0), ::numeric(5,1)) makes
    // it a computation of the server's, as is an array type.
    return expression instanceof CastExpression cast && cast.getLeftExpression() instanceof StringValue && castKeepsTheValue(cast);
  }

  private static final java.util.Set<String> PADDED_TYPES = java.util.Set.of("char", "character", "bpchar", "nchar");

  private static boolean castKeepsTheValue(CastExpression cast) {
    var type = cast.getColDataType();
    if (type == null || type.getDataType() == null) {
      return true;   // DATE '...', TIMESTAMP '...': JSqlParser's typed literal forms
    }
    boolean arguments = type.getArgumentsStringList() != null && !type.getArgumentsStringList().isEmpty();
    boolean array = type.getArrayData() != null && !type.getArrayData().isEmpty();
    String name = type.getDataType().toLowerCase(Locale.ROOT);
    return !arguments && !array && !PADDED_TYPES.contains(name) && !name.contains("(");
  }

  /** A string literal as written in the SQL, quotes included ({@code 'it''s'}), or null when the literal is not a string. */
  private static String writtenString(Expression node) {
    Expression literal = node instanceof CastExpression cast ? cast.getLeftExpression() : node;
    if (literal instanceof StringValue string) {
      return "'" + string.getValue() + "'";
    }
    if (literal instanceof DateValue || literal instanceof TimeValue || literal instanceof TimestampValue) {
      String written = literal.toString();
      int open = written.indexOf('\'');
      int close = written.lastIndexOf('\'');
      return open >= 0 && close > open ? written.substring(open, close + 1) : null;
    }
    return null;
  }

  /** The plaintext of a literal as the application meant it (SQL quoting removed). */
  private static boolean isNumber(Expression literal) {
    return literal instanceof LongValue || literal instanceof DoubleValue;
  }

  private static String literalText(Expression node, EncryptedColumn column) {
    Expression literal = node instanceof CastExpression cast ? cast.getLeftExpression() : node;
    if (literal instanceof StringValue string) {
      String prefix = string.getPrefix();
      if (prefix != null && !prefix.isEmpty()) {
        throw Refused.on(column, Rejection.Reason.LITERAL, "string literal with prefix " + prefix.toUpperCase(Locale.ROOT) + " (use a parameter)");
      }
      return string.getValue().replace("''", "'");
    }
    if (literal instanceof SignedExpression signed && isNumber(signed.getExpression())) {
      BigDecimal value = new BigDecimal(signed.getExpression().toString());
      return (signed.getSign() == '-' ? value.negate() : value).toPlainString();
    }
    if (isNumber(literal)) {
      // The number PostgreSQL reads, in the text it writes for it: 007 is 7, 1e3 is 1000, -0 is 0, 1.50 stays 1.50.
      return new BigDecimal(literal.toString()).toPlainString();
    }
    if (literal instanceof BooleanValue bool) {
      return Boolean.toString(bool.getValue());
    }
    if (literal instanceof DateValue || literal instanceof TimeValue || literal instanceof TimestampValue) {
      String written = literal.toString();
      int open = written.indexOf('\'');
      int close = written.lastIndexOf('\'');
      if (open >= 0 && close > open) {
        return written.substring(open + 1, close);
      }
    }
    throw Refused.on(column, Rejection.Reason.LITERAL, "literal of this form (use a parameter)");
  }
}
