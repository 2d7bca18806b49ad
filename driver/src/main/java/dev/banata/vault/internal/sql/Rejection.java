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
 * @param operation the operation as the user wrote it or a short description ({@code LIKE},
 *     {@code ORDER BY}, {@code function lower}, {@code = on a randomized column}, {@code unparseable SQL})
 */
public record Rejection(String table, String column, String operation) {

  /**
   * The SQLState of every rejection, feature not supported: {@code VaultSqlState.FEATURE_NOT_SUPPORTED}
   * of the error catalogue, which this package cannot see (it knows no JDBC layer);
   * {@code ErrorsComeFromOneCatalogueTest} checks that the two agree.
   */
  public static final String SQL_STATE = "0A000";

  public Rejection {
    Objects.requireNonNull(table, "table");
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
