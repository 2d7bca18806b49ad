/**
 * SQL analysis: each distinct SQL string is parsed once (JSqlParser, on the calling thread, within
 * a time bound) into an immutable {@link dev.banata.vault.sql.StatementPlan} kept in a bounded
 * {@link dev.banata.vault.sql.PlanCache}. A plan says which parameters and literals are bound for
 * which encrypted column and how (VALUE or MATCH), which result columns hold envelopes to decrypt,
 * the physical SQL to send for a number of live key versions, or why the statement is rejected
 * ({@link dev.banata.vault.sql.Rejection}, SQLState 0A000). Depends on {@code config} only; knows
 * nothing of keys or ciphers.
 */
package dev.banata.vault.sql;
