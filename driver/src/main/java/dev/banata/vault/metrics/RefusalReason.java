package dev.banata.vault.metrics;

/**
 * The {@code reason} tag of {@code vault.statements.refused}: a short fixed word for the kind of
 * operation refused, so that the tag has few values (the refusal's text itself names functions,
 * counts and columns). The analysis chooses the reason where it refuses, never from the text.
 * Counted: the statements the analysis refuses and those a key rotation makes ambiguous; not (yet)
 * the JDBC layer's own refusals of a setter, getter, callable statement or updatable result on an
 * encrypted column.
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
}
