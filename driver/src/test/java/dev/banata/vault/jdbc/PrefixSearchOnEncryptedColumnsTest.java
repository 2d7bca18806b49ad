package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.keys.MasterSecretSources;
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
 * {@code search: prefix}: {@code LIKE 'Dav%'} (Spring Data's {@code StartingWith}: {@code LIKE ?
 * ESCAPE '\'} with {@code %}, {@code _} and {@code \} escaped in the value), {@code ILIKE} and
 * {@code lower(col) = lower(?)} are answered by the database, exactly: every query, with
 * {@code LIMIT/OFFSET} and {@code count(*)}, gives what the same query gives over the same data in a
 * plain table. Patterns the tokens cannot answer are refused before anything is sent; neither the
 * values nor the patterns reach the server; two live key versions keep the search working.
 */
@DatabaseTest
class PrefixSearchOnEncryptedColumnsTest {

  private static final String YAML = """
      tables:
        people:
          primary-key: id
          columns:
            last_name: { mode: deterministic, search: prefix }
            email: { mode: deterministic, search: prefix, ignore-case: true, prefix-length: 8 }
      """;

  /** Names with the characters a pattern escapes, case variants, non-ASCII and a 4-byte code point. */
  private static final List<String> NAMES = List.of("Davis", "Davidson", "Dave", "davis", "DAVIS", "Da", "D", "", "O'Brien",
      "50% off", "50%", "a_b", "axb", "back\\slash", "back\\\\x", "Ünal", "ünal", "Ölçer", "李小龙", "😀smile", "Dávila",
      "Smith", "Smithers", "Smi", "Abcdefghijklmnopqrst", "Abcdefghijklmnopq", "Abcdefghijklmnop", "x!y", "x!!y");

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws Exception {
    Customers.installVault(db);
    EncryptedAndPlainTables.create(db, "people");
    String config = EncryptedAndPlainTables.configFile("prefix-search", YAML);
    Class.forName(RecordingDriver.class.getName());
    pool = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()) + "&vault.key-refresh-seconds=1", db, config);
    try (Connection vault = pool.getConnection(); Connection plain = db.plainConnection()) {
      // Then one row with neither.
      List<String> names = new ArrayList<>(NAMES);
      names.add(null);
      EncryptedAndPlainTables.insertIntoBoth(vault, plain, "people", names,
          name -> name == null || name.isEmpty() ? null : name.replace(' ', '.') + "@Example.com");
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  /** Spring Data's escaping of a StartingWith value (its EscapeCharacter.DEFAULT). */
  private static String startingWith(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static List<String> prefixes() {
    List<String> prefixes = new ArrayList<>(List.of("Dav", "D", "Da", "Davi", "dav", "DAV", "50%", "a_", "back\\", "Ü", "李",
        "😀", "Smith", "Abcdefghijklmnop", "O'", "x!", "zzz", ""));
    return prefixes;
  }

  @Test
  void startingWithPagesAndCountsExactlyAsOverPlainData() throws Exception {
    for (String prefix : prefixes()) {
      String pattern = startingWith(prefix);
      assertSame("SELECT id, last_name FROM %s WHERE last_name LIKE ? ESCAPE '\\' ORDER BY id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
          pattern, 1, 3);
      assertSame("SELECT id, last_name FROM %s WHERE last_name LIKE ? ESCAPE '\\' ORDER BY id LIMIT ? OFFSET ?", pattern, 2, 0);
      assertSame("SELECT count(id) FROM %s WHERE last_name LIKE ? ESCAPE '\\'", pattern);
      assertSame("SELECT count(*) FROM %s WHERE last_name LIKE ?", pattern);
      assertSame("SELECT id FROM %s WHERE last_name NOT LIKE ? ESCAPE '\\' ORDER BY id", pattern);
      assertSame("SELECT id, email FROM %s WHERE email ILIKE ? ORDER BY id", pattern.length() > 9 ? "%" : pattern);
      assertSame("SELECT id FROM %s WHERE upper(email) LIKE upper(?) ESCAPE '\\' ORDER BY id", pattern.length() > 9 ? "%" : pattern);
    }
  }

  @Test
  void everyPatternShapeIsAnsweredLikePostgresql() throws Exception {
    // Without wildcards (a whole value), another escape character, no escape character, only %.
    for (Object[] shape : new Object[][] {
        {"SELECT id FROM %s WHERE last_name LIKE ? ORDER BY id", "Davis"},
        {"SELECT id FROM %s WHERE last_name LIKE ? ORDER BY id", ""},
        {"SELECT id FROM %s WHERE last_name LIKE ? ORDER BY id", "%"},
        {"SELECT id FROM %s WHERE last_name LIKE ? ORDER BY id", "%%"},
        {"SELECT id FROM %s WHERE last_name LIKE ? ORDER BY id", "50\\%"},
        {"SELECT id FROM %s WHERE last_name LIKE ? ORDER BY id", "back\\\\%"},
        {"SELECT id FROM %s WHERE last_name LIKE ? ESCAPE '!' ORDER BY id", "x!!%"},
        {"SELECT id FROM %s WHERE last_name LIKE ? ESCAPE '!' ORDER BY id", "a!_%"},
        {"SELECT id FROM %s WHERE last_name LIKE ? ESCAPE '!' ORDER BY id", "back\\%"},
        {"SELECT id FROM %s WHERE last_name LIKE ? ESCAPE '' ORDER BY id", "back\\%"},
        {"SELECT id FROM %s WHERE last_name LIKE ? ESCAPE '' ORDER BY id", "50%"},
        {"SELECT id FROM %s WHERE last_name LIKE cast(? AS varchar) ORDER BY id", "Smi%"},
        {"SELECT id FROM %s WHERE email ILIKE ? ORDER BY id", "DAVIS@example.COM"},
        {"SELECT id FROM %s WHERE email LIKE ? ORDER BY id", "Davis@Example.com"},
        {"SELECT id FROM %s WHERE lower(email) = lower(?) ORDER BY id", "DAVIS@EXAMPLE.COM"},
        {"SELECT id FROM %s WHERE lower(?) = lower(email) ORDER BY id", "ünal@example.com"},
        {"SELECT id FROM %s WHERE upper(email) = upper(?) ORDER BY id", "Ölçer@example.com"},
        {"SELECT id FROM %s WHERE lower(email) <> lower(?) ORDER BY id", "davis@example.com"},
        {"SELECT id FROM %s WHERE last_name LIKE ? AND id > ? ORDER BY id", "Dav%", 2},
        {"SELECT id FROM %s WHERE id IN (SELECT id FROM %1$s WHERE last_name LIKE ?) ORDER BY id", "Sm%"}}) {
      Object[] values = java.util.Arrays.copyOfRange(shape, 1, shape.length);
      assertSame((String) shape[0], values);
    }
    // Literals in plain statements, decided when the statement is analysed.
    for (String where : List.of("last_name LIKE 'Dav%'", "last_name LIKE 'Dav%' ESCAPE '\\'", "last_name LIKE 'O''B%'",
        "last_name LIKE '50\\%%'", "last_name LIKE 'a!_%' ESCAPE '!'", "last_name LIKE 'Davis'", "last_name LIKE '%'",
        "email ILIKE 'dav%'", "lower(email) = lower('DAVIS@example.com')", "NOT (last_name LIKE 'S%')")) {
      String sql = " WHERE " + where + " ORDER BY id";
      assertThat(plainStatement(pool, "SELECT id FROM people" + sql)).as(where)
          .isEqualTo(plainStatement(null, "SELECT id FROM plain_people" + sql)).isNotEmpty();
    }
  }

  @Test
  void patternsTheTokensCannotAnswerAreRefusedBeforeAnythingIsSent() throws Exception {
    try (Connection connection = pool.getConnection();
        PreparedStatement like = connection.prepareStatement("SELECT id FROM people WHERE last_name LIKE ? ESCAPE '\\'")) {
      for (String pattern : List.of("%vis-marker", "D_vis-marker%", "Da%s-marker", "abcdefghijklmnopq-marker%", "marker\\")) {
        RecordingDriver.clear();
        like.setString(1, pattern);
        assertThatThrownBy(like::executeQuery).as(pattern).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
            .hasMessageContaining("people.last_name")
            .hasMessageContaining("a prefix of at most 16 characters followed by %")
            .hasMessageNotContaining("marker");
        assertThat(RecordingDriver.recorded()).as("nothing of %s sent", pattern).noneMatch(text -> text.contains("marker"));
      }
      assertThat(connection.isValid(1)).isTrue();
    }
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery("SELECT id FROM people WHERE last_name ILIKE 'dav%'"))
          .hasMessageContaining("configure ignore-case: true on people.last_name");
      assertThatThrownBy(() -> statement.executeQuery("SELECT id FROM people WHERE email ILIKE 'abcdefghi%'"))
          .hasMessageContaining("a prefix of at most 8 characters");
      assertThatThrownBy(() -> statement.executeQuery("SELECT id FROM people WHERE lower(email) = ?"))
          .hasMessageContaining("not wrapped in lower()");
    }
  }

  @Test
  void theServerHoldsAndReceivesNoPlaintextAndNoPattern() throws Exception {
    RecordingDriver.clear();
    assertSame("SELECT id FROM %s WHERE last_name LIKE ? ESCAPE '\\' ORDER BY id", "Smithe%");
    assertSame("SELECT id FROM %s WHERE lower(email) = lower(?) ORDER BY id", "SMITHERS@example.com");
    plainStatement(pool, "SELECT id FROM people WHERE last_name LIKE 'Smithe%'");
    List<String> toServer = RecordingDriver.recorded();
    assertThat(toServer).isNotEmpty().noneMatch(text -> text.contains("Smithe") || text.contains("SMITHERS") || text.contains("smithers"))
        .anyMatch(text -> text.contains(" ~ ") || text.contains("[.]"));
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet raw = statement.executeQuery("SELECT last_name, email FROM people WHERE last_name IS NOT NULL")) {
      int rows = 0;
      while (raw.next()) {
        rows++;
        assertThat(raw.getString(1)).startsWith("bv1:").matches("bv1:[A-Za-z0-9_-]+(\\.[a-z2-7]{16}){17}");
        if (raw.getString(2) != null) {
          assertThat(raw.getString(2)).matches("bv1:[A-Za-z0-9_-]+(\\.[a-z2-7]{16}){18}");
        }
        for (String name : NAMES) {
          if (name.length() > 2) {
            assertThat(raw.getString(1)).doesNotContain(name);
          }
        }
      }
      assertThat(rows).isGreaterThanOrEqualTo(NAMES.size());
    }
  }

  @Test
  void aTamperedTokenSectionFailsToDecrypt() throws Exception {
    db.execute("INSERT INTO people (id, last_name) SELECT 9001, last_name FROM people WHERE id = 1",
        "UPDATE people SET last_name = regexp_replace(last_name, '[.]([a-z2-7])', '.' || CASE WHEN substr(last_name, strpos(last_name, '.') + 1, 1) = 'a' THEN 'b' ELSE 'a' END) WHERE id = 9001");
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT last_name FROM people WHERE id = 9001")) {
      row.next();
      assertThatThrownBy(() -> row.getString(1)).hasMessageContaining("Decryption failed");
    } finally {
      db.execute("DELETE FROM people WHERE id = 9001");
    }
  }

  @Test
  void searchKeepsFindingRowsWhileTwoKeyVersionsAreLive() throws Exception {
    KeyVersionStore keys = new KeyVersionStore(db.plainDataSource());
    keys.registerNewPrimary(MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT)));
    try (Connection vault = pool.getConnection(); Connection plain = db.plainConnection();
        PreparedStatement encrypted = vault.prepareStatement("INSERT INTO people (id, last_name, email) VALUES (?, ?, ?)");
        PreparedStatement clear = plain.prepareStatement("INSERT INTO plain_people (id, last_name, email) VALUES (?, ?, ?)")) {
      long deadline = System.nanoTime() + 15_000_000_000L;
      long id = 500;
      do {
        for (PreparedStatement insert : List.of(encrypted, clear)) {
          insert.setLong(1, id);
          insert.setString(2, "Davenport");
          insert.setString(3, "Davenport@Example.com");
          insert.executeUpdate();
        }
        id++;
        Thread.sleep(200);
      } while (storedVersion(id - 1) != 2 && System.nanoTime() < deadline);
      assertThat(storedVersion(1)).isEqualTo(1);
      assertThat(storedVersion(id - 1)).as("written under the new version").isEqualTo(2);
    }
    for (String prefix : List.of("Dav", "Davenport", "D", "")) {
      assertSame("SELECT id FROM %s WHERE last_name LIKE ? ESCAPE '\\' ORDER BY id LIMIT 4 OFFSET 1", startingWith(prefix));
      assertSame("SELECT count(*) FROM %s WHERE last_name LIKE ? ESCAPE '\\'", startingWith(prefix));
    }
    assertSame("SELECT count(*) FROM %s WHERE email ILIKE ?", "dave%");
    assertSame("SELECT count(*) FROM %s WHERE lower(email) = lower(?)", "DAVENPORT@example.com");
    assertSame("SELECT count(*) FROM %s WHERE last_name = ?", "Davenport");
    assertThat(plainStatement(pool, "SELECT id FROM people WHERE last_name LIKE 'Dav%' ORDER BY id"))
        .isEqualTo(plainStatement(null, "SELECT id FROM plain_people WHERE last_name LIKE 'Dav%' ORDER BY id"));
  }

  private static int storedVersion(long id) throws SQLException {
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet row = statement.executeQuery("SELECT last_name FROM people WHERE id = " + id)) {
      row.next();
      return dev.banata.vault.internal.crypto.FieldCipher.keyVersionOf(row.getString(1));
    }
  }

  /** The query over the encrypted table through the driver gives what it gives over the plain table. */
  private static void assertSame(String sql, Object... values) throws SQLException {
    List<List<Object>> encrypted;
    List<List<Object>> plain;
    try (Connection connection = pool.getConnection()) {
      encrypted = rows(connection, sql.formatted("people"), values);
    }
    try (Connection connection = db.plainConnection()) {
      plain = rows(connection, sql.formatted("plain_people"), values);
    }
    assertThat(encrypted).as("%s with %s", sql, List.of(values)).isEqualTo(plain);
  }

  private static List<List<Object>> rows(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        List<List<Object>> out = new ArrayList<>();
        while (rows.next()) {
          List<Object> row = new ArrayList<>();
          for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
            row.add(rows.getObject(c));
          }
          out.add(row);
        }
        return out;
      }
    }
  }

  private static List<Long> plainStatement(HikariDataSource through, String sql) throws SQLException {
    try (Connection connection = through == null ? db.plainConnection() : through.getConnection();
        Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      List<Long> ids = new ArrayList<>();
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
      return ids;
    }
  }
}
