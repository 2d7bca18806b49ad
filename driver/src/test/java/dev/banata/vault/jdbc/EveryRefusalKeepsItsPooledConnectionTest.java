package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path on which the vault refuses something is the one exception type, {@link VaultSqlException}
 * with SQLState 0A000, and through HikariCP configured as docs/DRIVER.md says
 * ({@code exceptionOverrideClassName = HikariRejectionOverride}) it keeps its pooled connection: the
 * same server backend afterwards, the application's transaction intact, one connection in the pool.
 * Without the override each of them costs the connection, which shows that each one reaches
 * HikariCP's eviction rule (0A000) and that the check below notices an eviction.
 */
@DatabaseTest
class EveryRefusalKeepsItsPooledConnectionTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource withOverride;
  private static HikariDataSource withoutOverride;
  private static final AtomicLong ids = new AtomicLong(100);

  @FunctionalInterface
  interface Refusal {
    void run(Connection connection) throws SQLException;
  }

  record Path(String name, Refusal refusal) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Path> everyRefusalPath() {
    return Stream.of(
        new Path("prepareStatement of a refused statement (analysis)",
            c -> c.prepareStatement("SELECT id FROM customers WHERE email LIKE ?")),
        new Path("Statement.executeQuery of a refused statement",
            c -> c.createStatement().executeQuery("SELECT id FROM customers ORDER BY ssn LIMIT 3")),
        new Path("Statement.addBatch of a refused statement",
            c -> c.createStatement().addBatch("UPDATE customers SET name = 'x' WHERE lower(email) = 'a'")),
        new Path("Statement.addBatch of DML after a search_path change in the same batch", c -> {
          Statement statement = c.createStatement();
          statement.addBatch("SET search_path TO public");
          statement.addBatch("UPDATE customers SET name = 'x' WHERE id = 1");
        }),
        new Path("unparseable SQL naming an encrypted table",
            c -> c.createStatement().execute("SELECT email FROM customers WHERE ((( email")),
        new Path("generated keys by column index (prepared)",
            c -> c.prepareStatement("INSERT INTO customers (id, email) VALUES (?, ?)", new int[] {1})),
        new Path("generated keys by column index (plain statement)",
            c -> c.createStatement().executeUpdate("INSERT INTO customers (id, email) VALUES (7, 'k@example.com')", new int[] {1})),
        new Path("generated keys of a table the catalog does not list (TargetTable)",
            c -> c.prepareStatement("INSERT INTO elsewhere.customers (id, email) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)),
        new Path("generated keys of a table the catalog does not list (plain statement)",
            c -> c.createStatement().executeUpdate("INSERT INTO elsewhere.customers (id, email) VALUES (8, 'k@example.com')",
                Statement.RETURN_GENERATED_KEYS)),
        new Path("callable statement over encrypted columns",
            c -> c.prepareCall("SELECT email FROM customers WHERE id = ?")),
        new Path("setter the vault cannot encrypt",
            c -> c.prepareStatement("SELECT id FROM customers WHERE email = ?").setArray(1, null)),
        new Path("getter the vault cannot decrypt", c -> {
          ResultSet rows = c.createStatement().executeQuery("SELECT email FROM customers WHERE id = 1");
          rows.next();
          rows.getBlob(1);
        }),
        new Path("updatable result set (plain statement)",
            c -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE).executeQuery("SELECT id, email FROM customers")),
        new Path("updatable result set (prepared)",
            c -> c.prepareStatement("SELECT id, email FROM customers", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE)));
  }

  @BeforeAll
  static void start() throws SQLException {
    Customers.create(db);
    withOverride = pool(true);
    withoutOverride = pool(false);
    try (Connection connection = withOverride.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO customers (id, name, email) VALUES (1, 'n', 'r@example.com')");
    }
  }

  @AfterAll
  static void stop() {
    withOverride.close();
    withoutOverride.close();
  }

  /** One connection, so that a new server backend afterwards means the pool replaced it. */
  private static HikariDataSource pool(boolean override) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(db.vaultUrl());
    hikari.setDriverClassName(VaultDriver.class.getName());
    hikari.setUsername(db.user());
    hikari.setPassword(db.password());
    hikari.addDataSourceProperty("vault.config", Customers.CONFIG);
    if (override) {
      hikari.setExceptionOverrideClassName("dev.banata.vault.jdbc.HikariRejectionOverride");
    }
    hikari.setMaximumPoolSize(1);
    hikari.setMinimumIdle(1);
    hikari.setPoolName(override ? "refusals-with-override" : "refusals-without-override");
    return new HikariDataSource(hikari);
  }

  private static int backend(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void assertRefused(Path path, Connection connection) {
    assertThatThrownBy(() -> path.refusal().run(connection)).as(path.name())
        .isInstanceOf(VaultSqlException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRefusalPath")
  void theRefusalKeepsThePooledConnectionAndItsTransaction(Path path) throws SQLException {
    long id = ids.incrementAndGet();
    int backend;
    try (Connection connection = withOverride.getConnection()) {
      backend = backend(connection);
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email) VALUES (?, ?)")) {
        insert.setLong(1, id);
        insert.setString(2, "t" + id + "@example.com");
        insert.executeUpdate();
      }
      assertRefused(path, connection);
      assertThat(backend(connection)).isEqualTo(backend);
      connection.commit();
      connection.setAutoCommit(true);
    }
    try (Connection connection = withOverride.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT email FROM customers WHERE id = ?")) {
      assertThat(backend(connection)).as("the same physical connection").isEqualTo(backend);
      select.setLong(1, id);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).as("the transaction around the refusal committed").isTrue();
        assertThat(rows.getString(1)).isEqualTo("t" + id + "@example.com");
      }
    }
    assertThat(withOverride.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRefusalPath")
  void withoutTheOverrideHikariEvictsTheConnection(Path path) throws SQLException {
    int backend;
    try (Connection connection = withoutOverride.getConnection()) {
      backend = backend(connection);
      assertRefused(path, connection);
    }
    try (Connection connection = withoutOverride.getConnection()) {
      assertThat(backend(connection)).as("a new physical connection").isNotEqualTo(backend);
    }
  }
}
