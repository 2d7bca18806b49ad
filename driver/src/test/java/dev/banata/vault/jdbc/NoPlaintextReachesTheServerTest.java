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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Everything the server receives — every SQL text and every bound value, recorded by the delegate
 * driver under the vault — across every kind of statement the application runs, holds no
 * plaintext of an encrypted column. Plaintext values carry the marker {@code SECRET}.
 */
@DatabaseTest
class NoPlaintextReachesTheServerTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws Exception {
    Class.forName(RecordingDriver.class.getName());
    Customers.create(db);
    pool = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, Customers.CONFIG);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Test
  void noStatementKindSendsAnEncryptedColumnsPlaintext() throws SQLException {
    RecordingDriver.clear();
    try (Connection connection = pool.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, name, email, ssn) VALUES (?, ?, ?, ?)")) {
        insert.setLong(1, 1);
        insert.setString(2, "visible name");
        insert.setString(3, "SECRET-email-1@example.com");
        insert.setString(4, "SECRET-ssn-1");
        insert.executeUpdate();
        for (long id = 2; id <= 4; id++) {
          insert.setLong(1, id);
          insert.setString(2, "visible name");
          insert.setString(3, "SECRET-email-" + id + "@example.com");
          insert.setObject(4, "SECRET-ssn-" + id);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("INSERT INTO customers (id, email, ssn) VALUES (5, 'SECRET-email-5@example.com', 'SECRET-ssn-5')");
        statement.addBatch("INSERT INTO customers (id, email) VALUES (6, 'SECRET-email-6@example.com')");
        statement.addBatch("UPDATE customers SET ssn = 'SECRET-ssn-6' WHERE email = 'SECRET-email-6@example.com'");
        statement.executeBatch();
        try (ResultSet rows = statement.executeQuery("SELECT id FROM customers WHERE email IN ('SECRET-email-1@example.com', 'SECRET-email-2@example.com')")) {
          assertThat(rows.next()).isTrue();
        }
        try (ResultSet rows = statement.executeQuery("UPDATE customers SET ssn = 'SECRET-ssn-new' WHERE email = 'SECRET-email-3@example.com' RETURNING ssn")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("SECRET-ssn-new");
        }
        assertThatThrownBy(() -> statement.executeQuery("SELECT id FROM customers WHERE email LIKE 'SECRET%'"))
            .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> statement.addBatch("DELETE FROM customers WHERE ssn = 'SECRET-ssn-1'"))
            .isInstanceOf(SQLException.class);
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT email, ssn FROM customers WHERE email = ?")) {
        select.setString(1, "SECRET-email-4@example.com");
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString("ssn")).isEqualTo("SECRET-ssn-4");
        }
      }
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM customers WHERE email = ? RETURNING email")) {
        delete.setString(1, "SECRET-email-5@example.com");
        try (ResultSet rows = delete.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("SECRET-email-5@example.com");
        }
      }
    }

    List<String> received = RecordingDriver.recorded();
    assertThat(received).as("the recording sees the traffic").anyMatch(text -> text.contains("INSERT INTO customers"))
        .anyMatch(text -> text.startsWith("bv1:")).contains("visible name");
    assertThat(received).noneMatch(text -> text.contains("SECRET"));
  }

  @Test
  void theRecordingWouldSeePlaintextSentAroundTheVault() throws SQLException {
    // The same recording delegate, without the vault: proves the assertion above can fail.
    RecordingDriver.clear();
    try (Connection connection = java.sql.DriverManager.getConnection("jdbc:recording:" + db.url().substring("jdbc:".length()),
        db.user(), db.password()); PreparedStatement select = connection.prepareStatement("SELECT ?")) {
      select.setString(1, "SECRET-unprotected");
      select.executeQuery().close();
    }
    assertThat(RecordingDriver.recorded()).anyMatch(text -> text.contains("SECRET"));
  }
}
