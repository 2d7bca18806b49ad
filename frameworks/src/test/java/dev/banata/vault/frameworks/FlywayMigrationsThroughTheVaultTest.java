package dev.banata.vault.frameworks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.frameworks.CustomersTable.RawRow;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flyway migrates through the vault: {@code db/flyway} holds SQL migrations (DDL, seed rows with
 * literals, an UPDATE matching a deterministic column by literal, DDL after data) and a Java
 * migration ({@code db.flyway.V5__Seed_with_java}). Flyway is given the application's pool; the
 * encrypted columns are declared in {@code migrations-vault.yaml}.
 */
@DatabaseTest
class FlywayMigrationsThroughTheVaultTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static HikariDataSource pool;
  private static Flyway flyway;
  private static MigrateResult migration;

  @BeforeAll
  static void migrate() {
    pool = CustomersTable.pool(db, "vault.config", CustomersTable.MIGRATIONS_CONFIG);
    flyway = Flyway.configure().dataSource(pool).locations("classpath:db/flyway").load();
    migration = flyway.migrate();
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Test
  void everyMigrationRanThroughTheVault() {
    assertThat(migration.success).isTrue();
    assertThat(migration.migrationsExecuted).isEqualTo(5);
    assertThat(migration.targetSchemaVersion).isEqualTo("5");
    assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("5");
  }

  @Test
  void seedDataWrittenByTheMigrationsIsStoredAsCiphertext() throws SQLException {
    List<RawRow> rows = CustomersTable.rawRows(db);
    assertThat(rows).extracting(RawRow::id, RawRow::name).containsExactly(tuple(1L, "Ada"), tuple(2L, "Grace"), tuple(3L, "Edsger"));
    CustomersTable.assertOnlyCiphertextStored(db,
        "ada@example.com", "123-45-6789", "grace@example.com", "987-65-4321", "000-00-0000", "edsger@example.com", "555-55-5555");
    for (RawRow row : rows) {
      assertThat(row.email()).isNotNull();
      assertThat(row.ssn()).isNotNull();
    }
    // The column V4 added is not configured: plain.
    assertThat(plainStrings("SELECT city FROM customers ORDER BY id")).containsExactly("London", null, "Austin");
  }

  @Test
  void theApplicationReadsTheSeedDataAsPlaintext() throws SQLException {
    List<Customer> customers = new ArrayList<>();
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, name, email, ssn FROM customers ORDER BY id")) {
      while (rows.next()) {
        customers.add(new Customer(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4)));
      }
    }
    assertThat(customers).containsExactly(
        new Customer(1L, "Ada", "ada@example.com", "123-45-6789"),
        new Customer(2L, "Grace", "grace@example.com", "000-00-0000"), // V3's UPDATE ... WHERE email = '...'
        new Customer(3L, "Edsger", "edsger@example.com", "555-55-5555"));
  }

  @Test
  void flywaysHistoryTableIsPlainAndValidWithoutTheVault() throws SQLException {
    List<List<String>> history = new ArrayList<>();
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT version, description, type, script, checksum, success FROM flyway_schema_history ORDER BY installed_rank")) {
      while (rows.next()) {
        history.add(Arrays.asList(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
            rows.getString(5), rows.getString(6)));
      }
    }
    assertThat(history).extracting(row -> row.subList(0, 4)).containsExactly(
        List.of("1", "create customers", "SQL", "V1__create_customers.sql"),
        List.of("2", "seed customers", "SQL", "V2__seed_customers.sql"),
        List.of("3", "correct grace", "SQL", "V3__correct_grace.sql"),
        List.of("4", "add city", "SQL", "V4__add_city.sql"),
        List.of("5", "Seed with java", "JDBC", "db.flyway.V5__Seed_with_java"));
    assertThat(history).allSatisfy(row -> assertThat(row.get(5)).isEqualTo("t"));
    assertThat(history).flatMap(row -> row).noneMatch(value -> value != null && value.startsWith(CustomersTable.ENVELOPE_PREFIX));

    // The checksums stored are the ones Flyway computes from the files; a Flyway without the vault
    // finds the history valid and complete.
    Flyway withoutTheVault = Flyway.configure().dataSource(db.plainDataSource()).locations("classpath:db/flyway").load();
    assertThat(withoutTheVault.validateWithResult().validationSuccessful).isTrue();
    MigrationInfo[] applied = withoutTheVault.info().applied();
    assertThat(applied).hasSize(5);
    for (int i = 0; i < 4; i++) {
      assertThat(history.get(i).get(4)).isEqualTo(String.valueOf(applied[i].getChecksum()));
    }
  }

  @Test
  void migratingAgainThroughTheVaultDoesNothing() {
    assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    assertThat(flyway.migrate().migrationsExecuted).isZero();
  }

  /**
   * Given a {@code jdbc:vault:} URL instead of a data source, Flyway refuses before connecting: it
   * picks its database plugin from the URL prefix, and none claims {@code jdbc:vault:}, even with
   * the driver class named. Give Flyway a {@code DataSource} (as above).
   */
  @Test
  void flywayGivenAVaultUrlFindsNoDatabasePlugin() {
    String url = db.vaultUrl() + "&vault.config=" + CustomersTable.MIGRATIONS_CONFIG;
    assertThatThrownBy(() -> Flyway.configure().dataSource(url, db.user(), db.password())
        .driver("dev.banata.vault.jdbc.VaultDriver").locations("classpath:db/flyway").load())
        .isInstanceOf(FlywayException.class)
        .hasMessageStartingWith("No Flyway database plugin found to handle jdbc:vault:********.");
  }

  private static List<String> plainStrings(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      ResultSetMetaData metaData = rows.getMetaData();
      assertThat(metaData.getColumnCount()).isEqualTo(1);
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
