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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Equality on a deterministic decimal column holds for numbers, as {@code numeric} equality does in
 * PostgreSQL: {@code amount: { mode: deterministic, type: decimal, scale: 2 }} stores every value at
 * two decimal places, so 10.5, 10.50 and 10.500 written or looked up in any form are one value.
 */
@DatabaseTest
class DeterministicDecimalEqualityTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() {
    pool = Customers.pool(db, "classpath:e2e-prices.yaml");
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void table() throws SQLException {
    db.execute("DROP TABLE IF EXISTS prices", "CREATE TABLE prices (id int PRIMARY KEY, amount text)");
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO prices (id, amount) VALUES (?, ?)")) {
      insert.setInt(1, 1);
      insert.setBigDecimal(2, new BigDecimal("10.50"));
      insert.executeUpdate();
      insert.setInt(1, 2);
      insert.setString(2, "10.5");
      insert.executeUpdate();
      insert.setInt(1, 3);
      insert.setObject(2, 7);
      insert.executeUpdate();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.5", "10.50", "10.500", "1.05E+1"})
  void aBoundNumberFindsEveryRowWithTheSameNumber(String written) throws SQLException {
    assertThat(idsWhere("amount = ?", new BigDecimal(written))).containsExactly(1, 2);
    assertThat(idsWhere("amount = ?", written)).as("as text").containsExactly(1, 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.5", "10.50", "10.500"})
  void aLiteralFindsEveryRowWithTheSameNumber(String written) throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id FROM prices WHERE amount = " + written + " ORDER BY id")) {
      assertThat(ids(rows)).containsExactly(1, 2);
    }
  }

  @Test
  void valuesReadBackAtTheColumnsScale() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT amount FROM prices ORDER BY id")) {
      List<BigDecimal> amounts = new ArrayList<>();
      while (rows.next()) {
        amounts.add(rows.getBigDecimal(1));
      }
      assertThat(amounts).containsExactly(new BigDecimal("10.50"), new BigDecimal("10.50"), new BigDecimal("7.00"));
    }
    assertThat(idsWhere("amount = ?", 7)).containsExactly(3);
  }

  @Test
  void aNumberWithMorePlacesIsRefusedNotRounded() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO prices (id, amount) VALUES (?, ?)")) {
      insert.setInt(1, 4);
      assertThatThrownBy(() -> {
        insert.setBigDecimal(2, new BigDecimal("10.505"));
        insert.executeUpdate();
      }).isInstanceOf(SQLException.class)
          .hasMessageContaining("more than 2 decimal places")
          .hasMessageContaining("prices.amount")
          .hasMessageNotContaining("10.505")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22000"));
    }
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM prices")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(3);
    }
  }

  private static List<Integer> idsWhere(String condition, Object value) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT id FROM prices WHERE " + condition + " ORDER BY id")) {
      select.setObject(1, value);
      try (ResultSet rows = select.executeQuery()) {
        return ids(rows);
      }
    }
  }

  private static List<Integer> ids(ResultSet rows) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    while (rows.next()) {
      ids.add(rows.getInt(1));
    }
    return ids;
  }
}
