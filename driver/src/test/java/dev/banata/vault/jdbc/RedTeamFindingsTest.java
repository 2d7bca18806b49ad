package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holes found by a hostile test of the driver (red team, issue 10 follow-up). Each test states the
 * promise — no plaintext of an encrypted column reaches the server, no {@code bv1:} ciphertext comes
 * back as data or lands in a plain column, no silently wrong answer; otherwise a refusal before
 * sending — and failed when it was found. Plaintext values carry the marker {@code SECRET}; what
 * the server receives is recorded by {@link RecordingDriver}.
 */
@DatabaseTest
class RedTeamFindingsTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @BeforeAll
  static void start() throws Exception {
    Class.forName(RecordingDriver.class.getName());
  }

  @BeforeEach
  void twoCustomers() throws Exception {
    db.execute("DROP TABLE IF EXISTS cust2");
    Customers.create(db);
    try (Connection vault = vault(Customers.CONFIG);
        PreparedStatement insert = vault.prepareStatement("INSERT INTO customers (id, name, email, ssn) VALUES (?, ?, ?, ?)")) {
      for (long id = 1; id <= 2; id++) {
        insert.setLong(1, id);
        insert.setString(2, "nm-" + id);
        insert.setString(3, "SECRET-" + id + "@x");
        insert.setString(4, "SECRET-ssn-" + id);
        insert.executeUpdate();
      }
    }
    RecordingDriver.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // 1. INSERT ... AS alias: references through the alias of the INSERT target are not resolved.

  @Test
  void insertAliasCopiesCiphertextIntoAPlainColumn() throws Exception {
    String sql = "INSERT INTO customers AS c (id, email) VALUES (1, 'SECRET-9') ON CONFLICT (id) DO UPDATE SET name = c.email";
    runOrRefused(sql);
    assertThat(plain("SELECT name FROM customers WHERE id = 1")).as("plain column name after: " + sql).noneMatch(v -> v.startsWith("bv1:"));
    // (also: SET name = lower(c.email), SET name = c.email || 'a', SET name = c.ssn)
  }

  @Test
  void insertAliasConflictWhereSendsPlaintext() throws Exception {
    String sql = "INSERT INTO customers AS x (id, email) VALUES (1, 'SECRET-9') ON CONFLICT (id) DO UPDATE SET name = 'y' WHERE x.email = 'SECRET-1@x'";
    boolean refused = runOrRefused(sql);
    assertThat(RecordingDriver.recorded()).as("sent for: " + sql).noneMatch(text -> text.contains("SECRET"));
    if (!refused) {
      assertThat(plain("SELECT name FROM customers WHERE id = 1")).as("a plain table would update the row").containsExactly("y");
    }
    // (also: WHERE x.email LIKE 'SECRET%' is not refused)
  }

  @Test
  void insertAliasReturningGivesNoCiphertext() throws Exception {
    String sql = "INSERT INTO customers AS x (id, email) VALUES (9, 'SECRET-9') RETURNING x.email";
    List<String> returned = queryOrRefused(sql);
    assertThat(returned).as("returned by: " + sql).noneMatch(v -> v != null && v.startsWith("bv1:"));
    // (also: RETURNING lower(x.email), and ... ON CONFLICT ... RETURNING x.email AS name)
  }

  // ---------------------------------------------------------------------------------------------
  // 2. SQL-standard special function syntax over an encrypted column is not refused.

  @Test
  void positionInAnEncryptedColumnIsRefused() throws Exception {
    String sql = "SELECT id FROM customers WHERE position('SECRET' in email) > 0";
    boolean refused = runOrRefused(sql);
    assertThat(RecordingDriver.recorded()).as("sent for: " + sql).noneMatch(text -> text.contains("SECRET"));
    assertThat(refused).as("a function over an encrypted column must be refused: " + sql).isTrue();
  }

  @Test
  void substringFromForReturnsNoCiphertext() throws Exception {
    String sql = "SELECT substring(email from 1 for 6) FROM customers";
    List<String> returned = queryOrRefused(sql);
    assertThat(returned).as("returned by: " + sql).noneMatch(v -> v != null && v.startsWith("bv1:"));
    // (also: WHERE substring(email from 1 for 6) = 'SECRET' sends the literal and finds nothing;
    //  the comma form substring(email, 1, 6) is refused)
  }

  @Test
  void sqlStandardFunctionSyntaxOverAnEncryptedColumnIsRefused() throws Exception {
    // The plain-call forms substring(email, 1, 6), trim(email), normalize(email) are refused.
    List<String> sent = new ArrayList<>();
    for (String sql : List.of(
        "SELECT position('b' in email) FROM customers",                    // 1, 1: position of 'b' in 'bv1:...'
        "SELECT substring(email from 'SECRET') FROM customers",            // the pattern is sent in clear
        "SELECT trim(both 'x' from email) FROM customers",                 // the ciphertext as data
        "SELECT overlay(email placing 'x' from 1) FROM customers",         // 'xv1:...' as data
        "SELECT id FROM customers WHERE trim(leading 'S' from email) = 'ECRET-1@x'")) { // no row; a plain table: 1
      if (!runOrRefused(sql)) {
        sent.add(sql);
      }
    }
    assertThat(sent).as("sent instead of refused").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Generated keys requested as the column name "*".

  @Test
  void generatedKeysNamedStarReturnCiphertext() throws Exception {
    List<String> returned = new ArrayList<>();
    try (Connection vault = vault(Customers.CONFIG); Statement statement = vault.createStatement()) {
      try {
        statement.executeUpdate("INSERT INTO customers (id, email) VALUES (9, 'SECRET-9')", new String[] {"*"});
        try (ResultSet keys = statement.getGeneratedKeys()) {
          returned.addAll(values(keys));
        }
      } catch (SQLException refused) {
        assertThat(refused.getMessage()).doesNotContain("SECRET");
      }
    }
    assertThat(returned).noneMatch(v -> v != null && v.startsWith("bv1:"));
    // (also UPDATE/DELETE with new String[] {"*"}, and prepareStatement(sql, new String[] {"*"}))
  }

  @Test
  void generatedKeysNamedByAnExpressionAreRefusedBeforeAnythingIsSent() throws Exception {
    try (Connection vault = vault(Customers.CONFIG); Statement statement = vault.createStatement()) {
      RecordingDriver.clear();
      assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO customers (id, email) VALUES (10, 'SECRET-10')",
          new String[] {"lower(email)"}))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
    }
    assertThat(RecordingDriver.recorded()).noneMatch(text -> text.contains("SECRET"));
  }

  // ---------------------------------------------------------------------------------------------
  // 4. DDL that renames an encrypted column or table, or renames something to an encrypted name.

  @Test
  void renamingAnEncryptedColumnIsRefused() throws Exception {
    try (Connection vault = vault(isolatedConfig()); Statement statement = vault.createStatement()) {
      assertRenameRefused(statement, "ALTER TABLE customers RENAME COLUMN email TO mail", "customers.email");
      assertRenameRefused(statement, "alter table customers rename ssn to s2", "customers.ssn");
      assertRenameRefused(statement, "ALTER TABLE customers RENAME COLUMN name TO email", "customers.email");
      statement.execute("ALTER TABLE customers RENAME COLUMN name TO nm");   // a plain column: passes
      statement.execute("ALTER TABLE customers RENAME COLUMN nm TO name");
    }
    assertThat(plain("SELECT email FROM customers WHERE id = 1")).allMatch(v -> v.startsWith("bv1:"));
  }

  @Test
  void renamingAnEncryptedTableOrRenamingToItIsRefused() throws Exception {
    db.execute("DROP TABLE IF EXISTS staging_plain");
    db.execute("CREATE TABLE staging_plain (id int, email text)");
    try (Connection vault = vault(isolatedConfig()); Statement statement = vault.createStatement()) {
      assertRenameRefused(statement, "ALTER TABLE customers RENAME TO cust2", "encrypted table customers");
      assertRenameRefused(statement, "ALTER TABLE IF EXISTS \"customers\" RENAME TO cust2", "encrypted table customers");
      assertRenameRefused(statement, "ALTER TABLE staging_plain RENAME TO customers", "encrypted table customers");
      statement.execute("ALTER TABLE staging_plain RENAME TO staging_other");   // plain to plain: passes
    } finally {
      db.execute("DROP TABLE IF EXISTS staging_plain");
      db.execute("DROP TABLE IF EXISTS staging_other");
    }
    assertThat(plain("SELECT email FROM customers WHERE id = 1")).allMatch(v -> v.startsWith("bv1:"));
  }

  private static void assertRenameRefused(Statement statement, String sql, String named) {
    assertThatThrownBy(() -> statement.execute(sql))
        .as(sql)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
        .hasMessageContaining(named)
        .hasMessageContaining("vault.yaml");
  }

  // ---------------------------------------------------------------------------------------------
  // 5. A configured column that the cached catalog does not list is treated as plain.

  @Test
  void aConfiguredColumnMissingFromTheCachedCatalogIsWrittenInClear() throws Exception {
    String config = isolatedConfig();
    db.execute("ALTER TABLE customers RENAME COLUMN email TO email_old");
    try (Connection vault = vault(config); Statement statement = vault.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT * FROM customers WHERE id = 1")) {
        rows.next(); // the catalog entry of customers is read now: no email column
      }
      // A migration run by another client (Flyway on a plain connection) adds the column back.
      db.execute("ALTER TABLE customers ADD COLUMN email text");
      RecordingDriver.clear();
      try (PreparedStatement insert = vault.prepareStatement("INSERT INTO customers (id, email) VALUES (?, ?)")) {
        insert.setLong(1, 9);
        insert.setString(2, "SECRET-9");
        insert.executeUpdate();
      } catch (SQLException refused) {
        assertThat(refused.getMessage()).doesNotContain("SECRET");
      }
    }
    assertThat(RecordingDriver.recorded()).noneMatch(text -> text.contains("SECRET"));
    assertThat(plain("SELECT email FROM customers WHERE id = 9")).noneMatch(v -> v.contains("SECRET"));
  }

  // ---------------------------------------------------------------------------------------------

  private static Connection vault(String config) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", db.user());
    if (db.password() != null) {
      properties.setProperty("password", db.password());
    }
    properties.setProperty("vault.config", config);
    return DriverManager.getConnection(RecordingDriver.vaultRecordingUrl(db.url()), properties);
  }

  /** A copy of the e2e configuration under a new name: a runtime (catalog, plans) of its own. */
  private static String isolatedConfig() throws Exception {
    Path copy = Files.createTempFile("redteam-vault", ".yaml");
    copy.toFile().deleteOnExit();
    try (var in = RedTeamFindingsTest.class.getResourceAsStream("/e2e-vault.yaml")) {
      Files.write(copy, in.readAllBytes());
    }
    return copy.toString();
  }

  /** Runs the SQL through the vault; true when the driver refused it (message checked for plaintext). */
  private static boolean runOrRefused(String sql) throws SQLException {
    try (Connection vault = vault(Customers.CONFIG); Statement statement = vault.createStatement()) {
      statement.execute(sql);
      return false;
    } catch (SQLException e) {
      assertThat(e.getMessage()).doesNotContain("SECRET");
      if ("0A000".equals(e.getSQLState()) || "55000".equals(e.getSQLState())) {
        return true;
      }
      throw e;
    }
  }

  private static List<String> queryOrRefused(String sql) throws SQLException {
    try (Connection vault = vault(Customers.CONFIG); Statement statement = vault.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return values(rows);
    } catch (SQLException e) {
      assertThat(e.getMessage()).doesNotContain("SECRET");
      if ("0A000".equals(e.getSQLState())) {
        return List.of();
      }
      throw e;
    }
  }

  private static List<String> values(ResultSet rows) throws SQLException {
    List<String> values = new ArrayList<>();
    int width = rows.getMetaData().getColumnCount();
    while (rows.next()) {
      for (int i = 1; i <= width; i++) {
        values.add(rows.getString(i));
      }
    }
    return values;
  }

  /** Values as the database holds them, read without the vault. */
  private static List<String> plain(String sql) throws SQLException {
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(String.valueOf(rows.getString(1)));
      }
      return values;
    }
  }
}
