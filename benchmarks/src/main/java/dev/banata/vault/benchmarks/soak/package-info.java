/**
 * The soak ({@code Soak}): an application at a fixed rate of mixed reads and writes through HikariCP
 * over {@code jdbc:vault:} against its own statement-logging PostgreSQL for a long time, with
 * {@code rotate} at half time and a server restart at a seeded moment; at the end every row is checked
 * against the workers' models and the server log is searched for plaintext ({@code SoakVerification}).
 *
 * <p>Not published. May use: {@code jdbc}, {@code dev.banata.vault.admin}, {@code internal.crypto}
 * (reading stored envelopes), {@code vault-test-support}, HikariCP, pgjdbc.
 */
package dev.banata.vault.benchmarks.soak;
