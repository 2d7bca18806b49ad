package dev.banata.vault.jdbc;

import dev.banata.vault.testing.DatabaseTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connection that turns standard_conforming_strings off through the driver has its literals read
 * as the server then reads them: backslashes escape in ordinary strings, the literal is encrypted
 * as the value the server would have stored, and the plan of the same SQL under the other setting
 * is a different plan.
 */
@DatabaseTest
class StandardConformingStringsTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() {
    pool = Customers.pool(db, Customers.CONFIG);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void table() throws SQLException {
    Customers.create(db);
  }

  @Test
  void literalIsEncryptedAsTheValueTheServerReadsWithTheSettingOff() throws SQLException {
    String insert = "INSERT INTO customers (id, email) VALUES (1, 'M\\\\x')";
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("SET standard_conforming_strings = off");
      try {
        statement.executeUpdate(insert);
        assertThat(emails(statement, "SELECT email FROM customers WHERE email = 'M\\\\x'")).containsExactly("M\\x");
      } finally {
        statement.execute("RESET standard_conforming_strings");
      }
      // With the setting on again, the same value is written with one backslash.
      assertThat(emails(statement, "SELECT email FROM customers WHERE email = 'M\\x'")).containsExactly("M\\x");
    }
    try (Connection plain = db.plainConnection(); ResultSet rows = plain.createStatement().executeQuery("SELECT email FROM customers")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).startsWith("bv1:").doesNotContain("M\\");
    }
  }

  @Test
  void theSameSqlUnderEachSettingIsAnalysedForThatSetting() throws SQLException {
    // One SQL string, run once per setting: were its plan shared, both rows would hold the same value.
    String insert = "INSERT INTO customers (email) VALUES ('a\\\\b')";
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate(insert);
      statement.execute("SET standard_conforming_strings = off");
      try {
        statement.executeUpdate(insert);
      } finally {
        statement.execute("RESET standard_conforming_strings");
      }
      assertThat(emails(statement, "SELECT email FROM customers ORDER BY id")).containsExactly("a\\\\b", "a\\b");
    }
  }

  @Test
  void aStringThatEndsElsewhereWithTheSettingOffIsRefused() throws SQLException {
    // With standard_conforming_strings off the server reads one string here: a' or email = 'b
    String sql = "SELECT id FROM customers WHERE name = 'a\\' or email = ''b'";
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("SET standard_conforming_strings = off");
      try {
        assertThatThrownBy(() -> statement.executeQuery(sql)).isInstanceOfSatisfying(SQLException.class,
            e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
      } finally {
        statement.execute("RESET standard_conforming_strings");
      }
    }
  }

  private static List<String> emails(Statement statement, String sql) throws SQLException {
    List<String> emails = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        emails.add(rows.getString(1));
      }
    }
    return emails;
  }
}
