package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * {@link PgjdbcReading} finds {@code ?} markers where the pgjdbc on our class path finds them, and
 * says when that differs from where the server reads strings and comments.
 */
class PgjdbcReadingTest {

  private static final String[] PIECES = {
      "?", "??", "'", "''", "E'", "\\", "\"", "$$", "$a$", "1$$", "--", "\n", "/*", "*/", "/*/", "*", "/", ";", " ", "x", "(", ")",
  };

  @Test
  void markersAreWherePgjdbcFindsThem() throws SQLException {
    Random random = new Random(20260104);
    int compared = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder sql = new StringBuilder("select ");
      for (int i = random.nextInt(10); i > 0; i--) {
        sql.append(PIECES[random.nextInt(PIECES.length)]);
      }
      boolean standard = random.nextBoolean();
      ScannedSql scanned = SqlScanner.scan(sql.toString(), standard);
      if (!scanned.readable() || PgjdbcReading.disagreement(scanned) != null) {
        continue;
      }
      List<NativeQuery> queries;
      try {
        queries = Parser.parseJdbcSql(sql.toString(), standard, true, true, false, false);
      } catch (SQLException e) {
        throw new AssertionError("pgjdbc refused " + sql + " which both readings agree on", e);
      }
      int binds = queries.stream().mapToInt(q -> q.bindPositions.length).sum();
      assertThat(binds).as("markers in %s (scs %s)", sql, standard).isEqualTo(scanned.markerCount());
      compared++;
    }
    assertThat(compared).isGreaterThan(5_000);
  }

  @Test
  void cornersWherePgjdbcAndTheServerDiffer() {
    // pgjdbc: the comment is "/*/", the ? is a marker and the ; splits; the server: all one comment
    assertThat(PgjdbcReading.disagreement(SqlScanner.scan("select 1 /*/ ? ; */", true))).isNotNull();
    // pgjdbc: no dollar quote after a digit
    assertThat(PgjdbcReading.disagreement(SqlScanner.scan("select 1$$ ? $$", true))).isNotNull();
    // E' at the very start is not an escape string to pgjdbc
    assertThat(PgjdbcReading.disagreement(SqlScanner.scan("E'\\'?'", true))).isNotNull();
    // and where they agree
    assertThat(PgjdbcReading.disagreement(SqlScanner.scan("select '?', \"?\", $$?$$, ?, ?? -- ?\n /* /* ? */ */", true))).isNull();
    assertThat(PgjdbcReading.disagreement(SqlScanner.scan("select 'a\\'?'", false))).isNull();
  }
}
