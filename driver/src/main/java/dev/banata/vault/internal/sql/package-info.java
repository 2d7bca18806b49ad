/**
 * SQL analysis: each distinct SQL string is parsed once (JSqlParser, on the calling thread, within
 * a time bound) into an immutable {@link dev.banata.vault.internal.sql.StatementPlan} kept in a bounded
 * {@link dev.banata.vault.internal.sql.PlanCache}. A plan says which parameters and literals are bound for
 * which encrypted column and how (VALUE or MATCH), which result columns hold envelopes to decrypt,
 * the physical SQL to send for a number of live key versions, or why the statement is rejected
 * ({@link dev.banata.vault.internal.sql.Rejection}, SQLState 0A000), and whether it is right only while one
 * key version is live ({@link dev.banata.vault.internal.sql.KeyRotationConflict}, SQLState 55000 while more
 * are). Depends on the configuration model ({@code config}, {@code annotations}) and {@code internal.metrics} (the plan cache's counters) only; knows nothing of keys or ciphers.
 *
 * <p>The walk of a parsed statement: {@code StatementWalker} (entry points) and the parts it shares
 * one {@code Walk} with: {@code QueryWalker}, {@code NameResolver}, {@code Assignments},
 * {@code ConditionRewriter}, {@code SearchConditions}, {@code ValueClassifier}, {@code OuterOrderBy};
 * what an encrypted column may do is decided in one place, {@code CiphertextPolicy}, and which
 * literal types compare with which column types in {@code LiteralTypes}.
 */
package dev.banata.vault.internal.sql;
