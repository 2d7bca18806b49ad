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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * While two key versions are live, rows hold ciphertexts of either: the driver orders the decrypted
 * values, so ORDER BY on an encrypted column stays exact (no 55000 refusal: nothing compares stored
 * ciphertexts), for a statement prepared before the rotation too.
 */
@DatabaseTest
class OrderByDuringAKeyRotationTest {

  private static final List<String> EMAILS = List.of("dan@x", "ann@x", "cat@x", "bob@x", "eve@x", "ann@x");

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
  void orderingStaysExactWithBothKeyVersionsLive() throws Exception {
    String sql = "SELECT id, email, visits FROM customers WHERE id > ? ORDER BY email DESC, visits, id";
    try (Connection connection = pool.getConnection();
        PreparedStatement write = connection.prepareStatement("INSERT INTO customers (id, email, visits) VALUES (?, ?, ?)");
        PreparedStatement preparedBefore = connection.prepareStatement(sql);
        Statement statement = connection.createStatement()) {
      for (int i = 0; i < EMAILS.size(); i++) {
        insert(write, i + 1, EMAILS.get(i), 10 - i);
      }
      List<Long> expected = List.of(5L, 1L, 3L, 4L, 6L, 2L);
      assertThat(ids(preparedBefore)).as("one live version").isEqualTo(expected);

      new KeyVersionStore(db.plainDataSource()).registerNewPrimary(MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT)));
      // The ring refreshes every second: rewrite rows 4..6 until they carry version 2.
      long deadline = System.nanoTime() + 15_000_000_000L;
      do {
        statement.executeUpdate("DELETE FROM customers WHERE id >= 4");
        for (int i = 3; i < EMAILS.size(); i++) {
          insert(write, i + 1, EMAILS.get(i), 10 - i);
        }
        Thread.sleep(200);
      } while (storedVersionOfEmail(6) != 2 && System.nanoTime() < deadline);
      Set<Integer> versions = new HashSet<>();
      for (long id = 1; id <= EMAILS.size(); id++) {
        versions.add(storedVersionOfEmail(id));
      }
      assertThat(versions).as("rows under both key versions").containsExactlyInAnyOrder(1, 2);
      assertThat(storedVersionOfEmail(2)).as("ann under version 1").isEqualTo(1);
      assertThat(storedVersionOfEmail(6)).as("ann under version 2").isEqualTo(2);

      assertThat(ids(preparedBefore)).as("prepared before the rotation, executed during it").isEqualTo(expected);
      try (PreparedStatement during = connection.prepareStatement(sql)) {
        assertThat(ids(during)).as("prepared during the rotation").isEqualTo(expected);
      }
      try (PreparedStatement byValue = connection.prepareStatement("SELECT id, email FROM customers WHERE email = ? ORDER BY email, id")) {
        byValue.setString(1, "ann@x");
        try (ResultSet rows = byValue.executeQuery()) {
          assertThat(OrderByOnEncryptedColumnsTest.ids(rows)).as("equality matches both versions, then ordered").containsExactly(2L, 6L);
        }
      }
    }
  }

  private static List<Long> ids(PreparedStatement select) throws SQLException {
    select.setInt(1, 0);
    try (ResultSet rows = select.executeQuery()) {
      return OrderByOnEncryptedColumnsTest.ids(rows);
    }
  }

  private static void insert(PreparedStatement write, long id, String email, int visits) throws SQLException {
    write.setLong(1, id);
    write.setString(2, email);
    write.setInt(3, visits);
    write.executeUpdate();
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
