package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search tokens live in the stored value, so {@code encrypt-existing} and {@code rotate} write
 * them like any other encryption: after adopting a plaintext table, and after a rotation to a new
 * key version, {@code LIKE 'Dav%'} and {@code lower(email) = lower(?)} through the driver give what
 * the plaintext table gave.
 */
@DatabaseTest
class PrefixSearchAfterEncryptExistingAndRotateTest {

  /** The secret the driver reads in this build (driver/pom.xml's surefire environment). */
  private static final String DRIVER_SECRET = "test-only-master-secret-0123456789abcdef";

  @RegisterExtension static final TestSchema db = new TestSchema();
  @TempDir static Path dir;

  @Test
  void encryptExistingAndRotateKeepPrefixSearchWorking() throws Exception {
    Map<String, String> env = AdminRun.env(DRIVER_SECRET);
    Path config = AdminRun.config(dir, """
        tables:
          people:
            primary-key: id
            columns:
              last_name: { mode: deterministic, search: prefix }
              email: { mode: deterministic, search: prefix, ignore-case: true }
        """);
    String[] target = {"--url", db.url(), "--user", db.user(), "--config", config.toString()};
    db.execute("CREATE TABLE people (id bigint PRIMARY KEY, last_name text, email text)",
        "INSERT INTO people SELECT g, (ARRAY['Davis','Davidson','Smith','Dave','O''Brien'])[g % 5 + 1] || CASE WHEN g > 5 THEN g::text ELSE '' END,"
            + " 'User' || g || '@Example.com' FROM generate_series(1, 40) g");
    List<List<Object>> expected = answers(db.plainConnection(), false);

    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    AdminRun.Result encrypt = AdminRun.run(env, RotateTest.concat(new String[] {"encrypt-existing"}, target));
    assertThat(encrypt.code()).as(encrypt.toString()).isZero();
    assertThat(rawValues()).allMatch(v -> v.matches("bv1:[A-Za-z0-9_-]+(\\.[a-z2-7]{16})+"));
    assertThat(answers(vault(config), true)).as("after encrypt-existing").isEqualTo(expected);

    AdminRun.Result rotate = AdminRun.run(env, RotateTest.concat(new String[] {"rotate", "--settle-seconds", "0"}, target));
    assertThat(rotate.code()).as(rotate.toString()).isZero();
    assertThat(rawValues()).allMatch(v -> dev.banata.vault.internal.crypto.FieldCipher.keyVersionOf(v) == 2);
    // A running application learns of the new version within vault.key-refresh-seconds (1 here).
    Thread.sleep(2_000);
    assertThat(answers(vault(config), true)).as("after rotate").isEqualTo(expected);
  }

  @Test
  void rowsWrittenBeforeSearchAreReportedAndRefusedUntilRotateAddsTheirTokens() throws Exception {
    Map<String, String> env = AdminRun.env(DRIVER_SECRET);
    String before = """
        tables:
          people_before:
            primary-key: id
            columns:
              last_name: { mode: deterministic }
        """;
    Path withoutSearch = AdminRun.config(dir, "before.yaml", before);
    Path withSearch = AdminRun.config(dir, "search.yaml", before.replace("{ mode: deterministic }", "{ mode: deterministic, search: prefix }"));
    Path withSearchAgain = AdminRun.config(dir, "again.yaml", before.replace("{ mode: deterministic }", "{ mode: deterministic, search: prefix }"));
    db.execute("CREATE TABLE people_before (id bigint PRIMARY KEY, last_name text)",
        "INSERT INTO people_before SELECT g, (ARRAY['Davis','Davidson','Smith'])[g % 3 + 1] FROM generate_series(1, 30) g");
    String[] old = {"--url", db.url(), "--user", db.user(), "--config", withoutSearch.toString()};
    String[] current = {"--url", db.url(), "--user", db.user(), "--config", withSearch.toString()};
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, old)).code()).isZero();
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"encrypt-existing"}, old)).code()).isZero();

    AdminRun.Result status = AdminRun.run(env, RotateTest.concat(new String[] {"status", "--json"}, current));
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(status.out()).contains("\"withoutSearchTokens\": 30");
    try (Connection vault = vault(withSearch)) {
      // Not parameter-dependent: refused when the statement is prepared, before anything is sent.
      assertThatThrownBy(() -> vault.prepareStatement("SELECT id FROM people_before WHERE last_name LIKE ?")).isInstanceOf(SQLException.class)
          .hasMessageContaining("vault-admin rotate").extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("0A000");
    }

    AdminRun.Result rotate = AdminRun.run(env, RotateTest.concat(new String[] {"rotate", "--settle-seconds", "0"}, current));
    assertThat(rotate.code()).as(rotate.toString()).isZero();
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"status", "--json"}, current)).out()).contains("\"withoutSearchTokens\": 0");
    try (Connection vault = vault(withSearchAgain); PreparedStatement like = vault.prepareStatement(
        "SELECT count(*) FROM people_before WHERE last_name LIKE ?")) {
      like.setString(1, "Dav%");
      try (ResultSet rows = like.executeQuery()) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(20);
      }
    }
  }

  private static Connection vault(Path config) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", db.user());
    properties.setProperty("password", db.password());
    properties.setProperty("vault.config", config.toString());
    return DriverManager.getConnection(db.vaultUrl() + "&vault.key-refresh-seconds=1", properties);
  }

  private static List<String> rawValues() throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT last_name FROM people UNION ALL SELECT email FROM people")) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static List<List<Object>> answers(Connection connection, boolean close) throws Exception {
    List<List<Object>> answers = new ArrayList<>();
    try {
      for (String[] query : new String[][] {
          {"SELECT id, last_name FROM people WHERE last_name LIKE ? ESCAPE '\\' ORDER BY id LIMIT 5 OFFSET 2", "Dav%"},
          {"SELECT count(*) FROM people WHERE last_name LIKE ? ESCAPE '\\'", "Dav%"},
          {"SELECT count(*) FROM people WHERE last_name LIKE ?", "O'B%"},
          {"SELECT id FROM people WHERE lower(email) = lower(?) ORDER BY id", "USER7@EXAMPLE.COM"},
          {"SELECT count(*) FROM people WHERE email ILIKE ?", "user1%"}}) {
        try (PreparedStatement statement = connection.prepareStatement(query[0])) {
          statement.setString(1, query[1]);
          try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              List<Object> row = new ArrayList<>();
              for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
                row.add(rows.getObject(c));
              }
              answers.add(row);
            }
          }
        }
        answers.add(List.of("--"));
      }
    } finally {
      connection.close();
    }
    return answers;
  }
}
