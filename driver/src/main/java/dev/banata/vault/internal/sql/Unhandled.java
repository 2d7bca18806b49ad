package dev.banata.vault.internal.sql;

/**
 * Thrown during a walk for a statement shape the walker does not understand; {@link StatementAnalyzer}
 * is the one place that decides what happens to it. The reason never contains SQL text.
 */
final class Unhandled extends RuntimeException {

  /** The reason of the rejection when the statement names an encrypted table: a statement shape, unless said otherwise. */
  final transient Rejection.Reason kind;

  Unhandled(String reason) {
    this(Rejection.Reason.STATEMENT_SHAPE, reason);
  }

  /** A shape not handled because of {@code kind} (a join over columns the catalog does not list). */
  Unhandled(Rejection.Reason kind, String reason) {
    super(reason, null, false, false);
    this.kind = kind;
  }
}
