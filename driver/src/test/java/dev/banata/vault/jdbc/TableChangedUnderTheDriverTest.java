package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A table changed after its statements were analysed never makes the driver decrypt the wrong
 * columns: DDL run through the driver drops the table's catalog entry and the plans at once (and
 * again when its transaction ends); a change made by another client — a column dropped, or the table
 * dropped and created again with the same columns in another order — is noticed on the first result
 * whose width or column names differ from the plan's, refused (22000), and the next execution is
 * analysed against the table as it is.
 */
@DatabaseTest
class TableChangedUnderTheDriverTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  /** customers with the same columns, email and name swapped: the same width, another order. */
  private static final String REORDERED = """
      CREATE TABLE customers (
        id bigserial PRIMARY KEY,
        email text,
        name text,
        ssn text,
        birth_date text,
        balance text,
        visits text,
        photo bytea,
        created_at timestamptz NOT NULL DEFAULT now())""";

  @BeforeAll
  static void start() {
    pool = Customers.pool(db, Customers.CONFIG);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void table() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      // Through the driver, so that no plan of an earlier test outlives its table.
      statement.execute("DROP TABLE IF EXISTS customers");
      statement.execute(Customers.CREATE_TABLE);
      statement.executeUpdate("INSERT INTO customers (id, name, email, ssn) VALUES (1, 'n1', 'e1@example.com', 's1')");
    }
  }

  /** Every value of every row; fails on a ciphertext returned as data. */
  private static void assertRowOne(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    assertThat(rows.next()).isTrue();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String value = rows.getString(i);
      assertThat(value).as(meta.getColumnLabel(i)).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v).doesNotStartWith("bv1:"));
      switch (meta.getColumnLabel(i)) {
        case "email" -> assertThat(value).isEqualTo("e1@example.com");
        case "name" -> assertThat(value).isEqualTo("n1");
        case "ssn" -> assertThat(value).isEqualTo("s1");
        default -> { }
      }
    }
  }

  private static void reorderByAnotherClient() throws SQLException {
    // Moves the ciphertexts with their column names: a plain copy, as pg_dump and restore would.
    db.execute("CREATE TABLE customers_copy AS SELECT * FROM customers", "DROP TABLE customers", REORDERED,
        "INSERT INTO customers (id, email, name, ssn) SELECT id, email, name, ssn FROM customers_copy", "DROP TABLE customers_copy");
  }

  @Test
  void selectStarAfterADroppedColumnFailsInsteadOfMisplacingDecryption() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT * FROM customers")) {
        assertRowOne(rows);
      }

      db.execute("ALTER TABLE customers DROP COLUMN ssn");

      assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM customers"))
          .isInstanceOf(VaultSqlException.class).hasMessageContaining("table changed")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22000"));
      try (ResultSet rows = statement.executeQuery("SELECT * FROM customers")) {
        assertRowOne(rows); // analysed again against the table as it is
      }
    }
  }

  @Test
  void aSameWidthReorderByAnotherClientIsRefusedThenReadAgainCorrectly() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT * FROM customers")) {
        assertRowOne(rows);
      }

      reorderByAnotherClient();

      assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM customers"))
          .isInstanceOf(VaultSqlException.class).hasMessageContaining("table changed")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22000"));
      try (ResultSet rows = statement.executeQuery("SELECT * FROM customers")) {
        assertRowOne(rows);
      }
    }
  }

  @Test
  void aPreparedStatementFromBeforeTheReorderIsRefusedAndAFreshOneReadsCorrectly() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement before = connection.prepareStatement("SELECT c.* FROM customers c WHERE c.id = ?")) {
      before.setLong(1, 1);
      try (ResultSet rows = before.executeQuery()) {
        assertRowOne(rows);
      }

      reorderByAnotherClient();

      assertThatThrownBy(before::executeQuery).isInstanceOf(VaultSqlException.class).hasMessageContaining("prepare it again");
      try (PreparedStatement after = connection.prepareStatement("SELECT c.* FROM customers c WHERE c.id = ?")) {
        after.setLong(1, 1);
        try (ResultSet rows = after.executeQuery()) {
          assertRowOne(rows);
        }
      }
    }
  }

  @Test
  void generatedKeysAfterAReorderAreRefusedNotReturnedAsCiphertext() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      String update = "UPDATE customers SET name = name WHERE id = 1";
      try (PreparedStatement warm = connection.prepareStatement(update, Statement.RETURN_GENERATED_KEYS)) {
        warm.executeUpdate();
        try (ResultSet keys = warm.getGeneratedKeys()) {
          assertRowOne(keys);
        }
      }

      reorderByAnotherClient();

      try (PreparedStatement stale = connection.prepareStatement(update, Statement.RETURN_GENERATED_KEYS)) {
        stale.executeUpdate();
        assertThatThrownBy(stale::getGeneratedKeys).isInstanceOf(VaultSqlException.class).hasMessageContaining("table changed");
      }
      try (PreparedStatement fresh = connection.prepareStatement(update, Statement.RETURN_GENERATED_KEYS)) {
        fresh.executeUpdate();
        try (ResultSet keys = fresh.getGeneratedKeys()) {
          assertRowOne(keys);
        }
      }
    }
  }

  @Test
  void ddlThroughTheDriverIsSeenAtOnceByReadsAndWrites() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT * FROM customers")) {
        assertRowOne(rows);
      }
      statement.executeUpdate("INSERT INTO customers VALUES (2, 'n2', 'e2@example.com', 's2', NULL, NULL, NULL, NULL, now())");

      statement.execute("ALTER TABLE customers DROP COLUMN name");

      try (ResultSet rows = statement.executeQuery("SELECT * FROM customers WHERE id = 1")) {
        assertRowOne(rows); // no refusal: the plan was dropped with the DDL
      }
      // Without a column list, the values go by the new positions: email is the second column now.
      statement.executeUpdate("INSERT INTO customers VALUES (3, 'e3@example.com', 's3', NULL, NULL, NULL, NULL, now())");
      try (ResultSet rows = statement.executeQuery("SELECT email FROM customers WHERE id = 3")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("e3@example.com");
      }
    }
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM customers WHERE id = 3")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).startsWith("bv1:");
    }
  }

  @Test
  void aPreparedInsertWithoutAColumnListIsNotSentByItsOldPositionsAfterDdl() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, NULL, NULL, NULL, NULL, now())");
        PreparedStatement plain = connection.prepareStatement("SELECT count(*) FROM customers")) {
      // name moves to the end: the second position, plain before, is email (encrypted) now.
      statement.execute("ALTER TABLE customers DROP COLUMN name");
      statement.execute("ALTER TABLE customers ADD COLUMN name text");
      insert.setLong(1, 5);
      insert.setString(2, "marker-email@example.com");
      insert.setString(3, "s5");
      insert.setString(4, "n5");
      assertThatThrownBy(insert::executeUpdate).isInstanceOf(VaultSqlException.class).hasMessageContaining("prepare it again");
      try (ResultSet rows = plain.executeQuery()) {
        // A statement whose analysis still holds runs on after checking it once.
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(1);
      }
    }
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM customers WHERE id = 5")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong(1)).as("nothing was sent").isZero();
    }
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, NULL, NULL, NULL, NULL, now(), ?)")) {
      insert.setLong(1, 5);
      insert.setString(2, "e5@example.com");
      insert.setString(3, "s5");
      insert.setString(4, "n5");
      insert.executeUpdate();
    }
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email, name FROM customers WHERE id = 5")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).startsWith("bv1:");
      assertThat(rows.getString(2)).isEqualTo("n5");
    }
  }

  @Test
  void ddlRolledBackIsForgottenToo() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("ALTER TABLE customers DROP COLUMN name");
      try (ResultSet rows = statement.executeQuery("SELECT * FROM customers")) {
        assertRowOne(rows); // analysed inside the transaction: without name
      }
      connection.rollback();
      connection.setAutoCommit(true);
      try (ResultSet rows = statement.executeQuery("SELECT * FROM customers")) {
        assertRowOne(rows); // the rollback brought name back, and the driver read the table again
        assertThat(rows.getMetaData().getColumnCount()).isEqualTo(9);
      }
    }
  }

  @Test
  void anAliasIsNotMistakenForAChangeAndIsCheckedOnce() throws SQLException {
    String sql = "SELECT email AS contact, ssn AS email, name FROM customers WHERE id = 1";
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      VaultRuntime runtime = connection.unwrap(VaultConnection.class).runtime;
      for (int i = 0; i < 3; i++) {
        try (ResultSet rows = statement.executeQuery(sql)) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString("contact")).isEqualTo("e1@example.com");
          assertThat(rows.getString(2)).isEqualTo("s1");
        }
      }
      long misses = runtime.plans().misses();
      for (int i = 0; i < 3; i++) {
        try (ResultSet rows = statement.executeQuery(sql)) {
          assertThat(rows.next()).isTrue();
        }
      }
      assertThat(runtime.plans().misses()).as("no plan dropped for an alias").isEqualTo(misses);
      assertThat(runtime.checkedShapes()).anyMatch(shape -> shape.endsWith(sql));
    }
  }
}
