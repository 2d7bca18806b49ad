package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every typed setter and getter on encrypted columns of every logical type (e2e-typed.yaml). */
@DatabaseTest
class TypedValuesTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  private static final UUID TOKEN = UUID.fromString("6f1c1d5e-4a55-4c53-9d2e-6a8f2b1c0d11");
  private static final OffsetDateTime SEEN = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 0, ZoneOffset.ofHours(2));

  @BeforeAll
  static void start() {
    pool = Customers.pool(db, "classpath:e2e-typed.yaml");
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void table() throws SQLException {
    db.execute("DROP TABLE IF EXISTS accounts", """
        CREATE TABLE accounts (id int PRIMARY KEY, active text, opened_on text, opened_at text, seen_at text,
          token text, score text, level text, profile text, avatar text)""");
  }

  @Test
  void jdbcTypedSettersAndGettersRoundTrip() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO accounts (id, active, opened_on, opened_at, seen_at, token, score, level, profile, avatar) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setInt(1, 1);
        insert.setBoolean(2, true);
        insert.setDate(3, Date.valueOf("2020-02-29"));
        insert.setTimestamp(4, Timestamp.valueOf("2021-03-04 05:06:07.123456"));
        insert.setObject(5, SEEN);
        insert.setObject(6, TOKEN);
        insert.setLong(7, 9_000_000_000L);
        insert.setShort(8, (short) 7);
        insert.setString(9, "{\"plan\":\"gold\"}");
        insert.setBinaryStream(10, new ByteArrayInputStream(new byte[] {9, 8, 7}));
        insert.executeUpdate();
      }
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT active, opened_on, opened_at, seen_at, token, score, level, profile, avatar FROM accounts WHERE token = ?")) {
        select.setObject(1, TOKEN);
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getBoolean("active")).isTrue();
          assertThat(rows.getObject("active")).isEqualTo(Boolean.TRUE);
          assertThat(rows.getDate("opened_on")).isEqualTo(Date.valueOf("2020-02-29"));
          assertThat(rows.getObject("opened_on", LocalDate.class)).isEqualTo(LocalDate.of(2020, 2, 29));
          assertThat(rows.getTimestamp("opened_at")).isEqualTo(Timestamp.valueOf("2021-03-04 05:06:07.123456"));
          assertThat(rows.getObject("opened_at", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2021, 3, 4, 5, 6, 7, 123_456_000));
          assertThat(rows.getObject("seen_at", OffsetDateTime.class).toInstant()).isEqualTo(SEEN.toInstant());
          assertThat(rows.getObject("seen_at", Instant.class)).isEqualTo(SEEN.toInstant());
          assertThat(rows.getTimestamp("seen_at").toInstant()).isEqualTo(SEEN.toInstant());
          assertThat(rows.getObject("token")).isEqualTo(TOKEN);
          assertThat(rows.getString("token")).isEqualTo(TOKEN.toString());
          assertThat(rows.getLong("score")).isEqualTo(9_000_000_000L);
          assertThat(rows.getBigDecimal("score")).isEqualByComparingTo("9000000000");
          assertThat(rows.getShort("level")).isEqualTo((short) 7);
          assertThat(rows.getInt("level")).isEqualTo(7);
          assertThat(rows.getString("profile")).isEqualTo("{\"plan\":\"gold\"}");
          assertThat(rows.getBytes("avatar")).containsExactly(9, 8, 7);
          assertThat(rows.getBinaryStream("avatar").readAllBytes()).containsExactly(9, 8, 7);
        }
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void setObjectWithTargetTypesAndStreamsIntoTextColumns() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO accounts (id, opened_on, score, profile, level) VALUES (?, ?, ?, ?, ?)")) {
        insert.setInt(1, 2);
        insert.setObject(2, LocalDate.of(1999, 12, 31), Types.DATE);
        insert.setObject(3, "123", Types.BIGINT);
        insert.setCharacterStream(4, new StringReader("{\"a\":1}"));
        insert.setNull(5, Types.SMALLINT);
        insert.executeUpdate();
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT opened_on, score, profile, level FROM accounts WHERE id = ?")) {
        select.setInt(1, 2);
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getObject(1, LocalDate.class)).isEqualTo(LocalDate.of(1999, 12, 31));
          assertThat(rows.getObject(2)).isEqualTo(123L);
          assertThat(rows.getString(3)).isEqualTo("{\"a\":1}");
          assertThat(rows.getShort(4)).isZero();
          assertThat(rows.wasNull()).isTrue();
        }
      }
    }
  }

  @Test
  void anObjectWithoutAValueFormIsNotEncryptedAsItsToString() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO accounts (id, profile) VALUES (?, ?)")) {
      insert.setInt(1, 4);
      insert.setObject(2, new Object() {
        @Override
        public String toString() {
          return "an object's toString";
        }
      });
      assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("accounts.profile");
    }
  }

  @Test
  void aValueThatIsNotOfTheColumnsTypeIsRefusedWithoutEchoingIt() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO accounts (id, opened_on) VALUES (?, ?)")) {
      insert.setInt(1, 3);
      insert.setString(2, "not-a-date-secret");
      assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class)
          .hasMessageContaining("accounts.opened_on").hasMessageNotContaining("not-a-date-secret");
    }
  }
}
