package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.keys.MasterSecretSources;
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
 * While two key versions are live, a deterministic plaintext has two ciphertexts, so every statement
 * that makes the database compare stored ciphertexts with each other would answer wrongly: it is
 * refused (SQLState 55000, a message saying a rotation is in progress), and answers correctly again
 * once the rotation has finished. Lookups by value keep working throughout, also {@code IN (...) AND (...)}.
 */
@DatabaseTest
class ComparingStoredCiphertextsDuringARotationTest {

  /** Each makes the server compare stored email ciphertexts; the comment says what two versions would do. */
  private static final List<String> COMPARING_STORED_CIPHERTEXTS = List.of(
      "SELECT count(DISTINCT email) FROM customers",                         // 3 instead of 2
      "SELECT email, count(*) FROM customers GROUP BY email",                // two groups for ann
      "SELECT DISTINCT email FROM customers",                                // ann twice
      "SELECT email FROM customers WHERE id = 1 UNION SELECT email FROM customers WHERE id = 2",
      "SELECT email FROM customers WHERE id = 1 INTERSECT SELECT email FROM customers WHERE id = 2", // no row
      "SELECT email FROM customers WHERE id = 1 EXCEPT SELECT email FROM customers WHERE id = 2",   // ann
      "SELECT id FROM customers WHERE email IN (SELECT email FROM customers WHERE id = 1)",          // misses row 2
      "SELECT a.id FROM customers a JOIN customers b ON a.email = b.email AND a.id <> b.id",          // no pair
      "INSERT INTO customers (id, email) VALUES (9, 'ann@example.com') ON CONFLICT (email) DO NOTHING");

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws SQLException {
    Customers.installVault(db);
    Customers.create(db);
    pool = Customers.pool(db.vaultUrl() + "&vault.key-refresh-seconds=1", db, Customers.CONFIG);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Test
  void refusedWhileTwoVersionsAreLiveAndCorrectOnceOneIs() throws Exception {
    try (Connection connection = pool.getConnection();
        PreparedStatement write = connection.prepareStatement("INSERT INTO customers (id, email) VALUES (?, ?)");
        PreparedStatement reEncrypt = connection.prepareStatement("UPDATE customers SET email = ? WHERE id = ?");
        PreparedStatement preparedBefore = connection.prepareStatement("SELECT count(DISTINCT email) FROM customers");
        Statement statement = connection.createStatement()) {
      insert(write, 1, "ann@example.com");
      insert(write, 3, "bob@example.com");
      assertThat(countDistinct(preparedBefore)).as("one live version").isEqualTo(2);
      assertThat(countInListAndCondition(connection)).as("IN (...) AND (...), one live version").isEqualTo(1);

      KeyVersionStore keys = new KeyVersionStore(db.plainDataSource());
      keys.registerNewPrimary(MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT)));
      // The ring refreshes every second: rewrite ann as row 2 until it carries version 2.
      long deadline = System.nanoTime() + 15_000_000_000L;
      do {
        statement.executeUpdate("DELETE FROM customers WHERE id = 2");
        insert(write, 2, "ann@example.com");
        Thread.sleep(200);
      } while (storedVersionOfEmail(2) != 2 && System.nanoTime() < deadline);
      assertThat(List.of(storedVersionOfEmail(1), storedVersionOfEmail(2))).as("ann under both versions").containsExactly(1, 2);

      for (String sql : COMPARING_STORED_CIPHERTEXTS) {
        assertThatThrownBy(() -> statement.execute(sql)).as(sql).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"))
            .hasMessageContaining("key rotation is in progress").hasMessageContaining("customers.email");
        assertThatThrownBy(() -> connection.prepareStatement(sql)).as("prepared: " + sql).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
      }
      assertThatThrownBy(preparedBefore::executeQuery).as("prepared before the rotation, executed during it")
          .isInstanceOf(SQLException.class).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
      try (PreparedStatement lookup = connection.prepareStatement("SELECT count(*) FROM customers WHERE email = ?")) {
        lookup.setString(1, "ann@example.com");
        try (ResultSet rows = lookup.executeQuery()) {
          rows.next();
          assertThat(rows.getLong(1)).as("a lookup by value matches every live version").isEqualTo(2);
        }
      }
      assertThat(countInListAndCondition(connection)).as("IN (...) AND (...) matches every live version").isEqualTo(2);
      assertThat(connection.isValid(1)).as("a refusal keeps the connection").isTrue();

      // Finish the rotation: re-encrypt every row under version 2, then retire version 1.
      for (Object[] row : new Object[][] {{"ann@example.com", 1L}, {"bob@example.com", 3L}}) {
        reEncrypt.setString(1, (String) row[0]);
        reEncrypt.setLong(2, (Long) row[1]);
        reEncrypt.executeUpdate();
      }
      assertThat(keys.retire(1)).isTrue();
      Long answer = null;
      deadline = System.nanoTime() + 15_000_000_000L;
      while (answer == null && System.nanoTime() < deadline) {
        try {
          answer = countDistinct(preparedBefore);
        } catch (SQLException stillRotating) {
          assertThat(stillRotating.getSQLState()).isEqualTo("55000");
          Thread.sleep(200);
        }
      }
      assertThat(answer).as("one live version again: the same prepared statement answers correctly").isEqualTo(2);
      try (ResultSet rows = statement.executeQuery("SELECT email, count(*) FROM customers GROUP BY email")) {
        int groups = 0;
        while (rows.next()) {
          groups++;
          assertThat(rows.getLong(2)).isEqualTo(rows.getString(1).equals("ann@example.com") ? 2 : 1);
        }
        assertThat(groups).isEqualTo(2);
      }
      statement.execute("DELETE FROM customers WHERE id = 2");
      statement.execute("CREATE UNIQUE INDEX customers_email_unique ON customers (email)");
      assertThat(statement.executeUpdate(COMPARING_STORED_CIPHERTEXTS.get(COMPARING_STORED_CIPHERTEXTS.size() - 1)))
          .as("ON CONFLICT (email) sees the stored ann").isZero();
    }
  }

  private static void insert(PreparedStatement write, long id, String email) throws SQLException {
    write.setLong(1, id);
    write.setString(2, email);
    write.executeUpdate();
  }

  /** Issue 10 §7: JSqlParser reads this as email IN ((?) AND (...)); it must be analysed, and sent, as PostgreSQL reads it. */
  private static long countInListAndCondition(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT count(*) FROM customers WHERE email IN (?) AND (name IS NULL OR id > ?)")) {
      select.setString(1, "ann@example.com");
      select.setLong(2, 0);
      return countDistinct(select);
    }
  }

  private static long countDistinct(PreparedStatement select) throws SQLException {
    try (ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static int storedVersionOfEmail(long id) throws SQLException {
    try (Connection plain = db.plainConnection();
        PreparedStatement select = plain.prepareStatement("SELECT email FROM customers WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return FieldCipher.keyVersionOf(rows.getString(1));
      }
    }
  }
}
