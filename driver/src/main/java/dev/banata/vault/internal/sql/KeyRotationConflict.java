package dev.banata.vault.internal.sql;

import java.util.Objects;

/**
 * Why a statement is correct only while one key version is live: it makes the database compare
 * stored ciphertexts of a deterministic column with each other ({@code GROUP BY email},
 * {@code count(DISTINCT email)}, {@code DISTINCT}, {@code UNION}, {@code email IN (SELECT email ...)},
 * a join on {@code a.email = b.email}, {@code ON CONFLICT (email)}). During a key rotation a
 * plaintext has one ciphertext per live version, so those comparisons would silently answer wrongly
 * (two groups for one value, a duplicate where a conflict was expected). The JDBC layer refuses such
 * a statement (SQLState {@code 55000}, object not in prerequisite state: unlike {@code 0A000} the same
 * statement works again once the rotation has finished) while more than one version is live.
 *
 * @param table the table of the compared column
 * @param column the compared column
 * @param operation what compares it ({@code GROUP BY}, {@code =}, {@code ON CONFLICT}, ...)
 */
public record KeyRotationConflict(String table, String column, String operation) {

  public KeyRotationConflict {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(operation, "operation");
  }

  /**
   * The message while {@code liveVersions} versions are live, without the vault's prefix (the JDBC
   * layer adds it); names table, column and operation, never a value.
   */
  public String message(int liveVersions) {
    return operation + " on encrypted column " + table + "." + column
        + " makes the database compare stored ciphertexts, which differ between key versions while a key rotation is in progress ("
        + liveVersions + " live key versions); the statement was not sent. It works again when the rotation has finished"
        + " (every row re-encrypted and the old version retired, so that one version is live)";
  }
}
