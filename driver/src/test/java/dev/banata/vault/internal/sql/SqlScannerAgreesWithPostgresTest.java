package dev.banata.vault.internal.sql;

import dev.banata.vault.testing.DatabaseTest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.sql.SqlToken.Kind;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scanner reads what the real server reads. For generated string literals and comment forms
 * (seeded, so a failure repeats), PostgreSQL is asked what it read ({@code SELECT <literal>}
 * returns the decoded value; a list of literals between comments returns the literals it saw) and
 * the scanner must have read the same: the same values, and a problem exactly where the server
 * reports an error. Nothing here knows the expected value: the server is the oracle.
 */
@DatabaseTest
class SqlScannerAgreesWithPostgresTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final String[] INSIDE = {
      "a", "Z", "é", "😀", " ", "''", "'", "\\", "\\\\", "\\'", "\"", "$", "$$", "$a$", "?", "??", "-", "--", "/*", "*/", "*",
      "\n", "\t", "0", "7", "x", "u", ";", ",", "\\n", "\\t", "\\b", "\\q", "\\0", "\\1", "\\101", "\\1011", "\\777", "\\x4", "\\x41",
      "\\x4G", "\\xC3\\xA9", "\\xC3", "\\u0041", "\\u00e9", "\\u12", "\\uD83D\\uDE00", "\\uD83D", "\\U0001F600", "\\U00110000",
      "!0041", "!!", "\\+01F600", "\\0041", "\\D83D\\DE00", "\\006",
  };

  private static final String[] COMMENT_INSIDE = {
      " ", "x", "'", "''", ",", "'a'", "*/", "/*", "*", "/", "--", "\n", "$$", "\"", ";", "E'\\''", "**/", "/**",
  };

  @Test
  void stringLiteralsDecodeAsTheServerDecodesThem() throws SQLException {
    try (Connection connection = db.plainConnection()) {
      Tally on = literals(connection, true, new Random(20260101));
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET standard_conforming_strings = off");
      }
      Tally off = literals(connection, false, new Random(20260102));
      // The oracle was asked often enough in each outcome for the test to mean something.
      assertThat(on.compared).isGreaterThan(500);
      assertThat(on.refusedByBoth).isGreaterThan(50);
      assertThat(off.compared).isGreaterThan(500);
      assertThat(off.refusedByBoth).isGreaterThan(50);
    }
  }

  @Test
  void commentsHideWhatTheServerIgnores() throws SQLException {
    Random random = new Random(20260103);
    int compared = 0;
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement()) {
      for (int n = 0; n < 1500; n++) {
        StringBuilder sql = new StringBuilder("SELECT ");
        int items = 1 + random.nextInt(4);
        for (int item = 0; item < items; item++) {
          if (item > 0) {
            sql.append(random.nextBoolean() ? comment(random) : "").append(',');
          }
          sql.append(random.nextBoolean() ? comment(random) : " ").append('\'').append(item).append('\'');
        }
        sql.append(random.nextInt(3) == 0 ? comment(random) : "");
        ScannedSql scanned = SqlScanner.scan(sql.toString(), true);
        if (PgjdbcReading.disagreement(scanned) != null) {
          continue; // pgjdbc reads this text otherwise than the server: the driver refuses it (PgjdbcReadingTest)
        }
        List<String> expected = selectedStrings(scanned);
        List<String> actual = new ArrayList<>();
        boolean failed = false;
        try (ResultSet rows = statement.executeQuery(sql.toString())) {
          rows.next();
          for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
            actual.add(rows.getString(i));
          }
        } catch (SQLException e) {
          failed = true;
        }
        if (!scanned.readable()) {
          assertThat(failed).as("the server read %s, the scanner did not (%s)", sql, scanned.problem()).isTrue();
        } else if (expected != null) {
          assertThat(failed).as("the server refused %s", sql).isFalse();
          assertThat(actual).as("what the server selected in %s", sql).isEqualTo(expected);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(600);
  }

  @Test
  void statementBoundariesAreWhereTheServerSeesThem() throws SQLException {
    String[] cases = {
        "select 4 //* */ 2; select 5",
        "select 1 /* ; /* */ ; */ ; select 2",
        "select ';' -- ;\n; select 2; select 3",
        "select $$;$$; select E'\\';'",
        "select 1 /* a */ -- b\n",
        "select U&'\\003B' ; select \"a;b\" from (select 1 as \"a;b\") t",
    };
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement()) {
      for (String sql : cases) {
        int results = 0;
        boolean more = statement.execute(sql);
        while (more || statement.getUpdateCount() != -1) {
          results++;
          more = statement.getMoreResults();
        }
        assertThat(SqlScanner.scan(sql, true).statementCount()).as("statements in %s", sql).isEqualTo(results);
      }
    }
  }

  /** Asks the server about 1,500 generated literals; every answer must be the scanner's. */
  private static Tally literals(Connection connection, boolean standard, Random random) throws SQLException {
    Tally tally = new Tally();
    try (Statement statement = connection.createStatement()) {
      for (int n = 0; n < 1500; n++) {
        String sql = "SELECT " + literal(random);
        ScannedSql scanned = SqlScanner.scan(sql, standard);
        if (PgjdbcReading.disagreement(scanned) != null) {
          continue; // pgjdbc reads this text otherwise than the server: the driver refuses it (PgjdbcReadingTest)
        }
        String value = null;
        boolean failed = false;
        try (ResultSet rows = statement.executeQuery(sql)) {
          rows.next();
          value = rows.getString(1);
        } catch (SQLException e) {
          failed = true;
          if (!connection.getAutoCommit()) {
            connection.rollback();
          }
        }
        if (!scanned.readable()) {
          assertThat(failed).as("the server read %s (scs %s), the scanner did not: %s", sql, standard, scanned.problem()).isTrue();
          tally.refusedByBoth++;
          continue;
        }
        List<SqlToken> tokens = scanned.tokens();
        if (tokens.size() == 2 && tokens.get(1).kind() == Kind.STRING) {
          assertThat(failed).as("the server refused %s (scs %s), the scanner read one literal", sql, standard).isFalse();
          assertThat(tokens.get(1).value()).as("value of %s (scs %s)", sql, standard).isEqualTo(value);
          tally.compared++;
        }
      }
    }
    return tally;
  }

  private static String literal(Random random) {
    StringBuilder inside = new StringBuilder();
    int pieces = random.nextInt(6);
    for (int i = 0; i < pieces; i++) {
      inside.append(INSIDE[random.nextInt(INSIDE.length)]);
    }
    String body = inside.toString();
    return switch (random.nextInt(9)) {
      case 0, 1 -> "'" + body + "'";
      case 2, 3 -> "E'" + body + "'";
      case 4 -> "N'" + body.replace("'", "''") + "'";
      case 5 -> "U&'" + body + "'" + (random.nextBoolean() ? " UESCAPE '!'" : "");
      case 6 -> "$q$" + body + "$q$";
      case 7 -> "'" + body + "'" + (random.nextBoolean() ? "\n" : " -- c\n ") + "'" + body + "'";
      default -> "e'" + body.replace("'", "''") + "'";
    };
  }

  private static String comment(Random random) {
    StringBuilder text = new StringBuilder(random.nextBoolean() ? "--" : "/*");
    int pieces = random.nextInt(6);
    for (int i = 0; i < pieces; i++) {
      text.append(COMMENT_INSIDE[random.nextInt(COMMENT_INSIDE.length)]);
    }
    if (text.charAt(0) == '-') {
      return text.append('\n').toString();
    }
    return text.append(random.nextInt(4) == 0 ? "" : "*/").toString();
  }

  /** The strings of "SELECT 'a', 'b'" as the scanner read them, or null when the tokens are of another shape. */
  private static List<String> selectedStrings(ScannedSql scanned) {
    List<String> strings = new ArrayList<>();
    boolean expectString = true;
    List<SqlToken> tokens = scanned.tokens().stream().filter(t -> !t.isComment()).toList();
    for (int i = 1; i < tokens.size(); i++) {
      SqlToken token = tokens.get(i);
      if (expectString && token.kind() == Kind.STRING) {
        strings.add(token.value());
      } else if (expectString || token.kind() != Kind.PUNCTUATION || !",".equals(token.value())) {
        return null;
      }
      expectString = !expectString;
    }
    return expectString || strings.isEmpty() ? null : strings;
  }

  private static final class Tally {
    int compared;
    int refusedByBoth;
  }
}
