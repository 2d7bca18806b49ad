package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ORDER BY on encrypted columns of the outermost query, without LIMIT: the driver sends the query
 * without its ORDER BY, decrypts and returns the rows in the requested order. Every ordering is
 * compared with the same rows in a plain table ({@code mirror}) ordered by PostgreSQL, text with
 * {@code COLLATE "C"} (code-point order, the driver's default string order).
 */
@DatabaseTest
class OrderByOnEncryptedColumnsTest {

  private static final int ROWS = 240;
  /** Code-point order differs from String.compareTo for U+E000 and U+1F600 (a surrogate pair); C collation is code-point order. */
  private static final String[] NAMES = {"ann", "Ann", "bob", "Émile", "zoë", "\uE000x", "\uD83D\uDE00", "ann ", "", null};
  private static final String[] EMAILS = {"a@x", "b@x", "B@x", "c@x", "ä@x", "\uD83D\uDE00@x", "\uE000@x", null};

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;
  private static HikariDataSource smallPool;

  @BeforeAll
  static void start() throws SQLException {
    Customers.installVault(db);
    Customers.create(db);
    db.execute("DROP TABLE IF EXISTS mirror", "CREATE TABLE mirror (id bigint PRIMARY KEY, name text, email text, ssn text,"
        + " birth_date date, balance numeric, visits integer, photo bytea)");
    pool = Customers.pool(db, Customers.CONFIG);
    smallPool = Customers.pool(db.vaultUrl() + "&vault.client-sort-max-rows=50", db, Customers.CONFIG);
    Random random = new Random(11);
    try (Connection vault = pool.getConnection(); Connection plain = db.plainConnection();
        PreparedStatement encrypted = vault.prepareStatement("INSERT INTO customers (id, name, email, ssn, birth_date, balance, visits, photo)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement mirror = plain.prepareStatement("INSERT INTO mirror (id, name, email, ssn, birth_date, balance, visits, photo)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int id = 1; id <= ROWS; id++) {
        String name = NAMES[random.nextInt(NAMES.length)];
        String email = EMAILS[random.nextInt(EMAILS.length)];
        String ssn = random.nextInt(10) == 0 ? null : String.valueOf(100 + random.nextInt(40));
        LocalDate born = random.nextInt(8) == 0 ? null : LocalDate.of(1940 + random.nextInt(80), 1 + random.nextInt(12), 1 + random.nextInt(28));
        BigDecimal balance = random.nextInt(8) == 0 ? null : BigDecimal.valueOf(random.nextInt(2000) - 1000, random.nextInt(3));
        Integer visits = random.nextInt(8) == 0 ? null : random.nextInt(30) - 10;
        byte[] photo = random.nextInt(6) == 0 ? null : new byte[] {(byte) random.nextInt(256), (byte) random.nextInt(4)};
        for (PreparedStatement insert : List.of(encrypted, mirror)) {
          insert.setLong(1, id);
          insert.setString(2, name);
          insert.setString(3, email);
          insert.setString(4, ssn);
          insert.setObject(5, born);
          insert.setBigDecimal(6, balance);
          if (visits == null) {
            insert.setNull(7, Types.INTEGER);
          } else {
            insert.setInt(7, visits);
          }
          insert.setBytes(8, photo);
          insert.executeUpdate();
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
    smallPool.close();
  }

  @Test
  void textInCodePointOrderAscendingAndDescendingWithNullsWherePostgresqlPutsThem() throws SQLException {
    assertSameOrder("SELECT id, email FROM customers ORDER BY email, id", "SELECT id FROM mirror ORDER BY email COLLATE \"C\", id");
    assertSameOrder("SELECT id, email FROM customers ORDER BY email DESC, id", "SELECT id FROM mirror ORDER BY email COLLATE \"C\" DESC, id");
    assertSameOrder("SELECT id, ssn FROM customers ORDER BY ssn DESC NULLS LAST, id DESC",
        "SELECT id FROM mirror ORDER BY ssn COLLATE \"C\" DESC NULLS LAST, id DESC");
    assertSameOrder("SELECT id, email FROM customers ORDER BY email ASC NULLS FIRST, id",
        "SELECT id FROM mirror ORDER BY email COLLATE \"C\" NULLS FIRST, id");
  }

  @Test
  void integersDatesDecimalsAndBytesByValue() throws SQLException {
    assertSameOrder("SELECT id, visits FROM customers ORDER BY visits, id", "SELECT id FROM mirror ORDER BY visits, id");
    assertSameOrder("SELECT id, visits FROM customers ORDER BY visits DESC, id", "SELECT id FROM mirror ORDER BY visits DESC, id");
    assertSameOrder("SELECT id, birth_date FROM customers ORDER BY birth_date NULLS FIRST, id",
        "SELECT id FROM mirror ORDER BY birth_date NULLS FIRST, id");
    assertSameOrder("SELECT id, balance FROM customers ORDER BY balance DESC, id", "SELECT id FROM mirror ORDER BY balance DESC, id");
    assertSameOrder("SELECT id, photo FROM customers ORDER BY photo, id", "SELECT id FROM mirror ORDER BY photo, id");
  }

  @Test
  void tiesAreBrokenByPlainKeysWhichCompareAsTheirValuesTextInCodePointOrder() throws SQLException {
    assertSameOrder("SELECT id, name, email FROM customers ORDER BY email, name, id DESC",
        "SELECT id FROM mirror ORDER BY email COLLATE \"C\", name COLLATE \"C\", id DESC");
    assertSameOrder("SELECT id, name FROM customers ORDER BY name DESC, visits NULLS FIRST, id",
        "SELECT id FROM mirror ORDER BY name COLLATE \"C\" DESC, visits NULLS FIRST, id");
  }

  @Test
  void keysByPositionAliasAndStar() throws SQLException {
    assertSameOrder("SELECT id, email AS e, visits FROM customers ORDER BY 3 DESC, e, 1",
        "SELECT id FROM mirror ORDER BY visits DESC, email COLLATE \"C\", id");
    assertSameOrder("SELECT * FROM customers ORDER BY birth_date DESC, id", "SELECT id FROM mirror ORDER BY birth_date DESC, id");
  }

  @Test
  void keysNotSelectedAreSentAsColumnsTheResultDoesNotShow() throws SQLException {
    String sql = "select c1_0.id,c1_0.name from customers c1_0 where c1_0.id>? order by c1_0.email desc, c1_0.ssn, c1_0.id";
    try (Connection connection = pool.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
      for (int from : new int[] {0, 100, 0}) {
        select.setInt(1, from);
        try (ResultSet rows = select.executeQuery()) {
          ResultSetMetaData meta = rows.getMetaData();
          assertThat(meta.getColumnCount()).as("columns the application selected").isEqualTo(2);
          assertThat(ids(rows)).as("prepared statement reused, from id %d", from).isEqualTo(mirrorIds(
              "SELECT id FROM mirror WHERE id > " + from + " ORDER BY email COLLATE \"C\" DESC, ssn COLLATE \"C\", id"));
        }
      }
      select.setInt(1, 0);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThatThrownBy(() -> rows.getString(3)).as("index past the selected columns").isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> rows.getString("email")).as("a label only a hidden key has").isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> rows.findColumn("ssn")).isInstanceOf(SQLException.class);
        assertThat(rows.getLong("id")).isEqualTo(rows.getLong(1));
      }
    }
    assertSameOrder("SELECT id FROM customers ORDER BY ssn, birth_date DESC, id", "SELECT id FROM mirror ORDER BY ssn COLLATE \"C\", birth_date DESC, id");
  }

  @Test
  void theResultBehavesLikeTheDatabasesOwn() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT id, visits, email FROM customers WHERE id <= ? ORDER BY visits NULLS FIRST, id")) {
      select.setInt(1, 40);
      ResultSet rows = select.executeQuery();
      assertThat(rows.getStatement()).isSameAs(select);
      assertThat(rows.isBeforeFirst()).isTrue();
      List<Long> ids = new ArrayList<>();
      Integer previous = null;
      boolean sawNull = false;
      while (rows.next()) {
        assertThat(rows.getRow()).isEqualTo(ids.size() + 1);
        assertThat(rows.isFirst()).isEqualTo(ids.isEmpty());
        ids.add(rows.getLong("id"));
        int visits = rows.getInt(2);
        if (rows.wasNull()) {
          assertThat(sawNull || ids.size() == 1 || previous == null).as("NULLs first").isTrue();
          assertThat(rows.getObject("visits")).isNull();
          sawNull = true;
          previous = null;
          continue;
        }
        assertThat(rows.getObject(2, Integer.class)).isEqualTo(visits);
        assertThat(rows.getString("visits")).isEqualTo(String.valueOf(visits));
        if (previous != null) {
          assertThat(visits).isGreaterThanOrEqualTo(previous);
        }
        previous = visits;
        rows.getString("email");
      }
      assertThat(rows.isAfterLast()).isTrue();
      assertThat(ids).isEqualTo(mirrorIds("SELECT id FROM mirror WHERE id <= 40 ORDER BY visits NULLS FIRST, id"));
      assertThat(sawNull).as("the data has NULLs").isTrue();
      rows.close();
      assertThat(rows.isClosed()).isTrue();
    }
  }

  @Test
  void aScrollablePlainStatementIsOrderedAForwardOnlyOneIsRefusedBeforeSending() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement scrollable = connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
        Statement forwardOnly = connection.createStatement()) {
      try (ResultSet rows = scrollable.executeQuery("SELECT id, email FROM customers WHERE email = 'b@x' OR email IS NULL ORDER BY email, id")) {
        assertThat(ids(rows)).isEqualTo(mirrorIds("SELECT id FROM mirror WHERE email = 'b@x' OR email IS NULL ORDER BY email, id"));
      }
      assertThatThrownBy(() -> forwardOnly.executeQuery("SELECT id FROM customers ORDER BY email"))
          .isInstanceOf(SQLException.class).hasMessageContaining("use a PreparedStatement")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      assertThat(connection.isValid(1)).isTrue();
    }
  }

  @Test
  void moreRowsThanTheBoundFailWithAClearErrorNamingTheProperty() throws SQLException {
    try (Connection connection = smallPool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT id, email FROM customers WHERE id <= ? ORDER BY email, id")) {
      select.setInt(1, 50);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(ids(rows)).as("exactly the bound").hasSize(50);
      }
      select.setInt(1, 51);
      assertThatThrownBy(select::executeQuery).isInstanceOf(SQLException.class)
          .hasMessageContaining("more than 50 rows").hasMessageContaining("vault.client-sort-max-rows")
          .hasMessageContaining("customers.email")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54000"));
      assertThat(select.getMaxRows()).as("the application's setting is left as it was").isZero();
      select.setInt(1, 10);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(ids(rows)).hasSize(10);
      }
      select.setMaxRows(5);
      assertThatThrownBy(select::executeQuery).as("setMaxRows needs the database to order").isInstanceOf(SQLException.class)
          .hasMessageContaining("setMaxRows").satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
    }
  }

  @Test
  void withLimitOrOffsetTheOrderingStaysRefusedNamingTheWayOut() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      for (String sql : List.of("SELECT id FROM customers ORDER BY email LIMIT 10", "SELECT id, email FROM customers ORDER BY 2 OFFSET ?",
          "SELECT id FROM customers ORDER BY ssn FETCH FIRST 3 ROWS ONLY")) {
        assertThatThrownBy(() -> connection.prepareStatement(sql)).as(sql).isInstanceOf(SQLException.class)
            .hasMessageContaining("ORDER BY with LIMIT needs the database to order; sort in the application or drop the LIMIT")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
      }
      try (PreparedStatement plainOrder = connection.prepareStatement("SELECT id, email FROM customers ORDER BY id LIMIT 3")) {
        assertThat(ids(plainOrder.executeQuery())).as("plain keys with LIMIT: ordered by the database").containsExactly(1L, 2L, 3L);
      }
    }
  }

  private static void assertSameOrder(String vaultSql, String mirrorSql) throws SQLException {
    try (Connection connection = pool.getConnection(); PreparedStatement select = connection.prepareStatement(vaultSql);
        ResultSet rows = select.executeQuery()) {
      assertThat(ids(rows)).as(vaultSql).isEqualTo(mirrorIds(mirrorSql)).hasSize(ROWS);
    }
  }

  static List<Long> ids(ResultSet rows) throws SQLException {
    List<Long> ids = new ArrayList<>();
    while (rows.next()) {
      ids.add(rows.getLong(1));
    }
    return ids;
  }

  private static List<Long> mirrorIds(String sql) throws SQLException {
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      return ids(rows);
    }
  }
}
