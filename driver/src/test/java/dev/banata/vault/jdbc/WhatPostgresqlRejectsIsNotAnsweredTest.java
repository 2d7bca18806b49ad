package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A statement PostgreSQL fails on the plaintext column is refused (0A000, not sent), never answered,
 * and the forms next to it that PostgreSQL answers are still answered: a name no table has (a quoted
 * name keeps its case), a parameter cast to the other storage, a literal of a type PostgreSQL does
 * not compare with the column's. Each refused statement is also run over a plain connection, on a
 * table {@code plain_customers} with the same columns holding plaintext, to show PostgreSQL fails it.
 */
@DatabaseTest
class WhatPostgresqlRejectsIsNotAnsweredTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws SQLException {
    Customers.create(db);
    db.execute(Customers.CREATE_TABLE.replace("CREATE TABLE customers", "CREATE TABLE plain_customers"));
    db.execute("INSERT INTO plain_customers (id, name, email) VALUES (1, 'Ann', 'ann@example.com')");
    pool = Customers.pool(db, Customers.CONFIG);
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO customers (id, name, email) VALUES (1, 'Ann', 'ann@example.com')");
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Test
  void aNameNoTableHasIsRefusedWithoutItsLiteralReachingTheServer() throws SQLException {
    refused("SELECT id FROM %s WHERE \"EMAIL\" = 'ann@example.com'", "\"EMAIL\"");
    refused("SELECT id FROM %s WHERE emial = 'ann@example.com'", "emial");
    refused("SELECT id FROM (SELECT email AS e FROM %s) d WHERE \"E\" = 'ann@example.com'", "\"E\"");
    refused("UPDATE %s SET name = 'x' WHERE emial = 'ann@example.com'", "emial");
    // Qualified, as ORMs write it, and as the target of an assignment.
    refused("SELECT c.id FROM %s c WHERE c.\"EMAIL\" = 'ann@example.com'", "ann@example.com");
    refused("UPDATE %s SET \"EMAIL\" = 'ann@example.com' WHERE id = 1", "ann@example.com");
    refused("INSERT INTO %s (id, \"EMAIL\") VALUES (2, 'ann@example.com')", "ann@example.com");
  }

  @Test
  void besideAConstantDerivedTableOrBehindAQualifierNoTableHasAnUndefinedNameIsRefusedToo() throws SQLException {
    // PostgreSQL names a constant's or an operator's output ?column?, so the derived table lists all its names.
    refused("SELECT c.id FROM %s c, (SELECT 1) x WHERE \"EMAIL\" = 'ann@example.com'", "ann@example.com");
    refused("SELECT c.id FROM %s c, (SELECT 1 + 1, 'a' || 'b', NULL, -1) x WHERE emial = 'ann@example.com'", "ann@example.com");
    // a.b.c is the field c of column b of a: a field of an encrypted column is a field of its ciphertext.
    refused("SELECT c.id FROM %s c WHERE c.email.x = 'ann@example.com'", "ann@example.com");
    // A qualifier naming nothing in FROM, with a column no encrypted table has.
    refused("SELECT c.id FROM %s c WHERE cx.nme = 'ann@example.com'", "ann@example.com");
    refused("SELECT c.id FROM %s c WHERE nosuchschema.nosuchtable.nme = 'ann@example.com'", "ann@example.com");
    assertThat(answered("SELECT email FROM customers c, (SELECT 1) x WHERE c.email = 'ann@example.com'")).containsExactly("ann@example.com");
    assertThat(answered("SELECT x.\"?column?\" FROM customers c, (SELECT 1) x WHERE c.email = 'ann@example.com'")).containsExactly("1");
    assertThat(answered("SELECT email FROM customers c WHERE EXISTS (SELECT 1 FROM plain_customers p WHERE p.id = c.id)"))
        .containsExactly("ann@example.com");
    assertThat(answered("SELECT email FROM customers WHERE customers.id = 1 AND email = 'ann@example.com'")).containsExactly("ann@example.com");
  }

  @Test
  void anImplicitOutputNameInOrderByIsAnswered() throws SQLException {
    assertThat(answered("SELECT count(*) FROM customers WHERE email = 'ann@example.com' ORDER BY count")).containsExactly("1");
    assertThat(answered("SELECT upper('a'), email FROM customers ORDER BY upper")).containsExactly("A");
  }

  @Test
  void aNumberAssignedToATextColumnIsStoredAsPostgresqlStoresIt() throws SQLException {
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement()) {
      statement.executeUpdate("INSERT INTO plain_customers (id, name, email) VALUES (3, 'Num', 1e3)");
    }
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO customers (id, name, email) VALUES (3, 'Num', 1e3)");
    }
    List<String> plain;
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM plain_customers WHERE id = 3")) {
      plain = firstColumn(rows);
    }
    assertThat(plain).containsExactly("1000");
    assertThat(answered("SELECT email FROM customers WHERE id = 3")).isEqualTo(plain);
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM customers WHERE id = 3");
    }
  }

  @Test
  void outputAliasesSystemColumnsAndKeywordsAreStillAnswered() throws SQLException {
    assertThat(answered("SELECT email AS e, name AS n FROM customers ORDER BY n")).containsExactly("ann@example.com");
    assertThat(answered("SELECT email, count(*) AS c FROM customers GROUP BY email ORDER BY c")).containsExactly("ann@example.com");
    assertThat(answered("SELECT email, ctid, xmin, tableoid FROM customers WHERE id = 1")).containsExactly("ann@example.com");
    assertThat(answered("SELECT email, current_user, session_user, current_schema, localtimestamp FROM customers"))
        .containsExactly("ann@example.com");
    assertThat(answered("SELECT email FROM (SELECT email, count(*) FROM customers GROUP BY email) d WHERE count = 1"))
        .containsExactly("ann@example.com");
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThat(statement.executeUpdate("UPDATE customers SET name = DEFAULT WHERE email = 'ann@example.com'")).isEqualTo(1);
      statement.executeUpdate("UPDATE customers SET name = 'Ann' WHERE id = 1");
    }
  }

  @Test
  void aParameterCastToTheOtherStorageIsRefused() throws SQLException {
    refusedPrepared("SELECT id FROM %s WHERE email = ?::bytea", "ann@example.com");
    refusedPrepared("SELECT id FROM %s WHERE email IN (?, CAST(? AS bytea))", "ann@example.com", "ann@example.com");
    assertThat(answeredPrepared("SELECT email FROM customers WHERE email = ?::text", "ann@example.com")).containsExactly("ann@example.com");
    assertThat(answeredPrepared("SELECT email FROM customers WHERE email = CAST(? AS varchar)", "ann@example.com"))
        .containsExactly("ann@example.com");
  }

  @Test
  void aLiteralOfATypePostgresqlDoesNotCompareWithTheColumnIsRefused() throws SQLException {
    refused("SELECT id FROM %s WHERE email = 5", "5");
    refused("SELECT id FROM %s WHERE email = true", "true");
    refused("SELECT id FROM %s WHERE email = 'ann@example.com'::bytea", "ann@example.com");
    refused("SELECT id FROM %s WHERE email = DATE '2024-01-31'", "2024-01-31");
    refused("SELECT id FROM %s WHERE email IN ('ann@example.com', 5)", "ann@example.com");
    assertThat(answered("SELECT email FROM customers WHERE email = 'ann@example.com'::text")).containsExactly("ann@example.com");
    assertThat(answered("SELECT email FROM customers WHERE email = CAST('ann@example.com' AS varchar)")).containsExactly("ann@example.com");
    assertThat(answered("SELECT email FROM customers WHERE email = 'ann@example.com'")).containsExactly("ann@example.com");
  }

  /** PostgreSQL fails {@code sql} on the plaintext table; the vault refuses it on the encrypted one, naming no {@code value}. */
  private static void refused(String sql, String value) throws SQLException {
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement()) {
      assertThatThrownBy(() -> statement.execute(sql.formatted("plain_customers"))).as("PostgreSQL: %s", sql).isInstanceOf(SQLException.class);
    }
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute(sql.formatted("customers"))).as(sql)
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("'" + value));
    }
  }

  private static void refusedPrepared(String sql, String... values) throws SQLException {
    try (Connection plain = db.plainConnection(); PreparedStatement statement = plain.prepareStatement(sql.formatted("plain_customers"))) {
      bind(statement, values);
      assertThatThrownBy(statement::executeQuery).as("PostgreSQL: %s", sql).isInstanceOf(SQLException.class);
    }
    try (Connection connection = pool.getConnection()) {
      assertThatThrownBy(() -> {
        try (PreparedStatement statement = connection.prepareStatement(sql.formatted("customers"))) {
          bind(statement, values);
          statement.executeQuery();
        }
      }).as(sql).isInstanceOf(SQLException.class).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
    }
  }

  private static void bind(PreparedStatement statement, String... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      statement.setString(i + 1, values[i]);
    }
  }

  /** The first column of every row, through the vault. */
  private static List<String> answered(String sql) throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return firstColumn(rows);
    }
  }

  private static List<String> answeredPrepared(String sql, String value) throws SQLException {
    try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        return firstColumn(rows);
      }
    }
  }

  private static List<String> firstColumn(ResultSet rows) throws SQLException {
    List<String> values = new ArrayList<>();
    while (rows.next()) {
      values.add(rows.getString(1));
    }
    return values;
  }
}
