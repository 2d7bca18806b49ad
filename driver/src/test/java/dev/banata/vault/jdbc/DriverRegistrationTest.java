package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class DriverRegistrationTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @Test
  void driverManagerFindsTheVaultDriverThroughTheServiceFile() throws Exception {
    Driver driver = DriverManager.getDriver(db.vaultUrl());

    assertThat(driver).isInstanceOf(VaultDriver.class);
  }

  @Test
  void connectReturnsNullForAUrlThatIsNotOurs() throws Exception {
    assertThat(new VaultDriver().connect(db.url(), new Properties())).isNull();
    assertThat(new VaultDriver().acceptsURL(db.url())).isFalse();
  }

  @Test
  void propertyInfoListsEveryVaultPropertyThenTheDelegates() throws Exception {
    DriverPropertyInfo[] info = new VaultDriver().getPropertyInfo(db.vaultUrl(), new Properties());

    assertThat(Arrays.stream(info).map(p -> p.name))
        .containsAll(Arrays.stream(ConnectionProperty.values()).map(ConnectionProperty::propertyName).toList())
        .contains("user", "password");
  }

  @Test
  void aConfigurationWithoutEncryptedColumnsPassesSqlThrough() throws Exception {
    db.execute("CREATE TABLE notes (id int primary key, body text)");
    try (Connection connection = DriverManager.getConnection(db.vaultUrl(), db.user(), db.password());
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO notes VALUES (1, 'hello')");
      try (ResultSet rows = statement.executeQuery("SELECT body FROM notes WHERE id = 1")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString("body")).isEqualTo("hello");
      }
    }
  }
}
