package dev.banata.vault.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own for one test class, on the JVM's shared {@link PostgresServer}.
 *
 * <pre>{@code
 * @DatabaseTest
 * class SomethingTest {
 *   @RegisterExtension static final TestSchema db = new TestSchema();
 *   ... DriverManager.getConnection(db.vaultUrl(), db.user(), db.password()) ...
 * }
 * }</pre>
 *
 * <p>The class must carry {@link DatabaseTest}; {@code beforeAll} fails otherwise.
 *
 * <p>Every URL it hands out selects the schema with pgjdbc's {@code currentSchema}, so unqualified
 * {@code CREATE TABLE} lands in it. The schema is dropped with everything in it after the class.
 */
public final class TestSchema implements BeforeAllCallback, AfterAllCallback {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private String name;

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    if (!context.getTags().contains(DatabaseTest.TAG)) {
      // Without the tag a fast run (-Pfast, groups=!db) would pick the class up and need a server.
      throw new IllegalStateException(context.getRequiredTestClass().getName()
          + " uses TestSchema but is not annotated @DatabaseTest (JUnit tag \"" + DatabaseTest.TAG + "\")");
    }
    String base = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    name = "t_" + (base.length() > 40 ? base.substring(0, 40) : base) + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    execute("CREATE SCHEMA " + name);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (name != null) {
      execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }

  public String name() {
    return requireStarted();
  }

  /** Plain pgjdbc URL selecting this schema. */
  public String url() {
    String base = server().jdbcUrl();
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + requireStarted();
  }

  /** The same URL behind the vault driver: {@code jdbc:vault:postgresql:...}. */
  public String vaultUrl() {
    return "jdbc:vault:" + url().substring("jdbc:".length());
  }

  public String user() {
    return server().user();
  }

  public String password() {
    return server().password();
  }

  /** A plain (unencrypted) connection to this schema: what a DBA with read access sees. */
  public Connection plainConnection() throws SQLException {
    return DriverManager.getConnection(url(), user(), password());
  }

  /** A plain pgjdbc data source for this schema. */
  public PGSimpleDataSource plainDataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(url());
    dataSource.setUser(user());
    dataSource.setPassword(password());
    return dataSource;
  }

  /** Runs statements on a plain connection, e.g. to create the tables of a test. */
  public void execute(String... sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(server().jdbcUrl(), user(), password());
        Statement statement = connection.createStatement()) {
      if (name != null) {
        statement.execute("SET search_path TO " + name);
      }
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  /**
   * The first column of {@code sql}'s first row as a long, read on a plain connection. A failure is
   * thrown as an {@link IllegalStateException}, so that the call fits a supplier a test polls.
   */
  public long queryLong(String sql) {
    try (Connection connection = plainConnection(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static PostgresServer server() {
    return PostgresServer.get();
  }

  private String requireStarted() {
    if (name == null) {
      throw new IllegalStateException("TestSchema is used before its beforeAll ran; register it with @RegisterExtension on a static field");
    }
    return name;
  }
}
