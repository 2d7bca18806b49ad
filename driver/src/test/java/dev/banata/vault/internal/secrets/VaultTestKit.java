package dev.banata.vault.internal.secrets;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.EncryptRequest;
import dev.banata.vault.Vault;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** Master secrets and Vault set-up shared by the Vault tests. */
final class VaultTestKit {

  static final MasterSecret SECRET_A = MasterSecret.create("test-master-secret-A-0123456789abcdefghijklmnop");
  static final MasterSecret SECRET_B = MasterSecret.create("test-master-secret-B-0123456789abcdefghijklmnop");
  static final MasterSecrets ONLY_A = MasterSecrets.of(SECRET_A);

  // One small pool per test schema: opening a physical connection per operation would dominate the run time.
  private static final Map<String, HikariDataSource> POOLS = new ConcurrentHashMap<>();

  private VaultTestKit() {}

  /** A pooled data source for {@code db}; idle connections close by themselves after 10 s. */
  static DataSource pooled(TestSchema db) {
    return POOLS.computeIfAbsent(db.name(), name -> {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(db.url());
      config.setUsername(db.user());
      config.setPassword(db.password());
      config.setMaximumPoolSize(6);
      config.setMinimumIdle(0);
      config.setIdleTimeout(10_000);
      config.setPoolName("vault-test-" + name);
      return new HikariDataSource(config);
    });
  }

  /** Installs the vault tables (idempotent) and opens a Vault with secret A. */
  static Vault installAndOpen(TestSchema db) throws SQLException {
    return installAndOpen(db, ONLY_A);
  }

  static Vault installAndOpen(TestSchema db, MasterSecrets secrets) throws SQLException {
    Vault.install(pooled(db), () -> MasterSecretSetAccess.of(secrets));   // the API's installer; VaultSchemaInstallTest covers the engine's
    return open(db, secrets);
  }

  static Vault open(TestSchema db, MasterSecrets secrets) {
    return Vault.builder(pooled(db)).masterSecretSource(() -> MasterSecretSetAccess.of(secrets)).keyRefreshInterval(Duration.ZERO).build();
  }

  static EncryptRequest.Builder secret(String name, String data) {
    return EncryptRequest.builder().name(name).data(data);
  }

  /** Runs one statement on a pooled connection (for tests that change rows many times). */
  static void update(TestSchema db, String sql) throws SQLException {
    try (Connection connection = pooled(db).getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }

  /** A single value from SQL run on a plain connection. */
  static String queryString(TestSchema db, String sql) throws SQLException {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      return row.next() ? row.getString(1) : null;
    }
  }

  static long queryLong(TestSchema db, String sql) throws SQLException {
    return Long.parseLong(queryString(db, sql));
  }

  static List<String> queryStrings(TestSchema db, String sql) throws SQLException {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      java.util.ArrayList<String> values = new java.util.ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }
}
