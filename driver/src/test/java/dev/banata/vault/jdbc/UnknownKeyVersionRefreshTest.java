package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.internal.secrets.VaultSchema;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A process that has not yet refreshed its key ring reads a value written by another process under a
 * newer key version: the unknown version makes it re-read vault_key at once and decrypt.
 */
@DatabaseTest
class UnknownKeyVersionRefreshTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @Test
  void aValueOfANewerKeyVersionIsReadAfterAnImmediateRefresh() throws SQLException {
    MasterSecrets secrets = MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT));
    try (Connection plain = db.plainConnection()) {
      VaultSchema.install(plain, secrets);
    }
    Customers.create(db);
    // Refresh interval 0: this pool only re-reads vault_key when it must.
    try (HikariDataSource stale = Customers.pool(db.vaultUrl() + "&vault.key-refresh-seconds=0", db, Customers.CONFIG)) {
      try (Connection connection = stale.getConnection(); Statement statement = connection.createStatement()) {
        statement.executeUpdate("INSERT INTO customers (id, ssn) VALUES (1, 'written-under-v1')");
      }

      new KeyVersionStore(db.plainDataSource()).registerNewPrimary(secrets);
      // Another process, started after the rotation, writes under version 2.
      try (HikariDataSource fresh = Customers.pool(db.vaultUrl() + "&vault.key-refresh-seconds=5", db, Customers.CONFIG);
          Connection connection = fresh.getConnection();
          PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, ssn) VALUES (?, ?)")) {
        insert.setLong(1, 2);
        insert.setString(2, "written-under-v2");
        insert.executeUpdate();
      }
      try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
          ResultSet rows = statement.executeQuery("SELECT ssn FROM customers WHERE id = 2")) {
        rows.next();
        assertThat(FieldCipher.keyVersionOf(rows.getString(1))).isEqualTo(2);
      }

      try (Connection connection = stale.getConnection(); Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT id, ssn FROM customers ORDER BY id")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(2)).isEqualTo("written-under-v1");
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(2)).isEqualTo("written-under-v2");
      }
    }
  }
}
