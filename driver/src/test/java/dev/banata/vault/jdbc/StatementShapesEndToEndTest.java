package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SQL shapes applications and ORMs write, end to end on PostgreSQL (e2e-shapes.yaml: people.email
 * and orders.buyer_email share the deterministic context {@code email}; people_archive mirrors people).
 */
@DatabaseTest
class StatementShapesEndToEndTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() {
    pool = Customers.pool(db, "classpath:e2e-shapes.yaml");
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void tables() throws SQLException {
    db.execute("DROP TABLE IF EXISTS people, orders, people_archive",
        "CREATE TABLE people (id int PRIMARY KEY, name text, email text UNIQUE, ssn text)",
        "CREATE TABLE orders (id int PRIMARY KEY, buyer_email text, amount int)",
        "CREATE TABLE people_archive (id int PRIMARY KEY, name text, email text, ssn text)");
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO people (id, name, email, ssn) VALUES (1, 'Ada', 'ada@example.com', 'ssn-ada'), "
          + "(2, 'Bob', 'bob@example.com', 'ssn-bob')");
      statement.executeUpdate("INSERT INTO orders (id, buyer_email, amount) VALUES (10, 'ada@example.com', 5), "
          + "(11, 'ada@example.com', 7), (12, 'bob@example.com', 1)");
    }
  }

  private static List<String> strings(ResultSet rows, int column) throws SQLException {
    List<String> values = new ArrayList<>();
    while (rows.next()) {
      values.add(rows.getString(column));
    }
    return values;
  }

  @Test
  void upsertOnConflictDoUpdateFromExcluded() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement upsert = connection.prepareStatement(
            "INSERT INTO people (id, name, email, ssn) VALUES (?, ?, ?, ?) ON CONFLICT (email) DO UPDATE SET ssn = EXCLUDED.ssn, name = EXCLUDED.name")) {
      upsert.setInt(1, 3);
      upsert.setString(2, "Ada L.");
      upsert.setString(3, "ada@example.com");
      upsert.setString(4, "ssn-ada-2");
      upsert.executeUpdate();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT id, name, ssn FROM people WHERE email = 'ada@example.com'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(1);
        assertThat(rows.getString(2)).isEqualTo("Ada L.");
        assertThat(rows.getString(3)).isEqualTo("ssn-ada-2");
      }
    }
  }

  @Test
  void joinOnColumnsOfTheSameContextWithAliasesAndStar() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT p.*, o.id AS order_id, o.buyer_email FROM people p JOIN orders o ON o.buyer_email = p.email WHERE p.email = ? ORDER BY o.id")) {
      select.setString(1, "ada@example.com");
      try (ResultSet rows = select.executeQuery()) {
        List<String> seen = new ArrayList<>();
        while (rows.next()) {
          seen.add(rows.getString("name") + "/" + rows.getString("email") + "/" + rows.getString("ssn") + "/" + rows.getInt("order_id")
              + "/" + rows.getString("buyer_email"));
        }
        assertThat(seen).containsExactly("Ada/ada@example.com/ssn-ada/10/ada@example.com", "Ada/ada@example.com/ssn-ada/11/ada@example.com");
      }
    }
  }

  @Test
  void insertSelectCopiesCiphertextBetweenColumnsOfTheSameContext() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO people_archive (id, name, email, ssn) SELECT id, name, email, ssn FROM people WHERE email = 'bob@example.com'");
      try (ResultSet rows = statement.executeQuery("SELECT email, ssn FROM people_archive")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("bob@example.com");
        assertThat(rows.getString(2)).isEqualTo("ssn-bob");
      }
    }
  }

  @Test
  void cteUnionSubqueryAndGroupByOnADeterministicColumn() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery(
          "WITH buyers AS (SELECT DISTINCT buyer_email FROM orders) SELECT email FROM people WHERE email IN (SELECT buyer_email FROM buyers) "
              + "UNION SELECT email FROM people_archive")) {
        assertThat(strings(rows, 1)).containsExactlyInAnyOrder("ada@example.com", "bob@example.com");
      }
      try (ResultSet rows = statement.executeQuery("SELECT buyer_email, count(*) FROM orders GROUP BY buyer_email")) {
        List<String> groups = new ArrayList<>();
        while (rows.next()) {
          groups.add(rows.getString(1) + "=" + rows.getInt(2));
        }
        assertThat(groups).containsExactlyInAnyOrder("ada@example.com=2", "bob@example.com=1");
      }
      try (ResultSet rows = statement.executeQuery("SELECT x.e FROM (SELECT email AS e FROM people WHERE email <> 'ada@example.com') x")) {
        assertThat(strings(rows, 1)).containsExactly("bob@example.com");
      }
    }
  }

  @Test
  void hibernateStyleSqlWithGeneratedAliases() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("select p1_0.id,p1_0.email,p1_0.name,p1_0.ssn from people p1_0 where p1_0.email=?")) {
      select.setString(1, "bob@example.com");
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(2)).isEqualTo("bob@example.com");
        assertThat(rows.getString(4)).isEqualTo("ssn-bob");
      }
    }
  }
}
