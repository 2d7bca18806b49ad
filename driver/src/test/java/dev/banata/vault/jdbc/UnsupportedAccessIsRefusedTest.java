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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JDBC features that would bypass encryption are refused (0A000) instead of leaking or returning ciphertext. */
@DatabaseTest
class UnsupportedAccessIsRefusedTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws SQLException {
    Customers.create(db);
    pool = Customers.pool(db, Customers.CONFIG);
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO customers (id, name, email) VALUES (1, 'n', 'u@example.com')");
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
  }

  @Test
  void aCallableStatementOverEncryptedColumnsIsRefused() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      assertRefused(() -> connection.prepareCall("SELECT email FROM customers WHERE email = ?"));
      try (var call = connection.prepareCall("{call pg_sleep(0)}")) {
        call.execute(); // other calls pass through
      }
    }
  }

  @Test
  void anUpdatableResultSetOverEncryptedColumnsIsRefused() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE)) {
      assertRefused(() -> statement.executeQuery("SELECT id, email FROM customers"));
      try (ResultSet rows = statement.executeQuery("SELECT id, name FROM customers")) {
        assertThat(rows.next()).isTrue(); // no encrypted column: allowed
      }
    }
  }

  @Test
  void lobAndArrayGettersOnAnEncryptedColumnAreRefused() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT email, name FROM customers WHERE id = 1");
        ResultSet rows = select.executeQuery()) {
      assertThat(rows.next()).isTrue();
      assertRefused(() -> rows.getClob(1));
      assertRefused(() -> rows.getArray("email"));
      assertThat(rows.getString(2)).isNotNull(); // plain columns stay readable
    }
  }

  @Test
  void aParameterIndexTheStatementDoesNotHaveIsAnError() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT id FROM customers WHERE email = ?")) {
      assertThatThrownBy(() -> select.setString(2, "x")).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void theConnectionStaysUsableAfterARefusal() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.executeUpdate("UPDATE customers SET name = 'in-transaction' WHERE id = 1");
      assertRefused(() -> statement.executeQuery("SELECT id FROM customers ORDER BY email LIMIT 1"));
      connection.commit();
      connection.setAutoCommit(true);
      try (ResultSet rows = statement.executeQuery("SELECT name FROM customers WHERE id = 1")) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo("in-transaction");
      }
    }
  }
}
