package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.secrets.VaultSchema;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
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
      """;

  private static final String YAML_BEFORE_SEARCH = """
      tables:
        rt3_people:
          primary-key: id
          columns:
            last_name: { mode: deterministic }
            email: { mode: deterministic }
      """;

  /** Dotless i, Kelvin sign, long s, a Glagolitic capital added in Unicode 14, and ASCII neighbours. */
  private static final List<String> VALUES = List.of("ıx", "ix", "IX", "\u212A", "k", "K", "ſam", "sam", "SAM", "\u2C2F", "\u2C5F",
      "Davis", "50\\x", "50%x");

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;
  private static HikariDataSource beforeSearch;

  @BeforeAll
  static void start() throws Exception {
    try (Connection plain = db.plainConnection()) {
      VaultSchema.install(plain, MasterSecretSources.environment(KeySettings.DEFAULT).load());
    }
    db.execute("DROP TABLE IF EXISTS rt3_people", "DROP TABLE IF EXISTS plain_rt3_people",
        "CREATE TABLE rt3_people (id bigint PRIMARY KEY, last_name text, email text)",
        "CREATE TABLE plain_rt3_people (id bigint PRIMARY KEY, last_name text, email text)");
    Class.forName(RecordingDriver.class.getName());
    pool = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, config(YAML));
    beforeSearch = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, config(YAML_BEFORE_SEARCH));
    try (Connection vault = pool.getConnection(); Connection plain = db.plainConnection();
        PreparedStatement encrypted = vault.prepareStatement("INSERT INTO rt3_people (id, last_name, email) VALUES (?, ?, ?)");
        PreparedStatement clear = plain.prepareStatement("INSERT INTO plain_rt3_people (id, last_name, email) VALUES (?, ?, ?)")) {
      long id = 1;
      for (String value : VALUES) {
        for (PreparedStatement insert : List.of(encrypted, clear)) {
          insert.setLong(1, id);
          insert.setString(2, value);
          insert.setString(3, value);
          insert.executeUpdate();
        }
        id++;
      }
    }
  }

  private static String config(String yaml) throws Exception {
    Path config = Files.createTempFile("redteam3", ".yaml");
    Files.writeString(config, yaml);
    config.toFile().deleteOnExit();
    return config.toString();
  }

  @AfterAll
  static void stop() {
    pool.close();
    beforeSearch.close();
  }

  private static List<Long> ids(Connection connection, String sql, Object... parameters) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }

  private static void assertSame(String sql, Object... parameters) throws Exception {
    try (Connection vault = pool.getConnection(); Connection plain = db.plainConnection()) {
      List<Long> expected = ids(plain, sql.formatted("plain_rt3_people"), parameters);
      List<Long> actual = ids(vault, sql.formatted("rt3_people"), parameters);
      assertThat(actual).as(sql + " " + List.of(parameters)).isEqualTo(expected);
    }
  }

  @Disabled("hole: upper(col) = upper(?) is answered with lower-case tokens; dotless i (upper 'I') is missed")
  @Test
  void upperEqualityMissesDotlessI() throws Exception {
    // PostgreSQL: upper('ıx') = upper('ix') = 'IX' -> rows ıx, ix, IX. Driver: lower('ıx') = 'ıx' != 'ix'.
    assertSame("SELECT id FROM %s WHERE upper(email) = upper(?) ORDER BY id", "ix");
  }

  @Disabled("hole: upper(col) = upper(?) is answered with lower-case tokens; Kelvin sign matches 'k' though upper() differs")
  @Test
  void upperEqualityReturnsKelvinSignForK() throws Exception {
    // PostgreSQL: upper(U+212A) = U+212A, upper('k') = 'K' -> rows k, K only. Driver: lower(U+212A) = 'k' -> Kelvin too.
    assertSame("SELECT id FROM %s WHERE upper(email) = upper(?) ORDER BY id", "k");
  }

  @Disabled("hole: upper(col) LIKE upper(?) is answered with lower-case tokens; long s / dotless i prefixes are missed")
  @Test
  void upperLikeMissesLongS() throws Exception {
    // PostgreSQL: upper('ſam') LIKE upper('s%') -> 'SAM' LIKE 'S%' true. Driver: lower('ſam') starts with 'ſ', not 's'.
    assertSame("SELECT id FROM %s WHERE upper(email) LIKE upper(?) ORDER BY id", "s%");
    assertSame("SELECT id FROM %s WHERE upper(email) LIKE upper(?) ORDER BY id", "i%");
  }

  @Disabled("hole: Java's Character.toLowerCase (JDK Unicode tables) differs from the server's lower(); U+2C2F is missed")
  @Test
  void lowerEqualityDependsOnJdkUnicodeVersion() throws Exception {
    // PostgreSQL 15 / glibc (C.UTF-8): lower(U+2C2F) = U+2C5F. Java 17 (Unicode 13): toLowerCase(U+2C2F) = U+2C2F.
    assertSame("SELECT id FROM %s WHERE lower(email) = lower(?) ORDER BY id", "\u2C5F");
    assertSame("SELECT id FROM %s WHERE email ILIKE ? ORDER BY id", "\u2C5F");
  }

  @Disabled("hole: NOT LIKE / <> lower() returns rows written before search: prefix was configured, whatever they hold")
  @Test
  void notLikeReturnsRowsWrittenBeforeSearchWasConfigured() throws Exception {
    try (Connection old = beforeSearch.getConnection(); PreparedStatement insert = old.prepareStatement(
        "INSERT INTO rt3_people (id, last_name, email) VALUES (?, ?, ?)")) {
      insert.setLong(1, 900);
      insert.setString(2, "Davidson");
      insert.setString(3, "Davidson");
      insert.executeUpdate();
    }
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement()) {
      statement.executeUpdate("INSERT INTO plain_rt3_people (id, last_name, email) VALUES (900, 'Davidson', 'Davidson')");
    }
    try {
      // 'Davidson' does not satisfy NOT LIKE 'Dav%': PostgreSQL does not return row 900; the vault's !~ does.
      assertSame("SELECT id FROM %s WHERE last_name NOT LIKE ? ORDER BY id", "Dav%");
    } finally {
      db.execute("DELETE FROM rt3_people WHERE id = 900", "DELETE FROM plain_rt3_people WHERE id = 900");
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
