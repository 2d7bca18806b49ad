package dev.banata.vault.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.internal.secrets.VaultSchema;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The table the end-to-end tests use, declared encrypted in {@code e2e-vault.yaml}: {@code email}
 * deterministic (equality lookups), {@code ssn} randomized with context {@code pii}, typed
 * randomized columns {@code birth_date} (date), {@code balance} (decimal), {@code visits}
 * (integer), and {@code photo} (bytes in a bytea column). {@code name} is plain.
 */
final class Customers {

  static final String CONFIG = "classpath:e2e-vault.yaml";

  static final String CREATE_TABLE = """
      CREATE TABLE customers (
        id bigserial PRIMARY KEY,
        name text,
        email text,
        ssn text,
        birth_date text,
        balance text,
        visits text,
        photo bytea,
        created_at timestamptz NOT NULL DEFAULT now())""";

  private Customers() {}

  /** Installs the vault tables in {@code db}'s schema, with the master secret of this JVM's environment. */
  static void installVault(TestSchema db) throws SQLException {
    try (Connection plain = db.plainConnection()) {
      VaultSchema.install(plain, MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT)));
    }
  }

  /** Rows 1..{@code rows} through {@code connection}: name {@code n<id>}, email {@code e<id>@example.com}, ssn {@code s<id>}. */
  static void insertNumbered(Connection connection, int rows) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, name, email, ssn) VALUES (?, ?, ?, ?)")) {
      for (long id = 1; id <= rows; id++) {
        insert.setLong(1, id);
        insert.setString(2, "n" + id);
        insert.setString(3, "e" + id + "@example.com");
        insert.setString(4, "s" + id);
        insert.executeUpdate();
      }
    }
  }

  static void create(TestSchema db) throws SQLException {
    db.execute("DROP TABLE IF EXISTS customers", CREATE_TABLE);
  }

  /** A pool over the vault driver configured the way an application does: jdbcUrl + driverClassName. */
  static HikariDataSource pool(TestSchema db, String config) {
    return pool(db.vaultUrl(), db, config);
  }

  static HikariDataSource pool(String vaultUrl, TestSchema db, String config) {
    HikariConfig hikari = poolConfig(vaultUrl, db.user(), db.password(), config);
    hikari.setMaximumPoolSize(4);
    hikari.setPoolName("vault-test");
    return new HikariDataSource(hikari);
  }

  /**
   * What every pool of these tests sets as an application does: the vault URL and driver class, the
   * vault.config, and the exception override that keeps a refused statement's connection in the pool.
   */
  static HikariConfig poolConfig(String vaultUrl, String user, String password, String config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(vaultUrl);
    hikari.setDriverClassName(VaultDriver.class.getName());
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.addDataSourceProperty("vault.config", config);
    hikari.setExceptionOverrideClassName(HikariRejectionOverride.class.getName());
    return hikari;
  }
}
