package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An application writes and reads encrypted columns with prepared statements through HikariCP. */
@DatabaseTest
class PreparedStatementRoundTripTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

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
    Customers.create(db);
  }

  private static void insertAda(Connection connection) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO customers (id, name, email, ssn, birth_date, balance, visits, photo) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, 1);
      insert.setString(2, "Ada");
      insert.setString(3, "ada@example.com");
      insert.setString(4, "123-45-6789");
      insert.setObject(5, LocalDate.of(1815, 12, 10));
      insert.setBigDecimal(6, new BigDecimal("1234.50"));
      insert.setInt(7, 42);
      insert.setBytes(8, new byte[] {1, 2, 3});
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void theApplicationReadsBackTypedPlaintext() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      insertAda(connection);
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT id, name, email, ssn, birth_date, balance, visits, photo FROM customers WHERE id = ?")) {
        select.setLong(1, 1);
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString("name")).isEqualTo("Ada");
          assertThat(rows.getString("email")).isEqualTo("ada@example.com");
          assertThat(rows.getString(4)).isEqualTo("123-45-6789");
          assertThat(rows.getObject("birth_date", LocalDate.class)).isEqualTo(LocalDate.of(1815, 12, 10));
          assertThat(rows.getDate(5)).isEqualTo(Date.valueOf("1815-12-10"));
          assertThat(rows.getObject(5)).isEqualTo(Date.valueOf("1815-12-10"));
          assertThat(rows.getBigDecimal("balance")).isEqualByComparingTo("1234.50");
          assertThat(rows.getInt("visits")).isEqualTo(42);
          assertThat(rows.getLong(7)).isEqualTo(42L);
          assertThat(rows.getString("visits")).isEqualTo("42");
          assertThat(rows.getBytes("photo")).containsExactly(1, 2, 3);
          assertThat(rows.next()).isFalse();
        }
      }
    }
  }

  @Test
  void theDatabaseHoldsOnlyEnvelopes() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      insertAda(connection);
    }
    try (Connection plain = db.plainConnection();
        ResultSet rows = plain.createStatement().executeQuery("SELECT name, email, ssn, birth_date, balance, visits, photo FROM customers")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString("name")).isEqualTo("Ada");
      for (String column : new String[] {"email", "ssn", "birth_date", "balance", "visits"}) {
        // Not "ada" or "42": random base64 contains such short strings now and then; the envelope check is what counts.
        assertThat(rows.getString(column)).as(column).startsWith("bv1:").doesNotContain("123-45", "1815-12", "1234.5");
        assertThat(FieldCipher.isEnvelope(rows.getString(column))).as(column).isTrue();
      }
      assertThat(rows.getBytes("photo")).hasSizeGreaterThan(3).isNotEqualTo(new byte[] {1, 2, 3});
    }
  }

  @Test
  void equalityOnTheDeterministicColumnFindsTheRow() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      insertAda(connection);
      try (PreparedStatement select = connection.prepareStatement("SELECT c.id, c.name FROM customers c WHERE c.email = ?")) {
        select.setString(1, "ada@example.com");
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getLong(1)).isEqualTo(1);
        }
        select.setString(1, "nobody@example.com");
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isFalse();
        }
      }
    }
  }

  @Test
  void nullsStaySqlNull() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO customers (id, name, email, ssn, birth_date, visits) VALUES (?, ?, ?, ?, ?, ?)")) {
        insert.setLong(1, 2);
        insert.setString(2, "Nobody");
        insert.setNull(3, Types.VARCHAR);
        insert.setString(4, null);
        insert.setObject(5, null);
        insert.setNull(6, Types.INTEGER);
        insert.executeUpdate();
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT email, ssn, birth_date, visits FROM customers WHERE id = 2");
          ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isNull();
        assertThat(rows.wasNull()).isTrue();
        assertThat(rows.getObject(3)).isNull();
        assertThat(rows.getInt(4)).isZero();
        assertThat(rows.wasNull()).isTrue();
      }
    }
    try (Connection plain = db.plainConnection();
        ResultSet rows = plain.createStatement().executeQuery("SELECT count(*) FROM customers WHERE email IS NULL AND ssn IS NULL AND visits IS NULL")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void reExecutionWithNewParametersAndClearParameters() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email, ssn) VALUES (?, ?, ?)")) {
      for (int id = 10; id < 15; id++) {
        insert.clearParameters();
        insert.setInt(1, id);
        insert.setString(2, "user" + id + "@example.com");
        insert.setString(3, "ssn-" + id);
        insert.executeUpdate();
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT id, ssn FROM customers WHERE email = ?")) {
        for (int id = 10; id < 15; id++) {
          select.setString(1, "user" + id + "@example.com");
          try (ResultSet rows = select.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(id);
            assertThat(rows.getString(2)).isEqualTo("ssn-" + id);
          }
        }
      }
    }
  }

  @Test
  void resultMetadataReportsTheLogicalTypes() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT name, email, birth_date, balance, visits, photo FROM customers")) {
      ResultSetMetaData before = select.getMetaData();
      assertThat(before.getColumnType(3)).isEqualTo(Types.DATE);
      try (ResultSet rows = select.executeQuery()) {
        ResultSetMetaData meta = rows.getMetaData();
        assertThat(meta.getColumnTypeName(1)).isEqualTo("text");
        assertThat(meta.getColumnType(2)).isEqualTo(Types.VARCHAR);
        assertThat(meta.getColumnType(3)).isEqualTo(Types.DATE);
        assertThat(meta.getColumnTypeName(3)).isEqualTo("date");
        assertThat(meta.getColumnType(4)).isEqualTo(Types.NUMERIC);
        assertThat(meta.getColumnType(5)).isEqualTo(Types.INTEGER);
        assertThat(meta.getColumnClassName(5)).isEqualTo(Integer.class.getName());
        assertThat(meta.getColumnType(6)).isEqualTo(Types.BINARY);
      }
    }
  }

  @Test
  void databaseMetaDataDescribesEncryptedColumnsWithTheirLogicalType() throws SQLException {
    try (Connection connection = pool.getConnection();
        ResultSet columns = connection.getMetaData().getColumns(null, db.name(), "customers", null)) {
      java.util.Map<String, String> types = new java.util.HashMap<>();
      while (columns.next()) {
        types.put(columns.getString("COLUMN_NAME"), columns.getString("TYPE_NAME") + "/" + columns.getInt("DATA_TYPE"));
      }
      assertThat(types).containsEntry("name", "text/" + Types.VARCHAR).containsEntry("birth_date", "date/" + Types.DATE)
          .containsEntry("visits", "int4/" + Types.INTEGER).containsEntry("photo", "bytea/" + Types.BINARY)
          .containsEntry("email", "text/" + Types.VARCHAR);
    }
  }

  @Test
  void updateAndDeleteByEncryptedEquality() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      insertAda(connection);
      try (PreparedStatement update = connection.prepareStatement("UPDATE customers SET ssn = ?, visits = ? WHERE email = ?")) {
        update.setString(1, "999-99-9999");
        update.setObject(2, 43);
        update.setString(3, "ada@example.com");
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT ssn, visits FROM customers WHERE email = ?")) {
        select.setString(1, "ada@example.com");
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("999-99-9999");
          assertThat(rows.getObject(2, Integer.class)).isEqualTo(43);
        }
      }
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM customers WHERE email = ?")) {
        delete.setString(1, "ada@example.com");
        assertThat(delete.executeUpdate()).isEqualTo(1);
      }
    }
  }
}
