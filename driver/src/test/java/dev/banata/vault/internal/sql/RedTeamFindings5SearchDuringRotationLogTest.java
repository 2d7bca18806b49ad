package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.internal.secrets.VaultSchema;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.StatementLoggingPostgres;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Red team 5: prefix and case-insensitive search while two key versions are live, on a PostgreSQL that
 * logs every statement with its bind values. Rows written under version 1 and under version 2 are both
 * found — by parameters, by literals, by statements prepared before the rotation — the answers equal
 * PostgreSQL's on the plain twin, and neither the log nor the raw table holds a plaintext.
 */
@DatabaseTest
class RedTeamFindings5SearchDuringRotationLogTest {

  @TempDir static Path dir;
  private static StatementLoggingPostgres server;
  private static RedTeam5Probes probes;

  @BeforeAll
  static void start() throws Exception {
    server = StatementLoggingPostgres.start();
    try (Connection quiet = RedTeam5Probes.quietConnection(server)) {
      VaultSchema.install(quiet, MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT)));
    }
    probes = new RedTeam5Probes(server, dir, "?vault.key-refresh-seconds=1");
    probes.seed(1);
  }

  @AfterAll
  static void stop() throws Exception {
    RedTeam5Probes.finish("RedTeamFindings5SearchDuringRotationLogTest", probes, server);
  }

  private static int storedVersion(String table, long id) throws SQLException {
    try (Statement s = probes.plain.createStatement(); ResultSet row = s.executeQuery("SELECT last_name FROM " + table + " WHERE id = " + id)) {
      row.next();
      return FieldCipher.keyVersionOf(row.getString(1));
    }
  }

  private static final List<String> PATTERNS = List.of("Zebu%", "zebu%", "Zebulon", "Zebulon@%", "ZEBULON@%", "Zebulon@Mail.example", "%", "",
      "Zeb\\%%", "Zeb\uD83D\uDE00%", "Quen%", "Ze\u0301%", "Zeb  ");

  private static void everySearchForm(RedTeam5Probes p, String label) {
    for (String pattern : PATTERNS) {
      p.prepared(label + " LIKE", "SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY id", pattern);
      p.prepared(label + " NOT LIKE", "SELECT id FROM %1$s WHERE last_name NOT LIKE ? ORDER BY id", pattern);
      p.prepared(label + " ILIKE", "SELECT id FROM %1$s WHERE email ILIKE ? ORDER BY id", pattern);
      p.prepared(label + " NOT ILIKE", "SELECT id FROM %1$s WHERE email NOT ILIKE ? ORDER BY id", pattern);
      p.prepared(label + " upper LIKE", "SELECT id FROM %1$s WHERE upper(email) LIKE upper(?) ORDER BY id", pattern);
      p.prepared(label + " LIKE, LIMIT", "SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY id LIMIT 3 OFFSET 1", pattern);
      p.prepared(label + " count", "SELECT count(*) FROM %1$s WHERE email ILIKE ?", pattern);
      String literal = pattern.replace("'", "''").replace("%", "%%");
      p.literal(label + " literal LIKE", "SELECT id FROM %1$s WHERE last_name LIKE '" + literal + "' ORDER BY id");
      p.literal(label + " literal ILIKE", "SELECT id FROM %1$s WHERE email ILIKE '" + literal + "' ORDER BY id");
    }
    for (String value : List.of("ZEBULON@mail.example", "zebulon@MAIL.example", "Quentin@Mail.example", "")) {
      p.prepared(label + " lower() =", "SELECT id FROM %1$s WHERE lower(email) = lower(?) ORDER BY id", value);
      p.prepared(label + " upper() <>", "SELECT id FROM %1$s WHERE upper(email) <> upper(?) ORDER BY id", value);
      p.prepared(label + " =", "SELECT id FROM %1$s WHERE email = ? ORDER BY id", value);
      p.literal(label + " literal lower() =", "SELECT id FROM %1$s WHERE lower(email) = lower('" + value + "') ORDER BY id");
    }
  }

  @Test
  void rowsOfBothLiveVersionsAreFoundByEverySearchForm() throws Exception {
    RedTeam5Probes p = probes;
    String sql = "SELECT id FROM %1$s WHERE email ILIKE ? ORDER BY id";
    try (PreparedStatement before = p.vault.prepareStatement(String.format(sql, (Object[]) RedTeam5Probes.VAULT_TABLES));
        PreparedStatement beforeLike = p.vault.prepareStatement("SELECT id FROM people WHERE last_name LIKE ? ORDER BY id")) {
      for (int i = 0; i < 6; i++) { // past pgjdbc's prepareThreshold: server-side statements
        before.setString(1, "zebu%");
        RedTeam5Probes.rows(before.executeQuery());
        beforeLike.setString(1, "Zebu%");
        RedTeam5Probes.rows(beforeLike.executeQuery());
      }
      everySearchForm(p, "v1 only");

      PGSimpleDataSource keys = new PGSimpleDataSource();
      keys.setUrl(server.url());
      keys.setUser(server.user());
      new KeyVersionStore(keys).registerNewPrimary(MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT)));

      // Write probe rows until the ring has refreshed and a new row carries version 2 (then the plain twin gets them too).
      long id = 500;
      long deadline = System.nanoTime() + 20_000_000_000L;
      try (PreparedStatement insert = p.vault.prepareStatement("INSERT INTO people (id, last_name, email) VALUES (?, 'Zebulon', 'Zebulon@Mail.example')");
          PreparedStatement twin = p.plain.prepareStatement("INSERT INTO plain_people (id, last_name, email) VALUES (?, 'Zebulon', 'Zebulon@Mail.example')")) {
        do {
          id++;
          insert.setLong(1, id);
          insert.executeUpdate();
          twin.setLong(1, id);
          twin.executeUpdate();
          if (storedVersion("people", id) == 2) {
            break;
          }
          Thread.sleep(200);
        } while (System.nanoTime() < deadline);
      }
      assertThat(storedVersion("people", id)).as("a write after the rotation uses version 2").isEqualTo(2);
      assertThat(storedVersion("people", 1)).isEqualTo(1);
      p.seed(101); // NAMES again, under version 2
      assertThat(storedVersion("people", 101)).isEqualTo(2);

      everySearchForm(p, "v1 and v2");

      // statements prepared before the rotation find both versions' rows
      for (String pattern : List.of("zebu%", "quen%", "%", "zebulon@mail.example")) {
        before.setString(1, pattern);
        List<List<String>> actual = RedTeam5Probes.rows(before.executeQuery());
        p.probes++;
        try (PreparedStatement q = p.plain.prepareStatement(String.format(sql, (Object[]) RedTeam5Probes.PLAIN_TABLES))) {
          q.setString(1, pattern);
          List<List<String>> expected = RedTeam5Probes.rows(q.executeQuery());
          if (!actual.equals(expected)) {
            p.problems.add("prepared before the rotation, ILIKE " + pattern + ": PostgreSQL " + expected + ", vault " + actual);
          }
        }
      }
      for (String pattern : List.of("Zebu%", "Zebulon", "Zeb\\%%")) {
        beforeLike.setString(1, pattern);
        List<List<String>> actual = RedTeam5Probes.rows(beforeLike.executeQuery());
        p.probes++;
        try (PreparedStatement q = p.plain.prepareStatement("SELECT id FROM plain_people WHERE last_name LIKE ? ORDER BY id")) {
          q.setString(1, pattern);
          List<List<String>> expected = RedTeam5Probes.rows(q.executeQuery());
          if (!actual.equals(expected)) {
            p.problems.add("prepared before the rotation, LIKE " + pattern + ": PostgreSQL " + expected + ", vault " + actual);
          }
        }
      }

      // copies during the rotation: rows of both versions copied as stored, then searched
      p.prepared("copy both versions", "INSERT INTO %2$s SELECT * FROM %1$s WHERE email ILIKE ?", "zebu%");
      p.prepared("copy both versions with t.*", "INSERT INTO %2$s SELECT p.id + 10000, p.last_name, p.email, p.nick, p.note FROM %1$s p"
          + " WHERE p.last_name LIKE ?", "Quen%");
      for (String pattern : List.of("Zebu%", "zebu%", "Quen%", "%", "Zebulon")) {
        p.prepared("search the copy during the rotation", "SELECT id FROM %2$s WHERE last_name LIKE ? ORDER BY id", pattern);
        p.prepared("search the copy during the rotation, ILIKE", "SELECT id FROM %2$s WHERE email ILIKE ? ORDER BY id", pattern);
      }
      p.assertNoProblems();
    }
    assertThat(server.linesContaining("[.](", 1)).as("a search listing both versions' tokens reached the log").hasSize(1);
    List<String> plaintexts = new ArrayList<>();
    for (String name : RedTeam5Probes.NAMES) {
      if (name.length() >= 6 && !name.equals("Zeb--x") && !name.equals("Quinn$$")) {
        plaintexts.add(name);
      }
    }
    p.assertRawTableHoldsNoPlaintext("people", plaintexts);
    p.assertRawTableHoldsNoPlaintext("people_copy", plaintexts);
    p.assertWholeLogHoldsNone(plaintexts);
  }
}
