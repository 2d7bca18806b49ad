package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.PrivateServer;
import dev.banata.vault.testing.StatementLoggingPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application that runs the same statements over and over through a HikariCP pool, preparing
 * each one every time as application code does: once each SQL string has been seen (and pgjdbc has
 * made it a server-side prepared statement on each connection), the driver parses nothing and asks
 * the server nothing of its own. Counted, not timed: the plan cache's analyses stay where they were
 * and every lookup is a hit; a server that logs everything it receives ({@link StatementLoggingPostgres})
 * sees only the application's statements, executed, never parsed again, and no catalog or
 * search-path query between them.
 */
@DatabaseTest
class SteadyStateStatementsParseNothingTest {

  private static final String INSERT = "INSERT INTO customers (id, name, email, ssn) VALUES (?, ?, ?, ?)";
  private static final String BY_ID = "SELECT name, email, ssn FROM customers WHERE id = ?";
  private static final String BY_EMAIL = "SELECT id, name, ssn FROM customers WHERE email = ?";
  private static final String UPDATE = "UPDATE customers SET ssn = ?, name = ? WHERE id = ?";
  private static final List<String> STATEMENTS = List.of(INSERT, BY_ID, BY_EMAIL, UPDATE);

  /** Past pgjdbc's prepareThreshold (5) on every connection: from then on its statements are named and parsed once. */
  private static final int WARM_UP_ROUNDS = 8;
  private static final int STEADY_ROUNDS = 25;
  private static final int CONNECTIONS = 2;

  @RegisterExtension static final PrivateServer<StatementLoggingPostgres> server = PrivateServer.of(StatementLoggingPostgres::start);
  private static HikariDataSource pool;
  private static long nextId = 1;

  @BeforeAll
  static void start() throws Exception {
    try (Connection connection = server.get().unloggedConnection(); Statement statement = connection.createStatement()) {
      statement.execute(Customers.CREATE_TABLE);
    }
    HikariConfig hikari = Customers.poolConfig(server.get().url().replace("jdbc:postgresql:", "jdbc:vault:postgresql:"),
        server.get().user(), "", Customers.CONFIG);
    // Not within the test: a key refresh reads vault_key (on a connection of its own, but still a query of the driver's).
    hikari.addDataSourceProperty("vault.key-refresh-seconds", "3600");
    hikari.setMaximumPoolSize(CONNECTIONS);
    hikari.setMinimumIdle(CONNECTIONS);
    hikari.setPoolName("steady-state");
    pool = new HikariDataSource(hikari);
  }

  @AfterAll
  static void stop() {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void repeatedStatementsAreNeitherAnalysedNorParsedAgainAndReadNoMetadata() throws SQLException {
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      roundOnEveryConnection();
    }
    VaultRuntime runtime = runtime();
    long analysesBefore = runtime.plans().misses();
    long hitsBefore = runtime.plans().hits();
    long logBefore = server.get().logSize();

    for (int round = 0; round < STEADY_ROUNDS; round++) {
      roundOnEveryConnection();
    }

    String logged = server.get().logSince(logBefore);
    assertThat(runtime.plans().misses()).as("statements analysed in steady state").isEqualTo(analysesBefore);
    assertThat(runtime.plans().hits() - hitsBefore).as("plan lookups: one per prepareStatement")
        .isEqualTo((long) STEADY_ROUNDS * CONNECTIONS * STATEMENTS.size());
    List<String> executed = linesWith(logged, "execute ");
    assertThat(executed).as("executions the server logged").hasSize(STEADY_ROUNDS * CONNECTIONS * STATEMENTS.size());
    assertThat(executed).as("every execution is one of the application's statements, under a server-side prepared name")
        .allSatisfy(line -> assertThat(line).containsPattern("execute S_\\d+: ")
            .satisfies(text -> assertThat(STATEMENTS.stream().map(SteadyStateStatementsParseNothingTest::asTheServerReadsIt)
                .anyMatch(text::endsWith)).as(text).isTrue()));
    assertThat(linesWith(logged, " parse ")).as("statements the server parsed in steady state").isEmpty();
    assertThat(linesWith(logged, "statement: ")).as("simple-protocol queries (the driver's own lookups)").isEmpty();
    assertThat(logged).as("catalog or search-path reads").doesNotContain("pg_catalog").doesNotContain("search_path")
        .doesNotContain("vault_key");
  }

  /**
   * The counts above can move: a statement not seen before is analysed, parsed by the server, and
   * after {@code setSchema} (which may change how names resolve) the driver reads the search path.
   */
  @Test
  void aNewStatementOrAChangedSearchPathShowsInTheSameCounts() throws SQLException {
    roundOnEveryConnection();
    VaultRuntime runtime = runtime();
    long analysesBefore = runtime.plans().misses();
    long logBefore = server.get().logSize();
    try (Connection connection = pool.getConnection()) {
      connection.setSchema("public");
      try (PreparedStatement select = connection.prepareStatement("SELECT email FROM customers WHERE id = ? AND name = ?")) {
        select.setLong(1, 1);
        select.setString(2, "nobody");
        select.executeQuery().close();
      }
    }
    String logged = server.get().logSince(logBefore);
    assertThat(runtime.plans().misses()).as("statements analysed").isEqualTo(analysesBefore + 1);
    assertThat(linesWith(logged, " parse ")).as("statements the server parsed").isNotEmpty();
    assertThat(logged).as("the search path read again").contains("current_setting('search_path')");
  }

  /** Every statement once on each pooled connection (held at the same time, so the pool hands out both). */
  private static void roundOnEveryConnection() throws SQLException {
    try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
      for (Connection connection : List.of(first, second)) {
        statements(connection, nextId++);
      }
    }
  }

  private static void statements(Connection connection, long id) throws SQLException {
    String email = "steady-" + id + "@example.com";
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setLong(1, id);
      insert.setString(2, "Customer " + id);
      insert.setString(3, email);
      insert.setString(4, "ssn-" + id);
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
    try (PreparedStatement select = connection.prepareStatement(BY_ID)) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(2)).isEqualTo(email);
        assertThat(row.getString(3)).isEqualTo("ssn-" + id);
      }
    }
    try (PreparedStatement select = connection.prepareStatement(BY_EMAIL)) {
      select.setString(1, email);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getLong(1)).isEqualTo(id);
      }
    }
    try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
      update.setString(1, "ssn-changed-" + id);
      update.setString(2, "Renamed " + id);
      update.setLong(3, id);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private static VaultRuntime runtime() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      return connection.unwrap(VaultConnection.class).runtime;
    }
  }

  /** The SQL as pgjdbc sends it (and the server logs it): parameters numbered {@code $1, $2, ...}. */
  private static String asTheServerReadsIt(String sql) {
    StringBuilder numbered = new StringBuilder();
    int parameter = 0;
    for (char c : sql.toCharArray()) {
      numbered.append(c == '?' ? "$" + ++parameter : String.valueOf(c));
    }
    return numbered.toString();
  }

  private static List<String> linesWith(String log, String needle) {
    return log.lines().filter(line -> line.contains(needle)).toList();
  }
}
