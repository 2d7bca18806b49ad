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
  /** A function, cast, operator or aggregate applied to an encrypted column. */
  FUNCTION("function"),
  /** Equality on a randomized column. */
  RANDOMIZED_EQUALITY("randomized-equality"),
  /** An encrypted column compared with, or assigned from, a plain column, a value of another encryption or an expression. */
  MIXED_VALUES("mixed-values"),
  /** A literal form the driver does not rewrite (use a parameter). */
  LITERAL("literal"),
  /** A table whose columns the catalog does not list. */
  UNKNOWN_COLUMNS("unknown-columns"),
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
    if (text.contains("unparseable") || text.contains("parser") || text.contains("server reads")) {
      return UNPARSEABLE;
    }
    if (text.contains("randomized column")) {
      return RANDOMIZED_EQUALITY;
    }
    if (text.contains("catalog does not list")) {
      return UNKNOWN_COLUMNS;
    }
    if (text.contains("literal")) {
      return LITERAL;
    }
    if (text.contains("different encryption") || text.contains("plain") || text.contains("not encrypted")) {
      return MIXED_VALUES;
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
    if (text.startsWith("function") || text.contains("cast") || text.contains("aggregate") || text.contains("operator")) {
      return FUNCTION;
    }
    return OTHER;
  }
}
