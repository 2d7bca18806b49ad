package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.StatementLoggingPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential fuzz's strings ({@link FuzzedSql}) sent through the wrapped driver to a real
 * PostgreSQL that logs every statement, every bind value and every failing statement: for each
 * string, what the server wrote to its log while running it holds none of the plaintexts the
 * unmutated statement encrypts, and no exception message holds one either. Each string runs in a
 * transaction that is rolled back, so DDL among them changes nothing for the next.
 *
 * <p>The default build runs the first {@value #DEFAULT_CASES} strings of the fuzz sequence
 * ({@code vault.fuzz.server.cases} to change it; {@code -Pfuzz} runs 20,000).
 */
@DatabaseTest
class FuzzedSqlLeavesNoPlaintextInTheServerLogTest {

  static final int DEFAULT_CASES = 300;

  private static final String CONFIG = """
      tables:
        customers:
          primary-key: id
          columns:
            email:      { mode: deterministic, context: customer-email }
            ssn:        { mode: randomized, context: pii }
            birth_date: { mode: randomized, type: date }
        archive_customers:
          primary-key: id
          columns:
            email: { mode: deterministic, context: customer-email }
            ssn:   { mode: randomized, context: pii }
        orders:
          primary-key: id
          columns:
            email: { mode: deterministic, context: customer-email }
        accounts:
          primary-key: id
          columns:
            email:   { mode: deterministic }
            token:   { mode: deterministic, type: bytes }
            api_key: { mode: randomized }
        '"Vault Users"':
          primary-key: id
          columns:
            '"Login"': { mode: deterministic }
        people:
          primary-key: id
          columns:
            last_name: { mode: deterministic, search: prefix }
            email:     { mode: deterministic, search: prefix, ignore-case: true, prefix-length: 8 }
            nick:      { mode: deterministic }
            secret:    { mode: randomized }
        visits:
          primary-key: id
          columns:
            visit_date: { mode: deterministic, type: date }
      """;

  private static StatementLoggingPostgres server;

  @BeforeAll
  static void start() throws Exception {
    server = StatementLoggingPostgres.start();
    try (Connection connection = server.unloggedConnection(); Statement statement = connection.createStatement()) {
      // CorpusSchema's tables, so that what the analysis plans against is what the server has.
      for (String table : new String[] {"customers", "staging", "plain_archive"}) {
        statement.execute("CREATE TABLE " + table
            + " (id int8 PRIMARY KEY, name text, email text, ssn text, birth_date text, created_at timestamptz)");
      }
      statement.execute("CREATE TABLE archive_customers (id int8 PRIMARY KEY, email text, ssn text)");
      statement.execute("CREATE TABLE orders (id int8 PRIMARY KEY, customer_id int8, email text, total numeric, note text)");
      statement.execute("CREATE TABLE accounts (id int8 PRIMARY KEY, email text, token bytea, api_key text)");
      statement.execute("CREATE TABLE \"Vault Users\" (id int8 PRIMARY KEY, \"Login\" text)");
      statement.execute("CREATE TABLE products (id int8 PRIMARY KEY, name text, price numeric)");
      statement.execute("CREATE TABLE leads (id int8 PRIMARY KEY, name text)");
      statement.execute("CREATE TABLE people (id int8 PRIMARY KEY, first_name text, last_name text, email text, nick text, secret text)");
      statement.execute("CREATE TABLE visits (id int8 PRIMARY KEY, visit_date text)");
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void noFuzzedStringLeavesAPlaintextInTheServersLog(@TempDir Path dir) throws Exception {
    int cases = Integer.getInteger("vault.fuzz.server.cases", DEFAULT_CASES);
    long seed = Long.getLong("vault.fuzz.seed", 20261201L);
    Path config = Files.writeString(dir.resolve("vault.yaml"), CONFIG);
    assertThatTheLogCanShowAPlaintext();

    int refused = 0;
    int ranOrFailedOnTheServer = 0;
    int checked = 0;
    try (Connection standard = vault(config, true); Connection escapes = vault(config, false)) {
      for (FuzzedSql.Case fuzzed : new FuzzedSql(cases, seed)) {
        Connection connection = fuzzed.standardConformingStrings() ? standard : escapes;
        long before = server.logSize();
        String outcome = run(connection, fuzzed);
        connection.rollback();
        String logged = server.logSince(before);
        for (String secret : fuzzed.secrets()) {
          assertThat(logged).as("the server's log while running %s", fuzzed.sql()).doesNotContain(secret);
          assertThat(outcome).as("the outcome of %s", fuzzed.sql()).doesNotContain(secret);
          checked++;
        }
        if (outcome.startsWith("0A000") || outcome.startsWith("55000")) {
          refused++;
        } else {
          ranOrFailedOnTheServer++;
        }
      }
    }
    // The sample reached the server often, with encrypted literals among it, or "no plaintext" would prove little.
    assertThat(ranOrFailedOnTheServer).as("strings sent").isGreaterThan(cases / 10);
    assertThat(refused).as("strings refused").isGreaterThan(cases / 10);
    assertThat(checked).as("plaintexts looked for").isGreaterThan(cases / 10);
    assertThat(server.linesContaining("bv1:", 1)).as("ciphertext of an encrypted literal in the log").hasSize(1);
    System.out.printf("FuzzedSqlLeavesNoPlaintextInTheServerLogTest: %d strings, %d refused, %d sent (ran or failed on the server),"
        + " %d plaintexts looked for in the log: none found%n", cases, refused, ranOrFailedOnTheServer, checked);
  }

  /** The check can fail: a plaintext sent over a plain connection is in the log. */
  private static void assertThatTheLogCanShowAPlaintext() throws SQLException {
    long before = server.logSize();
    try (Connection plain = server.connect(); Statement statement = plain.createStatement()) {
      statement.execute("SELECT 'control-plaintext-4711'");
    }
    assertThat(server.logSince(before)).contains("control-plaintext-4711");
  }

  /** Runs one string; "ok", or the SQLState and message of the failure. */
  private static String run(Connection connection, FuzzedSql.Case fuzzed) {
    try (PreparedStatement statement = connection.prepareStatement(fuzzed.sql())) {
      int markers = SqlScanner.scan(fuzzed.sql(), fuzzed.standardConformingStrings()).markerCount();
      for (int i = 1; i <= markers; i++) {
        statement.setString(i, "fuzz-parameter-" + i);
      }
      statement.execute();
      return "ok";
    } catch (SQLException e) {
      return e.getSQLState() + " " + e.getMessage();
    }
  }

  private static Connection vault(Path config, boolean standardConformingStrings) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", server.user());
    properties.setProperty("vault.config", config.toString());
    Connection connection = DriverManager.getConnection(server.url().replace("jdbc:postgresql:", "jdbc:vault:postgresql:"), properties);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET statement_timeout = '5s'");
      if (!standardConformingStrings) {
        statement.execute("SET standard_conforming_strings = off");
      }
    }
    connection.setAutoCommit(false);
    return connection;
  }
}
