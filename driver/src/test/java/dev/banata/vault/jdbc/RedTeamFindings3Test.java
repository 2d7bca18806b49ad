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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Red-team round 3: prefix search and case-insensitive equality. Each test compares the vault's answer
 * with PostgreSQL's answer to the same query over the same data in a plain table; a difference is a
 * silently wrong answer (the promise is: exact, or refused with 0A000).
 */
@DatabaseTest
class RedTeamFindings3Test {

  private static final String YAML = """
      tables:
        rt3_people:
          primary-key: id
          columns:
            last_name: { mode: deterministic, search: prefix }
            email: { mode: deterministic, search: prefix, ignore-case: true }
        rt3_old:
          primary-key: id
          columns:
            last_name: { mode: deterministic, search: prefix }
            email: { mode: deterministic, search: prefix, ignore-case: true }
        rt3_collated:
          primary-key: id
          columns:
            email: { mode: deterministic, search: prefix, ignore-case: true }
      """;

  private static final String YAML_BEFORE_SEARCH = """
      tables:
        rt3_people:
          primary-key: id
          columns:
            last_name: { mode: deterministic }
            email: { mode: deterministic }
        rt3_old:
          primary-key: id
          columns:
            last_name: { mode: deterministic }
            email: { mode: deterministic }
      """;

  /** Dotless i, Kelvin sign, long s, a Glagolitic capital added in Unicode 14, and ASCII neighbours. */
  private static final List<String> VALUES = List.of("ıx", "ix", "IX", "\u212A", "k", "K", "ſam", "sam", "SAM", "\u2C2F", "\u2C5F",
      "Davis", "50\\x", "50%x", "ΣΟΦΙΑ", "σοφια", "İx", "Éa", "éa");

  /** Of those, the ones outside the frozen case folding: an ignore-case column refuses them (22023), both tables hold NULL. */
  private static final List<String> UNFOLDABLE = List.of("ıx", "\u212A", "ſam", "\u2C2F", "\u2C5F", "ΣΟΦΙΑ", "İx");

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;
  private static HikariDataSource beforeSearch;

  @BeforeAll
  static void start() throws Exception {
    Customers.installVault(db);
    EncryptedAndPlainTables.create(db, "rt3_people");
    db.execute("DROP TABLE IF EXISTS rt3_old", "CREATE TABLE rt3_old (id bigint PRIMARY KEY, last_name text, email text)",
        "DROP TABLE IF EXISTS rt3_collated", "CREATE TABLE rt3_collated (id bigint PRIMARY KEY, email text COLLATE \"C\")");
    Class.forName(RecordingDriver.class.getName());
    pool = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, config(YAML));
    beforeSearch = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, config(YAML_BEFORE_SEARCH));
    try (Connection vault = pool.getConnection(); Connection plain = db.plainConnection()) {
      EncryptedAndPlainTables.insertIntoBoth(vault, plain, "rt3_people", VALUES, value -> UNFOLDABLE.contains(value) ? null : value);
    }
  }

  private static String config(String yaml) throws Exception {
    return EncryptedAndPlainTables.configFile("redteam3", yaml);
  }

  @AfterAll
  static void stop() {
    pool.close();
    beforeSearch.close();
  }

  private static void assertSame(String sql, Object... parameters) throws Exception {
    try (Connection vault = pool.getConnection(); Connection plain = db.plainConnection()) {
      List<Long> expected = ids(plain, sql.formatted("plain_rt3_people"), parameters);
      List<Long> actual = ids(vault, sql.formatted("rt3_people"), parameters);
      assertThat(actual).as(sql + " " + List.of(parameters)).isEqualTo(expected);
    }
  }

  private static SQLException refusal(String sql, Object... parameters) {
    return catchThrowableOfType(() -> {
      try (Connection vault = pool.getConnection()) {
        ids(vault, sql.formatted("rt3_people"), parameters);
      }
    }, SQLException.class);
  }

  @Test
  void upperEqualityIsExactOnTheCharactersAnIgnoreCaseColumnMayHold() throws Exception {
    // PostgreSQL: upper('ıx') = upper('ix') = 'IX', upper(U+212A) = U+212A: 'ıx' and the Kelvin sign are outside the
    // set (refused in the column, NULL in both tables); on the set lower- and upper-case equivalence coincide.
    for (String value : List.of("ix", "IX", "k", "K", "sam", "SAM", "σοφια", "éa", "ÉA", "Davis")) {
      assertSame("SELECT id FROM %s WHERE upper(email) = upper(?) ORDER BY id", value);
      assertSame("SELECT id FROM %s WHERE upper(?) = upper(email) ORDER BY id", value);
      assertSame("SELECT id FROM %s WHERE upper(email) <> upper(?) ORDER BY id", value);
    }
    for (String value : List.of("ıx", "\u212A", "ſam")) {
      SQLException e = refusal("SELECT id FROM %s WHERE upper(email) = upper(?)", value);
      assertThat((Throwable) e).as(value).isNotNull();
      assertThat(e.getSQLState()).isEqualTo("22023");
      assertThat(e.getMessage()).contains("rt3_people.email", "case-folding set").doesNotContain(value);
    }
  }

  @Test
  void upperLikeIsExactOnTheCharactersAnIgnoreCaseColumnMayHold() throws Exception {
    // PostgreSQL: upper('ſam') LIKE upper('s%'); 'ſam' is outside the set, so the column holds no such value.
    for (String pattern : List.of("s%", "S%", "i%", "k%", "é%", "50\\%%", "50%", "%", "davis")) {
      assertSame("SELECT id FROM %s WHERE upper(email) LIKE upper(?) ORDER BY id", pattern);
      assertSame("SELECT id FROM %s WHERE upper(email) LIKE upper(?) ESCAPE '\\' ORDER BY id", pattern);
      assertSame("SELECT id FROM %s WHERE upper(email) NOT LIKE upper(?) ORDER BY id", pattern);
    }
    SQLException e = refusal("SELECT id FROM %s WHERE upper(email) LIKE upper(?)", "ſ%");
    assertThat(e.getSQLState()).isEqualTo("22023");
    // _ has no exact answer in prefix tokens, in every case-insensitive form, decided per value at execution.
    for (String sql : List.of("SELECT id FROM %s WHERE upper(email) LIKE upper(?)", "SELECT id FROM %s WHERE lower(email) LIKE lower(?)",
        "SELECT id FROM %s WHERE email ILIKE ?", "SELECT id FROM %s WHERE email NOT ILIKE ?")) {
      SQLException underscore = refusal(sql, "s_m%");
      assertThat((Throwable) underscore).as(sql).isNotNull();
      assertThat(underscore.getSQLState()).isEqualTo("0A000");
      assertThat(underscore.getMessage()).contains("a _ wildcard").doesNotContain("s_m");
    }
  }

  @Test
  void lowerEqualityAndIlikeAreExactOnTheCharactersTheFoldingCovers() throws Exception {
    for (String value : List.of("ix", "IX", "k", "K", "sam", "SAM", "σοφια", "éa", "ÉA", "Davis")) {
      assertSame("SELECT id FROM %s WHERE lower(email) = lower(?) ORDER BY id", value);
      assertSame("SELECT id FROM %s WHERE lower(email) <> lower(?) ORDER BY id", value);
      assertSame("SELECT id FROM %s WHERE email ILIKE ? ORDER BY id", value);
    }
    for (String pattern : List.of("s%", "i%", "k%", "é%", "σ%", "50\\%%", "50%", "%")) {
      assertSame("SELECT id FROM %s WHERE email ILIKE ? ORDER BY id", pattern);
      assertSame("SELECT id FROM %s WHERE email NOT ILIKE ? ORDER BY id", pattern);
      assertSame("SELECT id FROM %s WHERE lower(email) LIKE lower(?) ORDER BY id", pattern);
      assertSame("SELECT id FROM %s WHERE lower(email) LIKE lower(?) ESCAPE '!' ORDER BY id", pattern);
    }
  }

  @Test
  void aSearchValueOutsideTheFoldingIsRefusedEveryExecutionWhateverTheSqlBefore() throws Exception {
    // PostgreSQL 15 / glibc (C.UTF-8): lower(U+2C2F) = U+2C5F; JDK 17 (Unicode 13) leaves U+2C2F. Same SQL, the
    // decision is the value's, at each execution: exact, refused, exact again.
    String sql = "SELECT id FROM rt3_people WHERE lower(email) = lower(?) ORDER BY id";
    try (Connection vault = pool.getConnection(); PreparedStatement statement = vault.prepareStatement(sql)) {
      for (String value : List.of("ix", "\u2C5F", "ix", "\u212A", "k", "ΣΟΦΙΑ", "sam", "ıx", "IX")) {
        statement.setString(1, value);
        boolean foldable = !UNFOLDABLE.contains(value) && !value.equals("\u2C5F");
        if (foldable) {
          List<Long> actual = new ArrayList<>();
          try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              actual.add(rows.getLong(1));
            }
          }
          try (Connection plain = db.plainConnection()) {
            assertThat(actual).as(value).isEqualTo(ids(plain, sql.replace("rt3_people", "plain_rt3_people"), value));
          }
        } else {
          SQLException e = catchThrowableOfType(statement::executeQuery, SQLException.class);
          assertThat((Throwable) e).as(value).isNotNull();
          assertThat(e.getSQLState()).isEqualTo("22023");
          assertThat(e.getMessage()).contains("rt3_people.email", "case-folding set").doesNotContain(value);
        }
      }
    }
    SQLException ilike = refusal("SELECT id FROM %s WHERE email ILIKE ?", "\u2C5F%");
    assertThat(ilike.getSQLState()).isEqualTo("22023");
  }

  @Test
  void writesOfValuesOutsideTheFoldingIntoAnIgnoreCaseColumnAreRefused() throws Exception {
    try (Connection vault = pool.getConnection(); PreparedStatement insert = vault.prepareStatement(
        "INSERT INTO rt3_people (id, last_name, email) VALUES (?, ?, ?)")) {
      for (String value : UNFOLDABLE) {
        insert.setLong(1, 800);
        insert.setString(2, value); // last_name is case-sensitive: any value
        insert.setString(3, value);
        SQLException e = catchThrowableOfType(insert::executeUpdate, SQLException.class);
        assertThat((Throwable) e).as(value).isNotNull();
        assertThat(e.getSQLState()).isEqualTo("22023");
        assertThat(e.getMessage()).contains("rt3_people.email", "case-folding set").doesNotContain(value);
      }
    }
    try (Connection plain = db.plainConnection()) {
      assertThat(ids(plain, "SELECT id FROM rt3_people WHERE id = 800")).isEmpty();
    }
  }

  @Test
  void everySearchIsRefusedWhileRowsWrittenBeforeSearchWasConfiguredLackTokens() throws Exception {
    try (Connection old = beforeSearch.getConnection(); PreparedStatement insert = old.prepareStatement(
        "INSERT INTO rt3_old (id, last_name, email) VALUES (?, ?, ?)")) {
      insert.setLong(1, 900);
      insert.setString(2, "Davidson");
      insert.setString(3, "Davidson");
      insert.executeUpdate();
    }
    try (Connection vault = pool.getConnection(); PreparedStatement insert = vault.prepareStatement(
        "INSERT INTO rt3_old (id, last_name, email) VALUES (?, ?, ?)")) {
      insert.setLong(1, 901);
      insert.setString(2, "Smith");
      insert.setString(3, "Smith");
      insert.executeUpdate();
    }
    // 'Davidson' NOT LIKE 'Dav%' is false, yet without tokens !~ would return it; LIKE would miss it, and so would =
    // (it compares whole stored texts, token section included).
    for (String sql : List.of("SELECT id FROM rt3_old WHERE last_name = ?", "SELECT id FROM rt3_old WHERE email IN (?, 'x')","SELECT id FROM rt3_old WHERE last_name NOT LIKE ?", "SELECT id FROM rt3_old WHERE last_name LIKE ?",
        "SELECT id FROM rt3_old WHERE email ILIKE ?", "SELECT id FROM rt3_old WHERE lower(email) <> lower(?)")) {
      SQLException e = catchThrowableOfType(() -> {
        try (Connection vault = pool.getConnection()) {
          ids(vault, sql, "Dav%");
        }
      }, SQLException.class);
      assertThat((Throwable) e).as(sql).isNotNull();
      assertThat(e.getSQLState()).isEqualTo("0A000");
      assertThat(e.getMessage()).contains("rt3_old.", "lack their search tokens", "vault-admin rotate").doesNotContain("Dav");
    }
    // Writes and reads of values need no tokens: they stay answered.
    try (Connection vault = pool.getConnection()) {
      assertThat(ids(vault, "SELECT id FROM rt3_old WHERE id = ?", 900L)).containsExactly(900L);
    }
  }

  @Test
  void caseInsensitiveSearchOnAColumnWithItsOwnCollationIsRefused() throws Exception {
    SQLException e = catchThrowableOfType(() -> {
      try (Connection vault = pool.getConnection()) {
        ids(vault, "SELECT id FROM rt3_collated WHERE email ILIKE ?", "a%");
      }
    }, SQLException.class);
    assertThat((Throwable) e).isNotNull();
    assertThat(e.getSQLState()).isEqualTo("0A000");
    assertThat(e.getMessage()).contains("rt3_collated.email", "COLLATE");
    try (Connection vault = pool.getConnection()) {
      assertThat(ids(vault, "SELECT id FROM rt3_collated WHERE email LIKE ?", "a%")).isEmpty();
    }
  }

  @Test
  void literalPatternWithStandardConformingStringsOff() throws Exception {
    // With standard_conforming_strings off, '50\\%%' is the string 50\%% : LIKE prefix "50%". Exact, or refused.
    try (Connection vault = pool.getConnection(); Connection plain = db.plainConnection();
        Statement v = vault.createStatement(); Statement p = plain.createStatement()) {
      v.execute("SET standard_conforming_strings = off");
      p.execute("SET standard_conforming_strings = off");
      String sql = "SELECT id FROM %s WHERE last_name LIKE '50\\\\%%%%' ORDER BY id";
      List<Long> expected = new ArrayList<>();
      try (ResultSet rows = p.executeQuery(sql.formatted("plain_rt3_people"))) {
        while (rows.next()) expected.add(rows.getLong(1));
      }
      List<Long> actual = new ArrayList<>();
      try (ResultSet rows = v.executeQuery(sql.formatted("rt3_people"))) {
        while (rows.next()) actual.add(rows.getLong(1));
      } catch (java.sql.SQLException e) {
        assertThat(e.getSQLState()).isEqualTo("0A000");
        return;
      } finally {
        v.execute("SET standard_conforming_strings = on");
      }
      assertThat(actual).isEqualTo(expected);
    }
  }
}
