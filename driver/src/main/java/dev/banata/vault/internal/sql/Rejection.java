package dev.banata.vault.internal.sql;

import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;

/**
 * Why a statement must not be sent: an operation the database cannot answer on ciphertext (for
 * example {@code LIKE} on an encrypted column). The message names the table, the column and the
 * operation, never a value.
 *
 * @param table the table of the encrypted column (or the encrypted table the statement names)
 * @param column the encrypted column, or {@code null} when the rejection concerns the table as a whole
 *     (unparseable SQL, an unsupported statement shape)
 * @param reason what kind of operation is refused, chosen where the refusal is decided (the JDBC layer
 *     counts refusals by it); never derived from {@code operation}'s wording
 * @param operation the operation as the user wrote it or a short description ({@code LIKE},
 *     {@code ORDER BY}, {@code function lower}, {@code = on a randomized column}, {@code unparseable SQL})
 */
public record Rejection(String table, String column, Reason reason, String operation) {

  /** What kind of operation a rejection refuses: a short fixed list, whatever the operation's text names. */
  public enum Reason {
    /** {@code LIKE}, {@code ILIKE}, {@code SIMILAR TO}, regular expressions, and prefix search where it is not configured or not written as configured. */
    PATTERN_MATCH,
    /** {@code <}, {@code >}, {@code BETWEEN} and other orderings. */
    ORDERING,
    /** {@code ORDER BY} an encrypted column where the driver cannot order rows itself. */
    ORDER_BY,
    /** A function, window function, cast, operator or aggregate applied to an encrypted column. */
    FUNCTION,
    /** An encrypted column inside an expression the database would have to compute: {@code CASE}, a row value, a whole-row reference, an assignment from an expression. */
    EXPRESSION,
    /** Equality on a randomized column. */
    RANDOMIZED_EQUALITY,
    /** An encrypted column compared with, or assigned from, a plain column, a plain value or a column of another encryption. */
    MIXED_VALUES,
    /** A literal form the driver does not rewrite (use a parameter). */
    LITERAL,
    /** A table whose columns the catalog does not list. */
    UNKNOWN_COLUMNS,
    /** A statement shape the driver does not handle: several statements, a column count that does not match, MERGE, PREPARE, COPY, a rename of an encrypted name... */
    STATEMENT_SHAPE,
    /** Code the server would run on ciphertext: a view, a function or procedure body, a DO block, a trigger, a rule, a row-level security policy, an expression in DDL. */
    SERVER_SIDE_CODE,
    /** SQL the parser cannot read, or reads differently from the server. */
    UNPARSEABLE,
    /** Anything else (an ambiguous reference). */
    OTHER
  }

  /**
   * The SQLState of every rejection, feature not supported: {@code VaultSqlState.FEATURE_NOT_SUPPORTED}
   * of the error catalogue, which this package cannot see (it knows no JDBC layer);
   * {@code ErrorsComeFromOneCatalogueTest} checks that the two agree.
   */
  public static final String SQL_STATE = "0A000";

  public Rejection {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(operation, "operation");
  }

  /**
   * {@code <operation> is not supported on encrypted column customers.email; ...}: the detail of the
   * refusal, without the vault's prefix (the JDBC layer's {@code VaultSqlException} adds it, with
   * SQLState {@code 0A000}).
   */
  public String message() {
    String target = column == null ? "encrypted table " + table : "encrypted column " + table + "." + column;
    return operation + " is not supported on " + target
        + "; the statement was not sent (the database holds only ciphertext there)";
  }

  /**
   * The exception for where the analysis API itself must throw (generated keys of a plan): SQLState
   * {@value #SQL_STATE}, carrying this rejection. The JDBC layer never lets it reach the
   * application: it rethrows the rejection as its own refusal type, the one pools recognise.
   */
  public Thrown toSqlException() {
    return new Thrown(this);
  }

  /** A {@link Rejection} thrown; see {@link #toSqlException()}. */
  public static final class Thrown extends SQLFeatureNotSupportedException {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;

    private Thrown(Rejection rejection) {
      super(rejection.message(), SQL_STATE);
      this.rejection = rejection;
    }

    public Rejection rejection() {
      return rejection;
    }
  }

  @Override
  public String toString() {
    return message();
  }
}
