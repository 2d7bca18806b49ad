package dev.banata.vault.jdbc;

import static dev.banata.vault.jdbc.EncryptedAndPlainTables.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Red-team round 4: the frozen case folding, ESCAPE rules and readiness of case-insensitive prefix search.
 * Each probe compares the vault's answer with PostgreSQL's answer over the same data in a plain table:
 * the promise is the same rows, or a refusal (0A000 / 22023) before anything is sent.
 */
@DatabaseTest
class RedTeamFindings4Test {

  private static final String YAML = """
      tables:
        rt4_people:
          primary-key: id
          columns:
            last_name: { mode: deterministic, search: prefix, prefix-length: 4 }
            email: { mode: deterministic, search: prefix, ignore-case: true, prefix-length: 4 }
        rt4_sp:
          primary-key: id
          columns:
            email: { mode: deterministic, search: prefix, ignore-case: true, prefix-length: 4 }
      """;

  private static final String YAML_BEFORE_SEARCH = """
      tables:
        rt4_sp:
          primary-key: id
          columns:
            email: { mode: deterministic }
      """;

  /** Values of both columns; in-set for the folding (email holds them). */
  private static final List<String> VALUES = List.of("Davis", "davis", "DAVIS", "Dav", "dav%", "Dav_", "ǅa", "ǆa", "Ǆa",
      "e\u0301x", "éx", "Éx", "\uD83D\uDE00x", "\uD83D\uDE00\uD83D\uDE00", "ᾳx", "ᾼx", "Ⱥx", "a%b", "a\\b", "a%", "a_b", "a\\",
      "", "abcd", "abcde", "ABCD", "ß", "SS", "ss", "%", "%x", "_x", "!x", "a!%");

  /** Outside the frozen set: last_name holds them, email is NULL in both tables. */
  private static final List<String> UNFOLDABLE = List.of("\uFB00", "\uFF21b", "\u0587", "\u1C90", "\u13A0", "\u2126", "\u212B");

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws Exception {
    Customers.installVault(db);
    EncryptedAndPlainTables.create(db, "rt4_people");
    Class.forName(RecordingDriver.class.getName());
    pool = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, config(YAML));
    try (Connection vault = pool.getConnection(); Connection plain = db.plainConnection()) {
      List<String> all = new ArrayList<>(VALUES);
      all.addAll(UNFOLDABLE);
      all.add(null);
      EncryptedAndPlainTables.insertIntoBoth(vault, plain, "rt4_people", all,
          value -> value != null && UNFOLDABLE.contains(value) ? null : value);
    }
  }

  private static String config(String yaml) throws Exception {
    return EncryptedAndPlainTables.configFile("redteam4", yaml);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  private static List<Long> literalIds(Connection connection, String sql) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    }
    return ids;
  }

  /** Same rows as PostgreSQL, or refused with 0A000/22023 (without the parameters in the message). Returns a problem or null. */
  private static String exactOrRefused(boolean literal, String sql, Object... parameters) {
    List<Long> expected;
    try (Connection plain = db.plainConnection()) {
      expected = literal ? literalIds(plain, sql.formatted("plain_rt4_people")) : ids(plain, sql.formatted("plain_rt4_people"), parameters);
    } catch (Exception e) {
      expected = null; // PostgreSQL refuses: the vault must too
    }
    List<Long> actual;
    try (Connection vault = pool.getConnection()) {
      actual = literal ? literalIds(vault, sql.formatted("rt4_people")) : ids(vault, sql.formatted("rt4_people"), parameters);
    } catch (SQLException e) {
      if (expected != null && !"0A000".equals(e.getSQLState()) && !"22023".equals(e.getSQLState())) {
        return sql + " " + Arrays.deepToString(parameters) + ": refused with " + e.getSQLState() + " " + e.getMessage();
      }
      for (Object p : parameters) {
        if (p instanceof String s && s.length() > 1 && e.getMessage() != null && e.getMessage().contains(s)) {
          return sql + " " + Arrays.deepToString(parameters) + ": message holds the value: " + e.getMessage();
        }
      }
      return null;
    } catch (Exception e) {
      return sql + ": " + e;
    }
    if (expected == null) {
      return sql + " " + Arrays.deepToString(parameters) + ": PostgreSQL refuses, the vault answers " + actual;
    }
    if (!actual.equals(expected)) {
      return sql + " " + Arrays.deepToString(parameters) + ": PostgreSQL " + expected + ", vault " + actual;
    }
    return null;
  }

  private static void assertAll(List<String> problems) {
    problems.removeIf(p -> p == null);
    assertThat(problems).isEmpty();
  }

  private static final List<String> PATTERNS = List.of("Dav%", "dav%", "DAV%", "Dav", "dav", "davis", "DAVIS", "%", "", "a\\%", "a\\%%",
      "a\\\\%", "a\\_b", "\\%%", "\\_%", "\\%", "ǅ%", "ǆ%", "Ǆ%", "ǅA", "ǄA", "e%", "e\u0301%", "é%", "É%", "\uD83D\uDE00%",
      "\uD83D\uDE00\uD83D\uDE00%", "ᾳ%", "ᾼ%", "ⱥ%", "Ⱥ%", "ß%", "ss%", "SS%", "ß", "abcd%", "ABCD%", "abcde%", "abcd", "ABCDE", "!%", "a!%");

  @Test
  void patternsOfEveryCaseInsensitiveFormAreExactOrRefused() {
    List<String> problems = new ArrayList<>();
    for (String pattern : PATTERNS) {
      for (String sql : List.of("SELECT id FROM %s WHERE email ILIKE ? ORDER BY id", "SELECT id FROM %s WHERE email NOT ILIKE ? ORDER BY id",
          "SELECT id FROM %s WHERE lower(email) LIKE lower(?) ORDER BY id", "SELECT id FROM %s WHERE upper(email) LIKE upper(?) ORDER BY id",
          "SELECT id FROM %s WHERE upper(email) NOT LIKE upper(?) ORDER BY id", "SELECT id FROM %s WHERE last_name LIKE ? ORDER BY id",
          "SELECT id FROM %s WHERE last_name NOT LIKE ? ORDER BY id", "SELECT id FROM %s WHERE NOT (email ILIKE ?) ORDER BY id")) {
        problems.add(exactOrRefused(false, sql, pattern));
      }
    }
    assertAll(problems);
  }

  @Test
  void doubledPercentAndUnusualEscapes() {
    List<String> problems = new ArrayList<>();
    for (String pattern : List.of("dav%%", "%%", "a%%", "a\\%%%", "Dav%%", "%%%")) {
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE email ILIKE ? ORDER BY id", pattern));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE last_name LIKE ? ORDER BY id", pattern));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE last_name NOT LIKE ? ORDER BY id", pattern));
    }
    for (String escape : List.of("''", "'%'", "'_'", "'!'", "'\\'", "'a'", "'D'")) {
      for (String pattern : List.of("a\\%", "a\\%%", "a%%", "a_%", "a!%", "a!%%", "dav%", "Dav%", "Daav%", "Daa%", "Da%", "%", "a\\", "DDav%")) {
        for (String column : List.of("last_name LIKE", "email ILIKE", "lower(email) LIKE lower(", "last_name NOT LIKE", "email NOT ILIKE")) {
          String close = column.endsWith("(") ? ")" : "";
          problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE " + column + " ?" + close + " ESCAPE " + escape.replace("%", "%%") + " ORDER BY id", pattern));
          String literal = pattern.replace("'", "''").replace("%", "%%");
          problems.add(exactOrRefused(true, "SELECT id FROM %s WHERE " + column + " '" + literal + "'" + close + " ESCAPE " + escape.replace("%", "%%")
              + " ORDER BY id"));
        }
      }
    }
    assertAll(problems);
  }

  @Test
  void literalPatternsInPlainStatements() {
    List<String> problems = new ArrayList<>();
    for (String pattern : List.of("dav%%", "%%", "Dav%", "a\\%", "a\\%%", "", "%", "ǅ%", "ß", "abcd%", "abcde%")) {
      String literal = pattern.replace("'", "''");
      for (String form : List.of("email ILIKE '%s'", "email NOT ILIKE '%s'", "lower(email) LIKE lower('%s')", "upper(email) LIKE upper('%s')",
          "lower(email) = lower('%s')", "upper(email) = upper('%s')", "last_name LIKE '%s'")) {
        problems.add(exactOrRefused(true, "SELECT id FROM %s WHERE " + form.replace("%s", literal.replace("%", "%%")) + " ORDER BY id"));
      }
    }
    assertAll(problems);
  }

  @Test
  void equalityFormsListsAndArrays() {
    List<String> problems = new ArrayList<>();
    for (String value : List.of("davis", "DAVIS", "ǅa", "ǄA", "ǆA", "ß", "SS", "ss", "Ⱥx", "ⱥx", "éx", "e\u0301x", "ᾳx", "ᾼX", "", "abcde", "ABCD")) {
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE lower(email) = lower(?) ORDER BY id", value));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE upper(email) = upper(?) ORDER BY id", value));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE lower(email) <> lower(?) ORDER BY id", value));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE upper(email) <> upper(?) ORDER BY id", value));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE email = ? ORDER BY id", value));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE lower(email) IN (lower(?), lower('x')) ORDER BY id", value));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE lower(email) NOT IN (lower(?)) ORDER BY id", value));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE email = ANY(?) ORDER BY id", (Object) new String[] {value, "Davis"}));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE lower(email) = ANY(?) ORDER BY id", (Object) new String[] {value}));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE lower(email) = lower(?) OR last_name LIKE ? ORDER BY id", value, "Dav%"));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE NOT (lower(email) = lower(?)) OR email IS NULL ORDER BY id", value));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE lower(email) = lower(?) IS NOT TRUE ORDER BY id", value));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE (email ILIKE ?) = false ORDER BY id", value));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE (email ILIKE ?) IS NULL ORDER BY id", value));
    }
    assertAll(problems);
  }

  @Test
  void nullParameters() {
    List<String> problems = new ArrayList<>();
    for (String sql : List.of("SELECT id FROM %s WHERE email ILIKE ? ORDER BY id", "SELECT id FROM %s WHERE email NOT ILIKE ? ORDER BY id",
        "SELECT id FROM %s WHERE lower(email) = lower(?) ORDER BY id", "SELECT id FROM %s WHERE upper(email) <> upper(?) ORDER BY id",
        "SELECT id FROM %s WHERE (email ILIKE ?) IS NULL ORDER BY id", "SELECT id FROM %s WHERE NOT (email ILIKE ? ) IS NOT FALSE ORDER BY id",
        "SELECT id FROM %s WHERE (lower(email) = lower(?)) IS NOT TRUE ORDER BY id")) {
      problems.add(exactOrRefused(false, sql, (Object) null));
    }
    assertAll(problems);
  }

  @Test
  void theSamePreparedStatementWithChangingValues() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String sql : List.of("SELECT id FROM %s WHERE email ILIKE ? ORDER BY id", "SELECT id FROM %s WHERE upper(email) = upper(?) ORDER BY id",
        "SELECT id FROM %s WHERE email NOT ILIKE ? ORDER BY id")) {
      try (Connection vault = pool.getConnection(); Connection plain = db.plainConnection();
          PreparedStatement v = vault.prepareStatement(sql.formatted("rt4_people"));
          PreparedStatement p = plain.prepareStatement(sql.formatted("plain_rt4_people"))) {
        for (String value : List.of("dav%", "\uFB00%", "%", "ǅ%", "\u2126", "", "dav%", "a\\%%", "\u13A0%", "abcd%", "abcde%", "dav%")) {
          v.setString(1, value);
          p.setString(1, value);
          List<Long> expected = new ArrayList<>();
          try (ResultSet rows = p.executeQuery()) {
            while (rows.next()) expected.add(rows.getLong(1));
          }
          List<Long> actual = new ArrayList<>();
          try (ResultSet rows = v.executeQuery()) {
            while (rows.next()) actual.add(rows.getLong(1));
          } catch (SQLException e) {
            if (!List.of("0A000", "22023").contains(e.getSQLState()) || e.getMessage().contains(value.replace("%", "")) && value.length() > 1) {
              problems.add(sql + " " + value + ": " + e.getSQLState() + " " + e.getMessage());
            }
            continue;
          }
          if (!actual.equals(expected)) {
            problems.add(sql + " " + value + ": PostgreSQL " + expected + ", vault " + actual);
          }
        }
      }
    }
    assertAll(problems);
  }

  private static List<String> storedEmail(long id) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection plain = db.plainConnection(); PreparedStatement s = plain.prepareStatement("SELECT email FROM rt4_people WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) out.add(rows.getString(1));
      }
    }
    return out;
  }

  private static void assertRefused22023(Throwable e, String value) {
    assertThat(e).as(value).isNotNull();
    assertThat(e).isInstanceOf(SQLException.class);
    assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo("22023");
    assertThat(e.getMessage()).doesNotContain(value);
  }

  @Test
  void writesOfUnfoldableValuesAreRefusedInEveryWriteShape() throws Exception {
    String bad = "x\uFB00y";
    try (Connection vault = pool.getConnection()) {
      // UPDATE ... SET email = ?
      try (PreparedStatement update = vault.prepareStatement("UPDATE rt4_people SET email = ? WHERE id = 1")) {
        update.setString(1, bad);
        assertRefused22023(catchThrowableOfType(update::executeUpdate, SQLException.class), bad);
      }
      // INSERT ... ON CONFLICT DO UPDATE SET email = EXCLUDED.email
      try (PreparedStatement upsert = vault.prepareStatement(
          "INSERT INTO rt4_people (id, last_name, email) VALUES (1, 'x', ?) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email")) {
        upsert.setString(1, bad);
        Throwable e = catchThrowableOfType(upsert::executeUpdate, SQLException.class);
        assertRefused22023(e, bad);
      }
      // INSERT ... ON CONFLICT DO UPDATE SET email = ?
      try (PreparedStatement upsert = vault.prepareStatement(
          "INSERT INTO rt4_people (id, last_name, email) VALUES (1, 'x', 'davis') ON CONFLICT (id) DO UPDATE SET email = ?")) {
        upsert.setString(1, bad);
        Throwable e = catchThrowableOfType(upsert::executeUpdate, SQLException.class);
        assertRefused22023(e, bad);
      }
      // a plain Statement literal
      try (Statement s = vault.createStatement()) {
        Throwable e = catchThrowableOfType(() -> s.executeUpdate("UPDATE rt4_people SET email = '" + bad + "' WHERE id = 1"), SQLException.class);
        assertThat(e).isNotNull();
        assertThat(((SQLException) e).getSQLState()).isIn("22023", "0A000");
        assertThat(e.getMessage()).doesNotContain(bad);
      }
      // batch: the unfoldable third value
      try (PreparedStatement insert = vault.prepareStatement("INSERT INTO rt4_people (id, last_name, email) VALUES (?, 'b', ?)")) {
        for (int i = 0; i < 4; i++) {
          insert.setLong(1, 7000 + i);
          insert.setString(2, i == 2 ? bad : "ok" + i);
          insert.addBatch();
        }
        Throwable e = catchThrowableOfType(insert::executeBatch, SQLException.class);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain(bad);
      }
    }
    try (Connection plain = db.plainConnection()) {
      assertThat(ids(plain, "SELECT id FROM rt4_people WHERE id BETWEEN 7000 AND 7003 AND id = 7002")).isEmpty();
    }
    db.execute("DELETE FROM rt4_people WHERE id >= 7000");
    // id 1 still holds its value, readable by the vault
    try (Connection vault = pool.getConnection()) {
      try (PreparedStatement s = vault.prepareStatement("SELECT email FROM rt4_people WHERE id = 1"); ResultSet rows = s.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo(VALUES.get(0));
      }
    }
  }

  private static List<Long> searchOrRefusal(Connection vault, String sql, String value) throws Exception {
    try {
      return ids(vault, sql, value);
    } catch (SQLException e) {
      assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("0A000");
      assertThat(e.getMessage()).doesNotContain("Davis").doesNotContain("dav");
      return null;
    }
  }

  @Test
  void readinessFollowsTheSearchPathAndTemporaryTables() throws Exception {
    String other = db.name() + "_rt4old";
    db.execute("DROP SCHEMA IF EXISTS " + other + " CASCADE", "CREATE SCHEMA " + other, "DROP TABLE IF EXISTS rt4_sp",
        "CREATE TABLE rt4_sp (id bigint PRIMARY KEY, email text)", "CREATE TABLE " + other + ".rt4_sp (id bigint PRIMARY KEY, email text)");
    String sql = "SELECT id FROM rt4_sp WHERE email ILIKE ? ORDER BY id";
    try (HikariDataSource before = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, config(YAML_BEFORE_SEARCH))) {
      try (Connection old = before.getConnection(); Statement s = old.createStatement()) {
        s.execute("SET search_path = " + other);
        s.executeUpdate("INSERT INTO rt4_sp VALUES (1, 'Davis')");
        s.execute("RESET search_path");
      }
      String raw;
      try (Connection plain = db.plainConnection(); Statement s = plain.createStatement();
          ResultSet rows = s.executeQuery("SELECT email FROM " + other + ".rt4_sp")) {
        rows.next();
        raw = rows.getString(1);
      }
      try (Connection vault = pool.getConnection(); Statement s = vault.createStatement()) {
        s.executeUpdate("INSERT INTO rt4_sp VALUES (1, 'Davis')");
        assertThat(ids(vault, sql, "dav%")).containsExactly(1L);
        String path = null;
        try (ResultSet rows = s.executeQuery("SHOW search_path")) {
          rows.next();
          path = rows.getString(1);
        }
        s.execute("SET search_path = " + other + ", " + path);
        // PostgreSQL answers [1] on the plaintext; the row there has no tokens: refused, never []
        assertThat(searchOrRefusal(vault, sql, "dav%")).as("other schema").isNull();
        assertThat(searchOrRefusal(vault, "SELECT id FROM rt4_sp WHERE email NOT ILIKE ? ORDER BY id", "dav%")).as("other schema, NOT").isNull();
        s.execute("SET search_path = " + path);
        assertThat(ids(vault, sql, "dav%")).containsExactly(1L);
        // a temporary table shadowing the name, holding a value without tokens (written around the driver)
        s.execute("CREATE TEMP TABLE rt4_sp (id bigint PRIMARY KEY, email text)");
        try (PreparedStatement insert = vault.unwrap(org.postgresql.PGConnection.class) instanceof Connection c
            ? c.prepareStatement("INSERT INTO pg_temp.rt4_sp VALUES (1, ?)") : null) {
          insert.setString(1, raw);
          insert.executeUpdate();
        }
        assertThat(searchOrRefusal(vault, sql, "dav%")).as("temporary table").isNull();
        s.execute("DROP TABLE pg_temp.rt4_sp");
      }
    }
  }

  @Test
  void aPreparedSearchExecutedAfterTheSearchPathChanged() throws Exception {
    String other = db.name() + "_rt4old2";
    db.execute("DROP SCHEMA IF EXISTS " + other + " CASCADE", "CREATE SCHEMA " + other, "DROP TABLE IF EXISTS rt4_sp",
        "CREATE TABLE rt4_sp (id bigint PRIMARY KEY, email text)", "CREATE TABLE " + other + ".rt4_sp (id bigint PRIMARY KEY, email text)");
    try (HikariDataSource before = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, config(YAML_BEFORE_SEARCH))) {
      try (Connection old = before.getConnection(); Statement s = old.createStatement()) {
        s.execute("SET search_path = " + other);
        s.executeUpdate("INSERT INTO rt4_sp VALUES (1, 'Davis')");
        s.execute("RESET search_path");
      }
    }
    try (Connection vault = pool.getConnection(); Statement s = vault.createStatement()) {
      s.executeUpdate("INSERT INTO rt4_sp VALUES (2, 'Davis')");
      String path;
      try (ResultSet rows = s.executeQuery("SHOW search_path")) {
        rows.next();
        path = rows.getString(1);
      }
      for (String sql : List.of("SELECT id FROM rt4_sp WHERE email ILIKE ? ORDER BY id", "SELECT id FROM rt4_sp WHERE email NOT ILIKE ? ORDER BY id",
          "SELECT id FROM rt4_sp WHERE lower(email) = lower(?) ORDER BY id")) {
        String value = sql.contains("lower") ? "davis" : "dav%";
        try (PreparedStatement search = vault.prepareStatement(sql)) {
          for (int i = 0; i < 6; i++) { // past pgjdbc's prepareThreshold: a server-side statement
            search.setString(1, value);
            try (ResultSet rows = search.executeQuery()) {
              while (rows.next()) {}
            }
          }
          s.execute("SET search_path = " + other + ", " + path);
          search.setString(1, value);
          List<Long> actual = new ArrayList<>();
          try (ResultSet rows = search.executeQuery()) {
            while (rows.next()) actual.add(rows.getLong(1));
            // PostgreSQL re-resolves the name under the new search path: other.rt4_sp, whose 'Davis' has no tokens
            assertThat(actual).as(sql + ": answered " + actual + " where PostgreSQL answers [1]").isEqualTo(sql.contains("NOT") ? List.of() : List.of(1L));
          } catch (SQLException e) {
            assertThat(e.getSQLState()).isEqualTo("0A000");
          } finally {
            s.execute("SET search_path = " + path);
          }
        }
      }
    }
  }

  @Test
  void mixedAndUnwrappedCaseFunctions() {
    List<String> problems = new ArrayList<>();
    for (String value : List.of("davis", "DAVIS", "Davis", "dav%", "DAV%", "Dav%", "ǅa", "ǆa", "Ǆa", "%", "", "a\\%", "ß", "!x", "\uD83D\uDE00x")) {
      for (String sql : List.of("upper(email) = lower(?)", "lower(email) = upper(?)", "lower(email) LIKE upper(?)", "upper(email) LIKE lower(?)",
          "upper(email) ILIKE ?", "lower(email) ILIKE ?", "email ILIKE lower(?)", "email ILIKE upper(?)", "lower(email) = ?", "upper(email) = ?",
          "lower(email) LIKE ?", "upper(email) LIKE ?", "email LIKE ?", "email NOT LIKE ?", "email LIKE lower(?)", "lower(email) <> upper(?)",
          "upper(lower(email)) = upper(?)", "lower(upper(email)) = lower(?)", "lower(email) = lower(lower(?))", "lower(?) = upper(email)",
          "lower(email) = lower(?) = true", "lower(email) IS NOT DISTINCT FROM lower(?)", "lower(email) IS DISTINCT FROM lower(?)",
          "email ILIKE ? IS TRUE", "lower(email) >= lower(?)", "lower(email) ~~* lower(?)", "email ~~* ?", "email !~~* ?", "lower(email) ~~ lower(?)",
          "initcap(email) = initcap(?)", "lower(last_name) = lower(?)", "last_name ILIKE ?")) {
        problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE " + sql + " ORDER BY id", value));
      }
    }
    assertAll(problems);
  }

  @Test
  void equalityWithUnfoldableValues() {
    List<String> problems = new ArrayList<>();
    for (String value : UNFOLDABLE) {
      for (String sql : List.of("email = ?", "email <> ?", "email IN (?, 'Davis')", "email NOT IN (?, 'Davis')", "? = email", "last_name = ?",
          "last_name LIKE ?", "last_name <> ?", "email ILIKE ? OR last_name = 'Davis'", "NOT (email ILIKE ?)", "email IS DISTINCT FROM ?",
          "coalesce(email = ?, true)")) {
        problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE " + sql + " ORDER BY id", value));
      }
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE email = ANY(?) ORDER BY id", (Object) new String[] {value, "Davis"}));
      problems.add(exactOrRefused(false, "SELECT id FROM %s WHERE email <> ALL(?) ORDER BY id", (Object) new String[] {value, "Davis"}));
    }
    assertAll(problems);
  }

  @Test
  void refusedUnfoldableValuesNeverReachTheServer() throws Exception {
    String marker = "qzm\uFB00rk";
    try (Connection vault = pool.getConnection(); Statement s = vault.createStatement()) {
      for (String sql : List.of("UPDATE rt4_people SET email = '" + marker + "' WHERE id = 2", "INSERT INTO rt4_people VALUES (9100, 'x', '" + marker + "')",
          "INSERT INTO rt4_people VALUES (2, 'x', 'y') ON CONFLICT (id) DO UPDATE SET email = '" + marker + "'",
          "SELECT id FROM rt4_people WHERE email ILIKE '" + marker + "%'", "SELECT id FROM rt4_people WHERE lower(email) = lower('" + marker + "')",
          "SELECT id FROM rt4_people WHERE upper(email) LIKE upper('" + marker + "')", "SELECT id FROM rt4_people WHERE email = '" + marker + "'",
          "SELECT id FROM rt4_people WHERE email IN ('" + marker + "')")) {
        try {
          s.execute(sql);
        } catch (SQLException e) {
          assertThat(e.getMessage()).as(sql).doesNotContain(marker);
        }
      }
      for (String sql : List.of("UPDATE rt4_people SET email = ? WHERE id = 2", "SELECT id FROM rt4_people WHERE email ILIKE ?",
          "SELECT id FROM rt4_people WHERE lower(email) = lower(?)", "SELECT id FROM rt4_people WHERE email = ?",
          "SELECT id FROM rt4_people WHERE email NOT ILIKE ?", "INSERT INTO rt4_people VALUES (9101, ?, 'a') ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.last_name")) {
        try (PreparedStatement p = vault.prepareStatement(sql)) {
          p.setString(1, marker);
          p.execute();
        } catch (SQLException e) {
          assertThat(e.getMessage()).as(sql).doesNotContain(marker);
        }
      }
    }
    db.execute("DELETE FROM rt4_people WHERE id >= 7000");
    assertThat(RecordingDriver.recorded()).noneMatch(text -> text.contains(marker));
    assertThat(storedEmail(2)).noneMatch(v -> v == null || !v.startsWith("bv1:"));
  }

  @Test
  void copyingAnUnfoldableCiphertextFromAnotherColumnIntoTheIgnoreCaseColumn() throws Exception {
    long unfoldable = VALUES.size() + 1; // last_name holds U+FB00, email NULL
    try (Connection vault = pool.getConnection(); Statement s = vault.createStatement()) {
      s.executeUpdate("INSERT INTO rt4_people VALUES (9300, 'Davis', NULL)");
      String[] copies = {"UPDATE rt4_people SET email = last_name WHERE id = " + unfoldable,
          "INSERT INTO rt4_people SELECT 9301, last_name, last_name FROM rt4_people WHERE id = " + unfoldable,
          "INSERT INTO rt4_people (id, last_name, email) VALUES (9300, '\uFB00', NULL) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.last_name",
          "UPDATE rt4_people SET email = (SELECT last_name FROM rt4_people WHERE id = " + unfoldable + ") WHERE id = 9300"};
      List<String> accepted = new ArrayList<>();
      for (String sql : copies) {
        try {
          s.executeUpdate(sql);
          accepted.add(sql);
        } catch (SQLException e) {
          assertThat(e.getSQLState()).as(sql + " " + e.getMessage()).isIn("0A000", "22023");
        }
      }
      try (ResultSet rows = s.executeQuery("SELECT id, email FROM rt4_people WHERE id IN (" + unfoldable + ", 9300, 9301) ORDER BY id")) {
        while (rows.next()) {
          String email = rows.getString(2);
          // an ignore-case column must never hold a value outside the set (nor one it cannot read)
          assertThat(email).as("id " + rows.getLong(1) + " after " + accepted).isNull();
        }
      } finally {
        db.execute("DELETE FROM rt4_people WHERE id >= 9300", "UPDATE rt4_people SET email = NULL WHERE id = " + unfoldable);
      }
    }
  }
}
