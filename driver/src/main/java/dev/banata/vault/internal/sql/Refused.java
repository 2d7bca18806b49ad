package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;

/**
 * Thrown during a walk to reject the statement: an operation the ciphertext cannot answer.
 * {@link StatementAnalyzer} turns it into a rejected plan. No stack trace: it is an answer, not a bug.
 */
final class Refused extends RuntimeException {

  final transient Rejection rejection;

  Refused(Rejection rejection) {
    super(rejection.message(), null, false, false);
    this.rejection = rejection;
  }

  /** {@code operation} is refused on encrypted column {@code column}. */
  static Refused on(EncryptedColumn column, Rejection.Reason reason, String operation) {
    return new Refused(new Rejection(column.table().name(), column.column().name(), reason, operation));
  }

  /** {@code operation} is refused on the encrypted table {@code table} as a whole (or on {@code column} of it). */
  static Refused on(String table, String column, Rejection.Reason reason, String operation) {
    return new Refused(new Rejection(table, column, reason, operation));
  }

  /** {@code operation} is refused on the table of {@code source} as a whole. */
  static Refused onTable(Source source, Rejection.Reason reason, String operation) {
    String table = source == null || source.tableName() == null ? "?" : source.tableName().name();
    return new Refused(new Rejection(table, null, reason, operation));
  }
}
