package dev.banata.vault.internal.sql;

/**
 * Thrown during a walk for a statement shape the walker does not understand; {@link StatementAnalyzer}
 * is the one place that decides what happens to it. The reason never contains SQL text.
 */
final class Unhandled extends RuntimeException {

  Unhandled(String reason) {
    super(reason, null, false, false);
  }
}
