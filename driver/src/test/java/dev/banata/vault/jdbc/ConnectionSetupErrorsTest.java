package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a user sees when the vault cannot be set up: SQLState 08001 and a message saying what to fix. */
@DatabaseTest
class ConnectionSetupErrorsTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static void assertConnectFails(String config, String message) {
    assertThatThrownBy(() -> DriverManager.getConnection(db.vaultUrl() + "&vault.config=" + config, db.user(), db.password()))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
  }

  @Test
  void aMissingMasterSecretIsNamed() {
    assertConnectFails("classpath:e2e-missing-secret.yaml", "VAULT_TEST_SECRET_THAT_IS_NOT_SET is required");
  }

  @Test
  void aConfigurationErrorNamesTheFileAndTheKey() {
    assertConnectFails("classpath:e2e-broken.yaml", "e2e-broken.yaml");
  }

  @Test
  void aMissingConfigurationFileIsNamed() {
    assertConnectFails("classpath:no-such-vault.yaml", "no-such-vault.yaml");
  }

  @Test
  void anUnknownVaultPropertyIsAnError() {
    assertThatThrownBy(() -> DriverManager.getConnection(db.vaultUrl() + "&vault.plan-cash-size=3", db.user(), db.password()))
        .isInstanceOf(SQLException.class).hasMessageContaining("vault.plan-cash-size");
  }

  /** The production parse of the key refresh interval (RefreshingKeyRingSource's test-only Properties factory is gone). */
  @Test
  void aKeyRefreshIntervalThatIsNotAWholeNumberIsNamed() {
    assertThatThrownBy(() -> DriverManager.getConnection(db.vaultUrl() + "&vault.config=classpath:e2e-vault.yaml&vault.key-refresh-seconds=soon",
        db.user(), db.password()))
        .isInstanceOf(SQLException.class).hasMessageContaining("vault.key-refresh-seconds must be a whole number")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
  }
}
