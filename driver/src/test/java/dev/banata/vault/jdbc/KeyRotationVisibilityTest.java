package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A new key version registered in vault_key (as the admin's rotate does) is picked up by a running
 * application without a restart: new writes use it, and equality lookups — also with a statement
 * prepared before the rotation — keep finding rows written under the old version.
 */
@DatabaseTest
class KeyRotationVisibilityTest {

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

  private static List<Long> idsByEmail(PreparedStatement select, String email) throws SQLException {
    select.setString(1, email);
    List<Long> ids = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    }
    return ids;
  }

  @Test
  void lookupsFindRowsOfEveryLiveVersionAndNewWritesUseTheNewOne() throws Exception {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email, ssn) VALUES (?, ?, ?)");
        PreparedStatement preparedBefore = connection.prepareStatement("SELECT id FROM customers WHERE email = ?")) {
      insert.setLong(1, 1);
      insert.setString(2, "old@example.com");
      insert.setString(3, "old-ssn");
      insert.executeUpdate();
      assertThat(storedVersionOfEmail(1)).isEqualTo(1);
      assertThat(idsByEmail(preparedBefore, "old@example.com")).containsExactly(1L);

      new KeyVersionStore(db.plainDataSource()).registerNewPrimary(MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT)));

      // The ring refreshes every second: write until a new row carries version 2.
      long id = 1;
      long deadline = System.nanoTime() + 15_000_000_000L;
      do {
        id++;
        insert.setLong(1, id);
        insert.setString(2, "new" + id + "@example.com");
        insert.setString(3, "new-ssn");
        insert.executeUpdate();
        if (storedVersionOfEmail(id) == 2) {
          break;
        }
        Thread.sleep(200);
      } while (System.nanoTime() < deadline);
      assertThat(storedVersionOfEmail(id)).as("a write after the rotation uses the new primary").isEqualTo(2);

      assertThat(idsByEmail(preparedBefore, "old@example.com")).as("prepared before, old row").containsExactly(1L);
      assertThat(idsByEmail(preparedBefore, "new" + id + "@example.com")).as("prepared before, new row").containsExactly(id);
      try (PreparedStatement preparedAfter = connection.prepareStatement("SELECT id FROM customers WHERE email IN (?, ?)")) {
        preparedAfter.setString(1, "old@example.com");
        preparedAfter.setString(2, "new" + id + "@example.com");
        try (ResultSet rows = preparedAfter.executeQuery()) {
          int count = 0;
          while (rows.next()) {
            count++;
          }
          assertThat(count).isEqualTo(2);
        }
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT ssn FROM customers WHERE email = 'old@example.com'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("old-ssn");
      }
    }
  }
}
