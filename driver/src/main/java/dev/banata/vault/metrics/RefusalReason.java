package dev.banata.vault.metrics;

import java.util.Locale;

/**
 * The {@code reason} tag of {@code vault.statements.refused}: a short fixed word for what the
 * analysis' operation text says, so that the tag has few values (the text itself names functions,
 * counts and columns). Computed on refusal only, with plain string tests. Counted: the statements the
 * analysis refuses and those a key rotation makes ambiguous; not (yet) the JDBC layer's own refusals of
 * a setter, getter, callable statement or updatable result on an encrypted column.
 */
public enum RefusalReason {
  /** {@code LIKE}, {@code ILIKE}, {@code SIMILAR TO}, regular expressions. */
  PATTERN_MATCH("pattern-match"),
  /** {@code <}, {@code >}, {@code BETWEEN} and other orderings. */
  ORDERING("ordering"),
  /** {@code ORDER BY} an encrypted column where the driver cannot order rows itself. */
  ORDER_BY("order-by"),
  /** A function, window function, cast, operator or aggregate applied to an encrypted column. */
  FUNCTION("function"),
  /** An encrypted column inside an expression the database would have to compute: {@code CASE}, a row value, a whole-row reference, an assignment from an expression. */
  EXPRESSION("expression"),
  /** Equality on a randomized column. */
  RANDOMIZED_EQUALITY("randomized-equality"),
  /** An encrypted column compared with, or assigned from, a plain column, a plain value or a column of another encryption. */
  MIXED_VALUES("mixed-values"),
  /** A literal form the driver does not rewrite (use a parameter). */
  LITERAL("literal"),
  /** A table whose columns the catalog does not list. */
  UNKNOWN_COLUMNS("unknown-columns"),
  /** A statement shape the driver does not handle: several statements, numbered or named parameters, MERGE, PREPARE, COPY, a rename of an encrypted name... */
  STATEMENT_SHAPE("statement-shape"),
  /** Code the server would run on ciphertext: a view, a function or procedure body, a DO block, a trigger, a rule, a row-level security policy, an expression in DDL. */
  SERVER_SIDE_CODE("server-side-code"),
  /** SQL the parser cannot read, or reads differently from the server. */
  UNPARSEABLE("unparseable-sql"),
  /** More than one key version is live and the statement compares stored ciphertexts. */
  KEY_ROTATION("key-rotation"),
  /** Anything else. */
  OTHER("other");

  private final String tag;

  RefusalReason(String tag) {
    this.tag = tag;
  }

  /** The tag value. */
  public String tag() {
    return tag;
  }

  /** The reason of a rejection whose operation (as the analysis names it) is {@code operation}. */
  public static RefusalReason of(String operation) {
    if (operation == null) {
      return OTHER;
    }
    String text = operation.toLowerCase(Locale.ROOT);
    if (text.contains("literal")) {
      return LITERAL;
    }
    if (text.contains("unparseable") || text.contains("parser") || text.contains("server reads") || text.contains("server cannot read")
        || text.contains("read differently") || text.contains("unicode-escaped")) {
      return UNPARSEABLE;
    }
    if (text.startsWith("a view") || text.contains("procedure body") || text.startsWith("a do block") || text.startsWith("a trigger")
        || text.startsWith("a rule") || text.startsWith("a row-level security policy") || text.contains("in ddl")) {
      return SERVER_SIDE_CODE;
    }
    if (text.contains("randomized column")) {
      return RANDOMIZED_EQUALITY;
    }
    if (text.contains("catalog does not list") || text.contains("columns are not known")) {
      return UNKNOWN_COLUMNS;
    }
    if (text.startsWith("unsupported statement shape") || text.startsWith("insert with") || text.startsWith("prepare")
        || text.startsWith("copy (") || text.startsWith("alter table ... rename")) {
      return STATEMENT_SHAPE;
    }
    if (text.contains("different encryption") || text.contains("a plain ") || text.contains("not encrypted")) {
      return MIXED_VALUES;
    }
    if (text.startsWith("case") || text.contains("expression") && !text.contains("jsonexpression") || text.startsWith("comparison outside")
        || text.startsWith("row value") || text.startsWith("whole-row")) {
      return EXPRESSION;
    }
    if (text.startsWith("order by")) {
      return ORDER_BY;
    }
    if (text.contains("like") || text.contains("similar") || text.startsWith("~")) {
      return PATTERN_MATCH;
    }
    if (text.startsWith("<") || text.startsWith(">") || text.startsWith("between")) {
      return ORDERING;
    }
    if (text.contains("function") || text.contains("cast") || text.contains("aggregate") || text.contains("operator")
        || text.contains("jsonexpression")) {
      return FUNCTION;
    }
    return OTHER;
  }
}
