package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** addBatch/executeBatch on prepared and plain statements encrypt every row of the batch. */
@DatabaseTest
class BatchesTest {

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

  private static Map<Long, String> emailsById(Connection connection) throws SQLException {
    Map<Long, String> emails = new HashMap<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT id, email FROM customers")) {
      while (rows.next()) {
        emails.put(rows.getLong(1), rows.getString(2));
      }
    }
    return emails;
  }

  @Test
  void preparedBatchEncryptsEachRowWithItsOwnValues() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, name, email, ssn) VALUES (?, ?, ?, ?)")) {
        for (long id = 1; id <= 50; id++) {
          insert.setLong(1, id);
          insert.setString(2, "name" + id);
          insert.setString(3, "batch" + id + "@example.com");
          insert.setString(4, "ssn" + id);
          insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        assertThat(counts).hasSize(50);
      }
      connection.commit();
      connection.setAutoCommit(true);
      Map<Long, String> emails = emailsById(connection);
      assertThat(emails).hasSize(50);
      emails.forEach((id, email) -> assertThat(email).isEqualTo("batch" + id + "@example.com"));
    }
  }

  @Test
  void preparedBatchOfUpdatesByEqualityAndClearBatch() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email, ssn) VALUES (?, ?, 'x')")) {
        for (long id = 1; id <= 3; id++) {
          insert.setLong(1, id);
          insert.setString(2, "u" + id + "@example.com");
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement update = connection.prepareStatement("UPDATE customers SET ssn = ? WHERE email = ?")) {
        update.setString(1, "discarded");
        update.setString(2, "u1@example.com");
        update.addBatch();
        update.clearBatch();
        for (long id = 1; id <= 3; id++) {
          update.setString(1, "new" + id);
          update.setString(2, "u" + id + "@example.com");
          update.addBatch();
        }
        assertThat(update.executeBatch()).containsExactly(1, 1, 1);
      }
      try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT id, ssn FROM customers ORDER BY id")) {
        for (long id = 1; id <= 3; id++) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(2)).isEqualTo("new" + id);
        }
      }
    }
  }

  @Test
  void plainStatementBatchRewritesTheLiteralsOfEachStatement() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.addBatch("INSERT INTO customers (id, email) VALUES (1, 'p1@example.com')");
      statement.addBatch("INSERT INTO customers (id, email) VALUES (2, 'p2@example.com')");
      statement.addBatch("UPDATE customers SET name = 'second' WHERE email = 'p2@example.com'");
      assertThat(statement.executeBatch()).containsExactly(1, 1, 1);
      assertThat(emailsById(connection)).containsEntry(1L, "p1@example.com").containsEntry(2L, "p2@example.com");
      try (ResultSet rows = statement.executeQuery("SELECT name FROM customers WHERE id = 2")) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo("second");
      }
    }
  }
}
