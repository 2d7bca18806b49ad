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
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RETURNING and getGeneratedKeys() give back decrypted values of encrypted columns. */
@DatabaseTest
class GeneratedKeysAndReturningTest {

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
  void insertReturningDecryptsTheReturnedColumns() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO customers (email, ssn, birth_date) VALUES (?, ?, ?) RETURNING id, email, birth_date")) {
      insert.setString(1, "r@example.com");
      insert.setString(2, "ret-ssn");
      insert.setObject(3, LocalDate.of(2000, 1, 2));
      try (ResultSet rows = insert.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong("id")).isPositive();
        assertThat(rows.getString("email")).isEqualTo("r@example.com");
        assertThat(rows.getObject("birth_date", LocalDate.class)).isEqualTo(LocalDate.of(2000, 1, 2));
      }
    }
  }

  @Test
  void updateReturningAndDeleteReturningDecrypt() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO customers (id, email, ssn) VALUES (1, 'd@example.com', 'before')");
      try (ResultSet rows = statement.executeQuery("UPDATE customers SET ssn = 'after' WHERE email = 'd@example.com' RETURNING ssn")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("after");
      }
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM customers WHERE id = ? RETURNING email, ssn")) {
        delete.setLong(1, 1);
        try (ResultSet rows = delete.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString("email")).isEqualTo("d@example.com");
          assertThat(rows.getString("ssn")).isEqualTo("after");
        }
      }
    }
  }

  @Test
  void generatedKeysOfAllColumnsDecryptTheEncryptedOnes() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (email, ssn) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, "k@example.com");
      insert.setString(2, "key-ssn");
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        assertThat(keys.next()).isTrue();
        assertThat(keys.getLong("id")).isPositive();
        assertThat(keys.getString("email")).isEqualTo("k@example.com");
        assertThat(keys.getString("ssn")).isEqualTo("key-ssn");
      }
    }
  }

  @Test
  void generatedKeysByColumnNameOnAPlainStatement() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO customers (email) VALUES ('named@example.com')", new String[] {"id", "email"});
      try (ResultSet keys = statement.getGeneratedKeys()) {
        assertThat(keys.next()).isTrue();
        assertThat(keys.getLong(1)).isPositive();
        assertThat(keys.getString(2)).isEqualTo("named@example.com");
      }
    }
  }

  @Test
  void generatedKeysByColumnIndexOverAnEncryptedTableAreRefusedBeforeAnythingIsSent() throws SQLException {
    // Which columns an index names is the delegate's business: decrypting by guess could hand out ciphertext as data.
    int[] idAndSsn = {1, 4};
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      String insert = "INSERT INTO customers (id, ssn) VALUES (7, 'by-index')";
      assertThatThrownBy(() -> statement.executeUpdate(insert, idAndSsn)).isInstanceOf(SQLException.class)
          .hasMessageStartingWith("Banata Vault").hasMessageContaining("column index")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      assertThatThrownBy(() -> statement.execute(insert, idAndSsn)).hasMessageStartingWith("Banata Vault");
      assertThatThrownBy(() -> statement.executeLargeUpdate(insert, idAndSsn)).hasMessageStartingWith("Banata Vault");
      assertThatThrownBy(() -> connection.prepareStatement("INSERT INTO customers (id, ssn) VALUES (?, ?)", idAndSsn))
          .hasMessageStartingWith("Banata Vault").hasMessageContaining("column index");
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM customers")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isZero();
      }
    }
  }
}
