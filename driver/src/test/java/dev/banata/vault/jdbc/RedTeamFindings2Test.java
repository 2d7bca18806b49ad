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
 * Holes found by the second hostile test (client-side ORDER BY, SQL-standard syntax, renames,
 * row-level security, EXISTS in the select list, qualifiers, parser bound). Each test states the
 * promise and failed on the code it was written against. Plaintext values carry the marker
 * {@code SECRET}; what the server receives is recorded by {@link RecordingDriver}.
 *
 * <p>Rows: id 1 (name {@code a}, email {@code SECRET-b@x}, created_at ...10:00:00.0002), id 2 (name
 * {@code a\u001f}, the same email, created_at ...10:00:00.0001), id 3 (name {@code z}, email
 * {@code SECRET-a@x}).
 */
@DatabaseTest
class RedTeamFindings2Test {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @BeforeAll
  static void start() throws Exception {
    Class.forName(RecordingDriver.class.getName());
  }

  @BeforeEach
  void threeCustomers() throws Exception {
    db.execute("DROP TABLE IF EXISTS customers_x");
    Customers.create(db);
    try (Connection vault = vault(Customers.CONFIG);
        PreparedStatement insert = vault.prepareStatement(
            "INSERT INTO customers (id, name, email, ssn, created_at) VALUES (?, ?, ?, ?, ?::timestamptz)")) {
      Object[][] rows = {
          {1L, "a", "SECRET-b@x", "SECRET-ssn-1", "2020-01-01 10:00:00.0002+00"},
          {2L, "a\u001f", "SECRET-b@x", "SECRET-ssn-2", "2020-01-01 10:00:00.0001+00"},
          {3L, "z", "SECRET-a@x", "SECRET-ssn-3", "2020-01-01 11:00:00+00"}};
      for (Object[] row : rows) {
        insert.setLong(1, (Long) row[0]);
        insert.setString(2, (String) row[1]);
        insert.setString(3, (String) row[2]);
        insert.setString(4, (String) row[3]);
        insert.setString(5, (String) row[4]);
        insert.executeUpdate();
      }
    }
    RecordingDriver.clear();
  }

  /** The same three rows in clear, as PostgreSQL orders them: what the driver's ordering must equal. */
  private static final String MIRROR = "(VALUES (1, 'SECRET-b@x', 'a', '2020-01-01 10:00:00.0002+00'::timestamptz),"
      + " (2, 'SECRET-b@x', E'a\\x1f', '2020-01-01 10:00:00.0001+00'::timestamptz),"
      + " (3, 'SECRET-a@x', 'z', '2020-01-01 11:00:00+00'::timestamptz)) AS customers (id, email, name, created_at)";

  // ---------------------------------------------------------------------------------------------
  // 1. Client-side ORDER BY: plain keys compared otherwise than PostgreSQL compares them.

  @Test
  void aCharKeyBreaksTiesAsPostgresqlDoes() throws Exception {
    assertSameOrder("select id from customers order by email, name::char(5), id",
        "select id from " + MIRROR + " order by email collate \"C\", name::char(5) collate \"C\", id");
    // (also: order by email, (name || ' ')::char(3), id)
  }

  @Test
  void aTimeKeyIsComparedToTheMicrosecond() throws Exception {
    assertSameOrder("select id from customers order by email, created_at::time, id",
        "select id from " + MIRROR + " order by email collate \"C\", created_at::time, id");
    // (also: created_at::timetz; created_at::timestamp(6) is ordered right)
  }

  @Test
  void aNumericNanKeyIsOrderedLastAsPostgresqlDoes() throws Exception {
    assertSameOrder("select id from customers order by email, case when id = 1 then 'NaN'::numeric else id end",
        "select id from " + MIRROR + " order by email collate \"C\", case when id = 1 then 'NaN'::numeric else id end");
    // (also 'Infinity'::numeric)
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Client-side ORDER BY: the appended sort keys and the re-sorted result seen through other calls.

  @Test
  void preparedStatementMetaDataListsOnlyTheSelectedColumns() throws Exception {
    try (Connection vault = vault(Customers.CONFIG);
        PreparedStatement select = vault.prepareStatement("select id from customers order by email")) {
      assertThat(select.getMetaData().getColumnCount()).as("columns the application selected").isEqualTo(1);
    }
  }

  @Test
  void getResultSetTwiceReturnsTheRowsTwice() throws Exception {
    // pgjdbc returns the same result set from both calls: reading the second gives every row.
    try (Connection vault = vault(Customers.CONFIG);
        Statement statement = vault.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
      statement.execute("select id from customers order by email, id");
      statement.getResultSet();
      ResultSet second = statement.getResultSet();
      assertThat(ids(second)).isEqualTo(List.of(3L, 1L, 2L));
    }
  }

  @Test
  void getResultSetAfterExecuteQueryReturnsTheRows() throws Exception {
    try (Connection vault = vault(Customers.CONFIG);
        PreparedStatement select = vault.prepareStatement("select id from customers order by email, id")) {
      select.executeQuery();
      assertThat(ids(select.getResultSet())).isEqualTo(List.of(3L, 1L, 2L));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Renames: PostgreSQL's inheritance star (relation_expr "name *") is not recognised.

  @Test
  void renameWithTheInheritanceStarIsRefused() throws Exception {
    for (String sql : List.of("ALTER TABLE customers * RENAME COLUMN email TO mail", "ALTER TABLE customers * RENAME TO customers_x")) {
      try (Connection vault = vault(isolatedConfig()); Statement statement = vault.createStatement()) {
        assertThatThrownBy(() -> statement.execute(sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      }
      assertThat(plain("SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('customers') AND attname = 'email'"))
          .as("customers.email after: " + sql).containsExactly("1");
    }
    // ALTER INDEX customers RENAME TO ..., ALTER VIEW / MATERIALIZED VIEW / FOREIGN TABLE customers RENAME COLUMN email ...
    // (all of which PostgreSQL applies to the table) and ALTER TABLE ONLY / IF EXISTS ... are refused.
  }

  // ---------------------------------------------------------------------------------------------
  // 4. CREATE/ALTER POLICY refused only when an encrypted column is named as an identifier.

  @Test
  void policyOverAWholeRowReferenceIsRefused() throws Exception {
    List<String> sent = new ArrayList<>();
    for (String sql : List.of(
        "create policy rt2a on customers using (to_jsonb(customers) ->> 'email' = 'SECRET-b@x')",
        "create policy rt2c on customers using (row_to_json(customers.*)::text <> 'SECRET')",
        "create policy rt2b on customers using (customers::text like '%bv1%')",
        "create policy rt2e on customers using (query_to_xml('select email from customers', true, true, '') is not null)")) {
      RecordingDriver.clear();
      if (!runOrRefused(sql)) {
        sent.add(sql);
      }
      assertThat(RecordingDriver.recorded()).as("sent for: " + sql).noneMatch(text -> text.contains("SECRET"));
    }
    assertThat(sent).as("a policy computing on the stored ciphertext, sent instead of refused").isEmpty();
    // (also: alter policy p on customers using (to_jsonb(customers) ->> 'ssn' = 'SECRET-ssn-1') reaches the server)
  }

  // ---------------------------------------------------------------------------------------------
  // 5. A literal cast to a type with a length is encrypted as if the cast were not there.

  @Test
  void aLiteralCastWithALengthIsNotDropped() throws Exception {
    List<String> returned = queryOrRefused("select id from customers where email = cast('SECRET-b@x' as char(4))");
    assertThat(returned).as("a plain table compares email with 'SECR': no row").isEmpty();
    // (the parameter forms ?::varchar(3), cast(? as char(4)) are refused; INSERT ... VALUES (11,
    //  'SECRET-11@x'::varchar(6)) stores the whole value where a plain table stores 'SECRET')
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertSameOrder(String sql, String mirrorSql) throws SQLException {
    List<Long> expected = new ArrayList<>();
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery(mirrorSql)) {
      while (rows.next()) {
        expected.add(rows.getLong(1));
      }
    }
    try (Connection vault = vault(Customers.CONFIG); PreparedStatement select = vault.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      assertThat(ids(rows)).as(sql).isEqualTo(expected);
    }
  }

  private static List<Long> ids(ResultSet rows) throws SQLException {
    List<Long> ids = new ArrayList<>();
    while (rows.next()) {
      ids.add(rows.getLong(1));
    }
    return ids;
  }

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
    Path copy = Files.createTempFile("redteam2-vault", ".yaml");
    copy.toFile().deleteOnExit();
    try (var in = RedTeamFindings2Test.class.getResourceAsStream("/e2e-vault.yaml")) {
      Files.write(copy, in.readAllBytes());
    }
    return copy.toString();
  }

  /** Runs the SQL through the vault; true when the driver refused it (message checked for plaintext). */
  private static boolean runOrRefused(String sql) throws Exception {
    try (Connection vault = vault(isolatedConfig()); Statement statement = vault.createStatement()) {
      statement.execute(sql);
      return false;
    } catch (SQLException e) {
      assertThat(e.getMessage()).doesNotContain("SECRET");
      if ("0A000".equals(e.getSQLState())) {
        return true;
      }
      throw e;
    }
  }

  private static List<String> queryOrRefused(String sql) throws SQLException {
    try (Connection vault = vault(Customers.CONFIG); Statement statement = vault.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      assertThat(e.getMessage()).doesNotContain("SECRET");
      if ("0A000".equals(e.getSQLState())) {
        return List.of();
      }
      throw e;
    }
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
