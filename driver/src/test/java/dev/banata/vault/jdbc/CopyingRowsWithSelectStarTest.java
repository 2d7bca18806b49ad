package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Copying rows with {@code *} or {@code t.*} ({@code INSERT ... SELECT *}, {@code UPDATE SET (...) =
 * (SELECT * ...)}) checks every copied column against the column it is written into, as an explicit
 * column list is checked: plaintext never lands in an encrypted column, ciphertext never lands in a
 * plain one. Plaintext values carry the marker {@code SECRET}; the server's view is recorded.
 */
@DatabaseTest
class CopyingRowsWithSelectStarTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws Exception {
    Class.forName(RecordingDriver.class.getName());
    Customers.create(db);
    // staging and plain_archive have the customers table's shape and nothing encrypted: the ETL pattern.
    db.execute("CREATE TABLE staging (LIKE customers INCLUDING DEFAULTS)", "CREATE TABLE plain_archive (LIKE customers INCLUDING DEFAULTS)",
        "CREATE TABLE leads (id bigint, name text)",
        "INSERT INTO staging (id, name, email, ssn) VALUES (100, 'staged', 'SECRET-staged@example.com', 'SECRET-staged-ssn')",
        "INSERT INTO leads VALUES (1, 'SECRET-lead')");
    pool = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, Customers.CONFIG);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void oneCustomer() throws SQLException {
    db.execute("DELETE FROM customers", "DELETE FROM plain_archive");
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email, ssn) VALUES (1, ?, ?)")) {
      insert.setString(1, "SECRET-ann@example.com");
      insert.setString(2, "SECRET-ann-ssn");
      insert.executeUpdate();
    }
    RecordingDriver.clear();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "INSERT INTO customers SELECT * FROM staging",
      "INSERT INTO customers SELECT s.* FROM staging s",
      "INSERT INTO customers (id, email) SELECT * FROM (SELECT 14, 'SECRET-14@example.com') v",
      "INSERT INTO customers (id, email) SELECT v.* FROM (SELECT 14, 'SECRET-14@example.com') v",
      "WITH v AS (SELECT 14, 'SECRET-14@example.com') INSERT INTO customers (id, email) SELECT * FROM v",
      "INSERT INTO customers (id, email) SELECT * FROM (SELECT 14, 'SECRET-14@example.com' UNION ALL SELECT 15, 'SECRET-15') v",
      "UPDATE customers SET (email, ssn) = (SELECT * FROM (SELECT name, name FROM leads) s) WHERE id = 1",
      "INSERT INTO customers (id, email) VALUES (1, 'SECRET-x') ON CONFLICT (id) DO UPDATE SET (email, ssn) = (SELECT * FROM (SELECT name, name FROM leads) s)",
      "INSERT INTO plain_archive SELECT * FROM customers",
      "INSERT INTO plain_archive SELECT c.* FROM customers c",
      "INSERT INTO customers (email, ssn) SELECT * FROM (SELECT email, email FROM customers) x",
      "INSERT INTO customers (id, email) SELECT * FROM table_the_catalog_does_not_know"})
  void aCopyWithStarThatWouldMixPlaintextAndCiphertextIsRefusedBeforeItIsSent(String sql) throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute(sql)).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
    }
    // The pool may check the connection (setNetworkTimeout) meanwhile: what must be absent is the statement.
    assertThat(RecordingDriver.recorded()).as("nothing of the statement reached the server")
        .noneMatch(text -> text.contains("customers") || text.contains("SECRET"));
    assertThat(plainColumnsOf("customers")).allMatch(value -> value == null || value.startsWith("bv1:"));
    assertThat(plainColumnsOf("plain_archive")).isEmpty();
  }

  @Test
  void aParameterInsideTheCopiedDerivedTableIsRefusedAtPrepareTime() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      assertThatThrownBy(() -> connection.prepareStatement("INSERT INTO customers (id, email) SELECT * FROM (SELECT 14, ?) v"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
    }
    assertThat(RecordingDriver.recorded()).noneMatch(text -> text.contains("customers"));
  }

  @Test
  void aCopyWithStarBetweenColumnsOfTheSameEncryptionWorksAndReadsBack() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThat(statement.executeUpdate("INSERT INTO customers (id, email, ssn) SELECT * FROM (SELECT 2, email, ssn FROM customers WHERE id = 1) x"))
          .isEqualTo(1);
      try (ResultSet rows = statement.executeQuery("SELECT email, ssn FROM customers WHERE id = 2")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("SECRET-ann@example.com");
        assertThat(rows.getString(2)).isEqualTo("SECRET-ann-ssn");
      }
    }
    assertThat(RecordingDriver.recorded()).noneMatch(text -> text.contains("SECRET"));
  }

  /** Every text value stored in the table's email and ssn columns, as the database holds them. */
  private static List<String> plainColumnsOf(String table) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email, ssn FROM " + table)) {
      while (rows.next()) {
        values.add(rows.getString(1));
        values.add(rows.getString(2));
      }
    }
    return values;
  }
}
