package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * {@code customers} means the table PostgreSQL finds for the connection: a temporary table that
 * shadows the encrypted table, or the {@code customers} of another schema after {@code SET
 * search_path}, with another column order or without the encrypted column. Plans are cached per
 * search path, so a plan made where the name was another table is never used, and the database never
 * receives the plaintext of {@code email} (deterministic in e2e-vault.yaml), nor does the application
 * receive a ciphertext as data.
 */
@DatabaseTest
class UnqualifiedNamesFollowTheConnectionsSearchPathTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  /** The same name in another order: email first. */
  private static String reordered() {
    return db.name() + "_reordered";
  }

  /** The same name without the encrypted column. */
  private static String withoutEmail() {
    return db.name() + "_plain";
  }

  @BeforeAll
  static void start() {
    pool = Customers.pool(db, Customers.CONFIG);
  }

  @AfterAll
  static void stop() throws SQLException {
    pool.close();
    db.execute("DROP SCHEMA IF EXISTS " + reordered() + " CASCADE", "DROP SCHEMA IF EXISTS " + withoutEmail() + " CASCADE");
  }

  @BeforeEach
  void tables() throws SQLException {
    db.execute("DROP TABLE IF EXISTS customers", "CREATE TABLE customers (id bigint, name text, email text)",
        "DROP SCHEMA IF EXISTS " + reordered() + " CASCADE", "CREATE SCHEMA " + reordered(),
        "CREATE TABLE " + reordered() + ".customers (email text, name text, id bigint)",
        "DROP SCHEMA IF EXISTS " + withoutEmail() + " CASCADE", "CREATE SCHEMA " + withoutEmail(),
        "CREATE TABLE " + withoutEmail() + ".customers (id bigint, name text)");
  }

  @Test
  void aTemporaryTableThatShadowsTheEncryptedTableIsTheOneWrittenAndRead() throws SQLException {
    try (Connection connection = vaultConnection(); Statement statement = connection.createStatement()) {
      // Plans of these SQL strings are cached while customers is the table of the schema.
      insert(connection, "INSERT INTO customers VALUES (?, ?, ?)", 1L, "ann", "ann@example.com");
      assertThat(rows(connection, "SELECT * FROM customers")).containsExactly("1|ann|ann@example.com");
      statement.execute("INSERT INTO customers VALUES (2, 'bob', 'bob@example.com')");

      statement.execute("CREATE TEMP TABLE customers (email text, id bigint)");
      // Without a column list the values go in the temporary table's order: email first.
      insert(connection, "INSERT INTO customers VALUES (?, ?)", "tmp1@example.com", 11L);
      insert(connection, "INSERT INTO customers (id, email) VALUES (?, ?)", 12L, "tmp2@example.com");
      statement.execute("INSERT INTO customers VALUES ('tmp3@example.com', 13)");

      assertThat(rows(connection, "SELECT * FROM customers"))
          .containsExactlyInAnyOrder("tmp1@example.com|11", "tmp2@example.com|12", "tmp3@example.com|13");
      assertThat(rows(connection, "SELECT id FROM customers WHERE email = ?", "tmp2@example.com")).containsExactly("12");
      assertThat(rows(connection, "SELECT id FROM customers WHERE email = 'tmp3@example.com'")).containsExactly("13");
      // What the temporary table holds, read past the driver (only this session sees it).
      assertThat(rawEmails(connection.unwrap(PGConnection.class), "pg_temp.customers"))
          .hasSize(3).allMatch(value -> value.startsWith("bv1:") && !value.contains("example.com"));

      statement.execute("DROP TABLE customers");
      // The same SQL means the schema's table again.
      assertThat(rows(connection, "SELECT * FROM customers")).containsExactlyInAnyOrder("1|ann|ann@example.com", "2|bob|bob@example.com");
    }
    assertPlainConnectionSeesOnlyCiphertext(db.name());
  }

  @Test
  void aPlanCachedBeforeSetSearchPathIsNotUsedForTheOtherSchemasTable() throws SQLException {
    try (Connection connection = vaultConnection(); Statement statement = connection.createStatement()) {
      insert(connection, "INSERT INTO customers VALUES (?, ?, ?)", 1L, "ann", "ann@example.com");
      assertThat(rows(connection, "SELECT * FROM customers")).containsExactly("1|ann|ann@example.com");
      assertThat(rows(connection, "SELECT name FROM customers WHERE email = ?", "ann@example.com")).containsExactly("ann");

      statement.execute("SET search_path TO " + reordered());
      insert(connection, "INSERT INTO customers VALUES (?, ?, ?)", "eve@example.com", "eve", 5L);
      assertThat(rows(connection, "SELECT * FROM customers")).containsExactly("eve@example.com|eve|5");
      assertThat(rows(connection, "SELECT name FROM customers WHERE email = ?", "eve@example.com")).containsExactly("eve");

      statement.execute("SET search_path TO " + withoutEmail());
      insert(connection, "INSERT INTO customers VALUES (?, ?)", 6L, "fay");
      // Nothing of this table is encrypted: nothing is decrypted either.
      assertThat(rows(connection, "SELECT * FROM customers")).containsExactly("6|fay");

      statement.execute("SET SCHEMA '" + db.name() + "'");
      assertThat(rows(connection, "SELECT * FROM customers")).containsExactly("1|ann|ann@example.com");
    }
    assertPlainConnectionSeesOnlyCiphertext(db.name());
    assertPlainConnectionSeesOnlyCiphertext(reordered());
  }

  @Test
  void aStatementPreparedBeforeSetSearchPathIsRefusedWhenItsNamesNowMeanAnotherTable() throws SQLException {
    try (Connection connection = vaultConnection(); Statement statement = connection.createStatement();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers VALUES (?, ?, ?)")) {
      statement.execute("SET search_path TO " + reordered());
      insert.setString(1, "eve@example.com");
      insert.setString(2, "eve");
      insert.setLong(3, 5L);
      assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22000"))
          .hasMessageContaining("prepare it again");
    }
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet count = statement.executeQuery("SELECT count(*) FROM " + reordered() + ".customers")) {
      count.next();
      assertThat(count.getLong(1)).as("nothing was sent").isZero();
    }
  }

  @Test
  void theSameSqlAlternatesOnPooledConnectionsWithDifferentSearchPaths() throws SQLException {
    try (Connection home = pool.getConnection(); Connection away = pool.getConnection()) {
      try (Statement statement = away.createStatement()) {
        statement.execute("SET search_path TO " + reordered());
      }
      try {
        for (int i = 0; i < 6; i++) {
          insert(home, "INSERT INTO customers VALUES (?, ?, ?)", (long) i, "home" + i, "home" + i + "@example.com");
          insert(away, "INSERT INTO customers VALUES (?, ?, ?)", "away" + i + "@example.com", "away" + i, (long) i);
          assertThat(rows(home, "SELECT * FROM customers WHERE email = ?", "home" + i + "@example.com"))
              .containsExactly(i + "|home" + i + "|home" + i + "@example.com");
          assertThat(rows(away, "SELECT * FROM customers WHERE email = ?", "away" + i + "@example.com"))
              .containsExactly("away" + i + "@example.com|away" + i + "|" + i);
        }
      } finally {
        try (Statement statement = away.createStatement()) {
          statement.execute("SET search_path TO " + db.name());
        }
      }
    }
    assertPlainConnectionSeesOnlyCiphertext(db.name());
    assertPlainConnectionSeesOnlyCiphertext(reordered());
  }

  @Test
  void aTemporaryTableCreatedUnseenByAFunctionIsFoundWhenAStatementIsFirstAnalysedAndItsPlanIsNotShared() throws SQLException {
    db.execute("CREATE OR REPLACE FUNCTION make_temp_customers() RETURNS void LANGUAGE plpgsql AS"
        + " 'BEGIN CREATE TEMP TABLE customers (email text, id bigint); END'");
    try (Connection unseen = pool.getConnection(); Connection other = pool.getConnection()) {
      try (Statement statement = unseen.createStatement()) {
        // A SELECT: the driver does not know that it created the temporary schema and a table in it.
        statement.execute("SELECT make_temp_customers()");
      }
      insert(unseen, "INSERT INTO customers VALUES (?, ?)", "fn@example.com", 21L);
      assertThat(rows(unseen, "SELECT * FROM customers WHERE id = 21")).containsExactly("fn@example.com|21");
      assertThat(rawEmails(unseen.unwrap(PGConnection.class), "pg_temp.customers"))
          .singleElement().matches(value -> value.startsWith("bv1:") && !value.contains("example.com"));
      // The plan was made for the connection with the temporary table only: here customers has three columns.
      assertThatThrownBy(() -> insert(other, "INSERT INTO customers VALUES (?, ?)", "x@example.com", 22L))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("2 values for 3 columns");
      try (Statement statement = unseen.createStatement()) {
        statement.execute("DROP TABLE pg_temp.customers");
      }
    }
  }

  @Test
  void aSetSearchPathUndoneByARollbackInAFailedTransactionIsUndoneForTheDriverToo() throws SQLException {
    try (Connection connection = vaultConnection(); Statement statement = connection.createStatement()) {
      insert(connection, "INSERT INTO customers VALUES (?, ?, ?)", 1L, "ann", "ann@example.com");
      connection.setAutoCommit(false);
      statement.execute("SET search_path TO " + reordered());
      assertThat(rows(connection, "SELECT * FROM customers")).isEmpty();
      assertThatThrownBy(() -> statement.execute("SELECT 1/0")).isInstanceOf(SQLException.class);
      // The transaction has failed: the driver must not need a query of its own to let the rollback through.
      statement.execute("ROLLBACK");
      assertThat(rows(connection, "SELECT * FROM customers")).containsExactly("1|ann|ann@example.com");
      connection.commit();
    }
  }

  @Test
  void aBatchThatChangesTheSearchPathBeforeDmlIsRefusedBeforeAnythingIsSent() throws SQLException {
    try (Connection connection = vaultConnection(); Statement statement = connection.createStatement()) {
      statement.addBatch("SET search_path TO " + reordered());
      // Analysed now, this INSERT would encrypt the third value (email of the schema's table): the plaintext email would be stored.
      assertThatThrownBy(() -> statement.addBatch("INSERT INTO customers VALUES ('eve@example.com', 'eve', 5)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("search_path change in the same batch");
      statement.clearBatch();
    }
  }

  private static Connection vaultConnection() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", db.user());
    properties.setProperty("password", db.password());
    properties.setProperty("vault.config", Customers.CONFIG);
    return DriverManager.getConnection(db.vaultUrl(), properties);
  }

  private static void insert(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        insert.setObject(i + 1, values[i]);
      }
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
  }

  /** Every row as its columns joined by |, read with getString: what the application gets. */
  private static List<String> rows(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        select.setObject(i + 1, values[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        List<String> found = new ArrayList<>();
        while (rows.next()) {
          StringBuilder row = new StringBuilder();
          for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
            row.append(column > 1 ? "|" : "").append(rows.getString(column));
          }
          found.add(row.toString());
        }
        assertThat(found).noneMatch(row -> row.contains("bv1:"));
        return found;
      }
    }
  }

  private static List<String> rawEmails(PGConnection raw, String table) throws SQLException {
    try (Statement statement = ((Connection) raw).createStatement(); ResultSet rows = statement.executeQuery("SELECT email FROM " + table)) {
      List<String> emails = new ArrayList<>();
      while (rows.next()) {
        emails.add(rows.getString(1));
      }
      return emails;
    }
  }

  private static void assertPlainConnectionSeesOnlyCiphertext(String schema) throws SQLException {
    try (Connection plain = db.plainConnection()) {
      assertThat(rawEmails(plain.unwrap(PGConnection.class), schema + ".customers"))
          .isNotEmpty().allMatch(value -> value.startsWith("bv1:") && !value.contains("example.com"));
    }
  }
}
