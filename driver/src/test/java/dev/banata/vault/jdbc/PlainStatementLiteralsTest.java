package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Literals in plain (unprepared) SQL are rewritten to ciphertext literals on every execution. */
@DatabaseTest
class PlainStatementLiteralsTest {

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
  void insertedLiteralsAreStoredAsCiphertextAndReadBackAsPlaintext() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO customers (id, name, email, ssn, birth_date, visits) "
          + "VALUES (1, 'Grace', 'grace@example.com', 'O''Brien-123', '1906-12-09', 7)");
      try (ResultSet rows = statement.executeQuery("SELECT name, email, ssn, birth_date, visits FROM customers WHERE email = 'grace@example.com'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString("name")).isEqualTo("Grace");
        assertThat(rows.getString("email")).isEqualTo("grace@example.com");
        assertThat(rows.getString("ssn")).isEqualTo("O'Brien-123");
        assertThat(rows.getObject("birth_date", LocalDate.class)).isEqualTo(LocalDate.of(1906, 12, 9));
        assertThat(rows.getInt("visits")).isEqualTo(7);
      }
    }
    try (Connection plain = db.plainConnection();
        ResultSet rows = plain.createStatement().executeQuery("SELECT email, ssn, birth_date, visits FROM customers")) {
      assertThat(rows.next()).isTrue();
      for (int column = 1; column <= 4; column++) {
        assertThat(rows.getString(column)).startsWith("bv1:").doesNotContain("grace", "Brien", "1906");
      }
    }
  }

  @Test
  void updateAndDeleteWithLiteralsMatchEncryptedRows() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO customers (id, email, ssn) VALUES (1, 'a@example.com', 'one'), (2, 'b@example.com', 'two')");
      assertThat(statement.executeUpdate("UPDATE customers SET ssn = 'changed' WHERE email = 'b@example.com'")).isEqualTo(1);
      assertThat(statement.executeUpdate("DELETE FROM customers WHERE email IN ('a@example.com', 'nobody@example.com')")).isEqualTo(1);
      try (ResultSet rows = statement.executeQuery("SELECT id, ssn FROM customers")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(2);
        assertThat(rows.getString(2)).isEqualTo("changed");
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void executeThenGetResultSetDecrypts() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO customers (id, email) VALUES (1, 'c@example.com')");
      assertThat(statement.execute("SELECT email FROM customers WHERE id = 1")).isTrue();
      try (ResultSet rows = statement.getResultSet()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("c@example.com");
      }
    }
  }
}
