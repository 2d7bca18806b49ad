package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.annotations.Mode;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/** VaultDataSource in front of any DataSource, as HikariCP's dataSource or dataSourceClassName. */
@DatabaseTest
class VaultDataSourceTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @BeforeAll
  static void table() throws SQLException {
    Customers.create(db);
  }

  private static void writeAndReadBack(javax.sql.DataSource dataSource, long id) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email) VALUES (?, ?)")) {
        insert.setLong(1, id);
        insert.setString(2, "ds" + id + "@example.com");
        insert.executeUpdate();
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT email FROM customers WHERE id = ?")) {
        select.setLong(1, id);
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("ds" + id + "@example.com");
        }
      }
    }
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM customers WHERE id = " + id)) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).startsWith("bv1:");
    }
  }

  @Test
  void wrapsAnyDataSourceAndServesAsHikarisDataSource() throws SQLException {
    VaultDataSource vault = new VaultDataSource(db.plainDataSource());
    vault.setConfigLocation(Customers.CONFIG);
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(vault);
    hikari.setExceptionOverrideClassName(HikariRejectionOverride.class.getName());
    try (HikariDataSource pool = new HikariDataSource(hikari)) {
      writeAndReadBack(pool, 1);
      // The pool's data source is the vault itself, not a copy or the plain source it wraps (the old
      // "|| hikari.getDataSource() == vault" was true by construction and so proved nothing).
      assertThat(pool.unwrap(VaultDataSource.class)).isSameAs(vault);
    }
  }

  @Test
  void aRefusedStatementKeepsItsPooledConnection() throws SQLException {
    VaultDataSource vault = new VaultDataSource(db.plainDataSource());
    vault.setConfigLocation(Customers.CONFIG);
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(vault);
    hikari.setMaximumPoolSize(1); // so the next borrow can only be the same connection, or a new one
    hikari.setExceptionOverrideClassName(HikariRejectionOverride.class.getName());
    try (HikariDataSource pool = new HikariDataSource(hikari)) {
      PGConnection physical;
      try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
        physical = connection.unwrap(PGConnection.class);
        // What the driver really throws (not what the SQL analysis' own Rejection.toSqlException()
        // would build): the override recognises the vault's refusals by this type.
        assertThatThrownBy(() -> statement.executeQuery("SELECT id FROM customers WHERE email LIKE 'a%'"))
            .isInstanceOf(VaultSqlException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      }
      try (Connection connection = pool.getConnection()) {
        assertThat(connection.unwrap(PGConnection.class)).as("HikariCP evicted the connection").isSameAs(physical);
      }
    }
  }

  @Test
  void takesAConfigurationBuiltInCode() throws SQLException {
    VaultConfig config = VaultConfig.builder().table("customers").primaryKey("id").column("email", Mode.DETERMINISTIC).and().build();
    VaultDataSource vault = new VaultDataSource(db.plainDataSource());
    vault.setConfig(config);
    writeAndReadBack(vault, 2);
    assertThatThrownBy(() -> vault.setConfigLocation("classpath:other.yaml")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void configuredByBeanPropertiesAsHikarisDataSourceClassName() throws SQLException {
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSourceClassName(VaultDataSource.class.getName());
    hikari.addDataSourceProperty("url", db.vaultUrl());
    hikari.addDataSourceProperty("user", db.user());
    hikari.addDataSourceProperty("password", db.password());
    hikari.addDataSourceProperty("configLocation", Customers.CONFIG);
    try (HikariDataSource pool = new HikariDataSource(hikari)) {
      writeAndReadBack(pool, 3);
    }
  }

  @Test
  void unwrapReachesTheDelegateDataSourceOnPurpose() throws SQLException {
    PGSimpleDataSource plain = db.plainDataSource();
    VaultDataSource vault = new VaultDataSource(plain);
    assertThat(vault.unwrap(PGSimpleDataSource.class)).isSameAs(plain);
    assertThat(vault.unwrap(VaultDataSource.class)).isSameAs(vault);
  }
}
