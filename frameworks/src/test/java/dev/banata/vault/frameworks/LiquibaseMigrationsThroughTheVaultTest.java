package dev.banata.vault.frameworks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.frameworks.CustomersTable.RawRow;
import dev.banata.vault.jdbc.VaultDriver;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Liquibase updates through the vault: {@code db/liquibase/changelog.xml} creates the table, then
 * seeds it with {@code <insert>}, {@code <loadData>} from a CSV file, an {@code <update>} whose
 * {@code <where>} matches the deterministic column by literal, a raw {@code <sql>} insert, and adds a
 * column. Liquibase runs on a connection of the application's pool; the encrypted columns are
 * declared in {@code migrations-vault.yaml}.
 */
@DatabaseTest
class LiquibaseMigrationsThroughTheVaultTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  static final String CHANGELOG = "db/liquibase/changelog.xml";
  private static final List<String> CHANGE_SETS =
      List.of("1-create-customers", "2-insert-ada", "3-load-customers-csv", "4-correct-grace", "5-raw-sql", "6-add-city");

  private static HikariDataSource pool;
  private static String databaseImplementation;

  @BeforeAll
  static void update() throws Exception {
    pool = CustomersTable.pool(db, "vault.config", CustomersTable.MIGRATIONS_CONFIG);
    try (Connection connection = pool.getConnection()) {
      Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
      databaseImplementation = database.getClass().getName();
      runUpdate(database);
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  static void runUpdate(Database database) throws Exception {
    Scope.child(Scope.Attr.resourceAccessor, new ClassLoaderResourceAccessor(), () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
        .execute());
  }

  @Test
  void liquibaseSeesPostgresqlThroughTheVault() {
    assertThat(databaseImplementation).isEqualTo(PostgresDatabase.class.getName());
  }

  @Test
  void seedDataWrittenByTheChangeSetsIsStoredAsCiphertext() throws SQLException {
    List<RawRow> rows = CustomersTable.rawRows(db);
    assertThat(rows).extracting(RawRow::id, RawRow::name)
        .containsExactly(tuple(1L, "Ada"), tuple(2L, "Grace"), tuple(3L, "Edsger"), tuple(4L, "Barbara"));
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "123-45-6789", "grace@example.com", "987-65-4321",
        "000-00-0000", "edsger@example.com", "555-55-5555", "barbara@example.com", "222-22-2222");
    assertThat(rows).allSatisfy(row -> assertThat(row.email()).isNotNull());
    assertThat(rows).allSatisfy(row -> assertThat(row.ssn()).isNotNull());
  }

  @Test
  void theApplicationReadsTheSeedDataAsPlaintext() throws SQLException {
    List<Customer> customers = new ArrayList<>();
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, name, email, ssn, city FROM customers ORDER BY id")) {
      while (rows.next()) {
        customers.add(new Customer(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4)));
        assertThat(rows.getString(5)).isNull();
      }
    }
    assertThat(customers).containsExactly(
        new Customer(1L, "Ada", "ada@example.com", "123-45-6789"),
        new Customer(2L, "Grace", "grace@example.com", "000-00-0000"), // <update> ... <where>email = '...'</where>
        new Customer(3L, "Edsger", "edsger@example.com", "555-55-5555"),
        new Customer(4L, "Barbara", "barbara@example.com", "222-22-2222"));
  }

  @Test
  void liquibasesOwnTablesArePlain() throws SQLException {
    List<List<String>> changelog = plainRows("SELECT id, author, filename, exectype, md5sum FROM databasechangelog ORDER BY orderexecuted");
    assertThat(changelog).extracting(row -> row.get(0)).containsExactlyElementsOf(CHANGE_SETS);
    assertThat(changelog).allSatisfy(row -> {
      assertThat(row.subList(1, 4)).containsExactly("frameworks-test", CHANGELOG, "EXECUTED");
      assertThat(row.get(4)).matches("9:[0-9a-f]{32}");
    });
    assertThat(plainRows("SELECT locked::text FROM databasechangeloglock")).containsExactly(List.of("false"));
  }

  @Test
  void liquibaseWithoutTheVaultFindsEveryChangeSetAppliedAndValid() throws Exception {
    // Checksums are verified before anything runs: a mismatch would fail the update.
    try (Connection plain = db.plainConnection()) {
      runUpdate(DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(plain)));
    }
    assertThat(plainRows("SELECT count(*)::text FROM databasechangelog")).containsExactly(List.of("6"));
    assertThat(CustomersTable.rawRows(db)).hasSize(4);
  }

  @Test
  void updatingAgainThroughAVaultUrlRunsNothing() throws Exception {
    // The command line's form: --url jdbc:vault:postgresql:... --driver dev.banata.vault.jdbc.VaultDriver
    Scope.child(Scope.Attr.resourceAccessor, new ClassLoaderResourceAccessor(), () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.URL_ARG, db.vaultUrl() + "&vault.config=" + CustomersTable.MIGRATIONS_CONFIG)
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.USERNAME_ARG, db.user())
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.PASSWORD_ARG, db.password())
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DRIVER_ARG, VaultDriver.class.getName())
        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
        .execute());
    assertThat(plainRows("SELECT count(*)::text FROM databasechangelog")).containsExactly(List.of("6"));
    assertThat(CustomersTable.rawRows(db)).hasSize(4);
  }

  private static List<List<String>> plainRows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
          row[i] = result.getString(i + 1);
        }
        rows.add(Arrays.asList(row));
      }
    }
    return rows;
  }
}
