package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.internal.sql.SqlTextProbe;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sample of the differential fuzz test against the real server: statements that write or look
 * up a marked plaintext in an encrypted column, with comment and quote forms inserted at random
 * places (seeded), run through the driver over a delegate that records every SQL text the server
 * receives. Whatever the server then does with each (runs it, fails it, or never gets it because
 * the driver refused it), no recorded SQL holds the marker in what the server reads as a string,
 * and no encrypted column of the table holds it.
 */
@DatabaseTest
class MutatedSqlSendsNoPlaintextTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  private static final String MARKER = "SECRETMARK";

  private static final String[] BASE = {
      "insert into customers (id, email, ssn) values (1, 'SECRETMARKE-a@x.example', 'SECRETMARKS-1')",
      "update customers set ssn = 'SECRETMARKS-2' where id = 1",
      "update customers set id = 4, email = 'SECRETMARKE-b@x.example' where id = 2",
      "insert into customers (id, ssn) select 3, 'SECRETMARKS-3'",
      "select id from customers where email = 'SECRETMARKE-c@x.example'",
      "delete from customers where email in ('SECRETMARKE-d@x.example', 'x')",
      "update customers set email = $$SECRETMARKE-e@x.example$$ where id = 1",
      "insert into customers (id, ssn) values (5, $q$SECRETMARKS-5$q$)",
      "update customers set id = 1, email = 'SECRETMARKE-f@x.example' where id = 1",
  };

  /** The reproduced cases of issue 10 §1, run as written before the random sample. */
  private static final String[] REPRODUCED = {
      "update customers set id = 4 //* */ 2, email = $$SECRETMARKE-g@x.example$$ where id = 2",
      "update customers set id = 4 //* */ 2, email = 'SECRETMARKE-h@x.example' where id = 2",
      "select 4 //* */ 2; insert into customers (id, email) values (9, 'SECRETMARKE-i@x.example')",
      "update customers set ssn = 'SECRETMARKS-7' /* /* */ where id = 1 */",
      "update customers set email = 'SECRETMARKE-j@x.example', name = E'\\'' where id = 1",
  };

  private static final String[] FORMS = {
      " /* c */ ", "/* /* */ */", "/* /* */", "-- c\n", "//* */", "/*/ */", "*/", "'", "''", "E'\\''", "'\\'", "$$", "$$x$$", "$a$",
      "\"", "U&'\\0041'", "U&\"\\0073sn\"", " UESCAPE '!' ", "N'n'", ";", "?", "??", "\\", "$1", "0x1", "\n'", "'\n'", "~~", ",", "(", ")",
      " //* */ 1 ", " /* /* */ 1 */ ", " || $$'$$ ",
  };

  @BeforeAll
  static void start() throws Exception {
    Class.forName(RecordingDriver.class.getName());
    Customers.create(db);
    pool = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, Customers.CONFIG);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Test
  void noMutationSendsOrStoresTheMarker() throws SQLException {
    Random random = new Random(20261205);
    int refused = 0;
    int ran = 0;
    List<String> leaks = new ArrayList<>();
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      for (int n = 0; n < 300 + REPRODUCED.length; n++) {
        StringBuilder sql = new StringBuilder(n < REPRODUCED.length ? REPRODUCED[n] : BASE[random.nextInt(BASE.length)]);
        for (int k = n < REPRODUCED.length ? 0 : 1 + random.nextInt(2); k > 0; k--) {
          sql.insert(random.nextInt(sql.length() + 1), FORMS[random.nextInt(FORMS.length)]);
        }
        boolean standard = n < REPRODUCED.length || random.nextInt(4) != 0;
        statement.execute(standard ? "SET standard_conforming_strings = on" : "SET standard_conforming_strings = off");
        RecordingDriver.clear();
        try {
          statement.execute(sql.toString());
          ran++;
        } catch (SQLException e) {
          refused += "0A000".equals(e.getSQLState()) ? 1 : 0;
          // pgjdbc and the server quote the SQL in their messages (an unterminated quote, "syntax error at or near"):
          // statements that write or look up the marker in an encrypted column as the server reads them must not.
          if (readsMarkerAsString(sql.toString(), standard)) {
            assertThat(e.getMessage()).as("message of %s", sql).doesNotContain(MARKER);
          }
        }
        // What the server received for this statement, read with the setting it was sent under: a marker in a
        // comment, or in what the server reads as a name, is no value.
        for (String received : RecordingDriver.recorded()) {
          if (readsMarkerAsString(received, standard)) {
            leaks.add(received);
          }
        }
      }
      statement.execute("RESET standard_conforming_strings");
    }
    assertThat(leaks).as("SQL received by the server with the marker in a string").isEmpty();
    try (Connection plain = db.plainConnection();
        ResultSet rows = plain.createStatement().executeQuery("SELECT coalesce(email, '') || coalesce(ssn, '') FROM customers")) {
      while (rows.next()) {
        assertThat(rows.getString(1)).doesNotContain(MARKER);
      }
    }
    assertThat(refused).as("refused").isGreaterThan(100);
    assertThat(ran).as("run by the server").isGreaterThan(20);
  }

  /**
   * Whether the server, reading {@code sql} with that setting, finds an email marker (SECRETMARKE)
   * in a string of a statement that names customers and email, or an ssn marker (SECRETMARKS) in
   * one that names customers and ssn. A mutation that renames the column ({@code s$$sn}) makes the
   * literal a value for another column, as a typo would.
   */
  private static boolean readsMarkerAsString(String sql, boolean standard) {
    return SqlTextProbe.stringHolds(sql, standard, MARKER + "E", "customers", "email")
        || SqlTextProbe.stringHolds(sql, standard, MARKER + "S", "customers", "ssn");
  }
}
