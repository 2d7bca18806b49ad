package dev.banata.vault.frameworks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A migration that transforms encrypted values in SQL ({@code db/flyway-refused/V3__lowercase_emails.sql}:
 * {@code UPDATE customers SET email = lower(email)}) cannot work on ciphertext: the driver refuses
 * the statement before it is sent, and Flyway fails that migration and rolls it back.
 */
@DatabaseTest
class FlywayMigrationTheVaultRefusesTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @Test
  void aMigrationApplyingAFunctionToAnEncryptedColumnFailsAndIsRolledBack() throws SQLException {
    try (HikariDataSource pool = CustomersTable.pool(db, "vault.config", CustomersTable.MIGRATIONS_CONFIG)) {
      Flyway flyway = Flyway.configure().dataSource(pool).locations("classpath:db/flyway-refused").load();
      assertThatThrownBy(flyway::migrate)
          .isInstanceOf(FlywayException.class)
          .hasMessageContaining("V3__lowercase_emails.sql")
          .hasMessageContaining("SQL State  : 0A000")
          .hasMessageContaining("Banata Vault: function lower is not supported on encrypted column customers.email");
      assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("2");
    }
    // V1 and V2 stay applied; V3 left no history row and no change (PostgreSQL rolls its transaction back).
    List<String> history = new ArrayList<>();
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version || ':' || success FROM flyway_schema_history ORDER BY installed_rank")) {
      while (rows.next()) {
        history.add(rows.getString(1));
      }
    }
    assertThat(history).containsExactly("1:true", "2:true");
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "grace@example.com");
  }
}
