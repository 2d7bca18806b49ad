/**
 * Plumbing every layer shares to talk to the database, one home each:
 * {@link dev.banata.vault.internal.database.Transaction} (the one rule for commit, rollback and auto-commit),
 * {@link dev.banata.vault.internal.database.DriverDataSource} (a JDBC driver and URL as a {@code DataSource}) and
 * {@link dev.banata.vault.internal.database.VaultUrl} (how a {@code jdbc:vault:} or delegate URL is taken apart:
 * the prefix stripped once, {@code vault.*} parameters decoded and kept aside).
 *
 * <p>May use: {@code config} (which properties are vault properties) and {@code java.sql}. Used by
 * {@code jdbc}, {@code keys}, {@code secrets}, {@code rewrite} and {@code admin}; knows none of them.
 */
package dev.banata.vault.internal.database;
