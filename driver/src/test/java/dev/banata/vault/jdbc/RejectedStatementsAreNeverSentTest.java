package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQL the ciphertext cannot answer is refused with SQLState 0A000, naming table, column and
 * operation, and nothing of it reaches the server (checked with the recording delegate driver).
 */
@DatabaseTest
class RejectedStatementsAreNeverSentTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws Exception {
    Class.forName(RecordingDriver.class.getName());
    pool = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, Customers.CONFIG);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void table() throws SQLException {
    Customers.create(db);
    RecordingDriver.clear();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT id FROM customers WHERE email LIKE '%marker-like%'",
      "SELECT id FROM customers WHERE ssn = 'marker-randomized-equality'",
      "SELECT id FROM customers WHERE lower(email) = 'marker-function'",
      "SELECT id, email FROM customers ORDER BY email LIMIT 5 /* marker-order */",
      "SELECT id FROM customers WHERE birth_date < '1999-01-01' /* marker-range */",
  })
  void plainStatementIsRefusedBeforeAnythingIsSent(String sql) throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery(sql))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("customers.");
    }
    assertThat(RecordingDriver.recorded()).noneMatch(text -> text.contains("marker"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT id FROM customers WHERE email LIKE ? /* marker-like */",
      "SELECT id FROM customers WHERE ssn = ? /* marker-randomized-equality */",
      "UPDATE customers SET ssn = upper(?) /* marker-function */",
  })
  void preparedStatementIsRefusedAtPrepareTime(String sql) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      assertThatThrownBy(() -> connection.prepareStatement(sql))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
    }
    assertThat(RecordingDriver.recorded()).noneMatch(text -> text.contains("marker"));
  }

  @Test
  void aRefusedStatementInABatchIsRefusedWhenAdded() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.addBatch("INSERT INTO customers (id, email) VALUES (1, 'marker-batch-ok@example.com')");
      assertThatThrownBy(() -> statement.addBatch("DELETE FROM customers WHERE email LIKE 'marker-batch-like%'"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      statement.executeBatch();
    }
    assertThat(RecordingDriver.recorded()).noneMatch(text -> text.contains("marker"))
        .anyMatch(text -> text.startsWith("INSERT INTO customers (id, email) VALUES (1, 'bv1:"));
  }

  @Test
  void anUpdatableResultOverEncryptedColumnsIsRefusedBeforeTheQueryIsSent() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE)) {
      assertThatThrownBy(() -> statement.executeQuery("SELECT id, email FROM customers /* marker-updatable */"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
    }
    assertThat(RecordingDriver.recorded()).noneMatch(text -> text.contains("marker"));
  }

  @Test
  void theMessageNamesTableColumnAndOperation() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery("SELECT id FROM customers WHERE email LIKE 'x%'"))
          .hasMessageContaining("LIKE").hasMessageContaining("customers.email");
    }
  }
}
