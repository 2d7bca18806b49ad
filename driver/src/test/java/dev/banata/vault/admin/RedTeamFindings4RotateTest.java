package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * Red-team round 4 (companion of jdbc.RedTeamFindings4Test, here for AdminRun): existing rows whose values hold
 * characters outside the frozen case-folding set, when a column becomes {@code ignore-case}. Promise: nothing lost,
 * no plaintext in the output, a clear non-zero exit or every row searchable, and the job not left stuck.
 */
@DatabaseTest
class RedTeamFindings4RotateTest {

  private static final String DRIVER_SECRET = "test-only-master-secret-0123456789abcdef";
  private static final List<String> VALUES = List.of("Davis", "x\u0131x", "x\uFB00y", "K\u212Aelvin", "\u03A3OFIA", "plain@example.com");

  @RegisterExtension static final TestSchema db = new TestSchema();
  @TempDir static Path dir;

  private static final String BEFORE = """
      tables:
        rt4_rot:
          primary-key: id
          columns:
            email: { mode: deterministic }
      """;

  private static List<String> decrypted(Path config) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", db.user());
    properties.setProperty("password", db.password());
    properties.setProperty("vault.config", config.toString());
    List<String> out = new ArrayList<>();
    try (Connection vault = DriverManager.getConnection(db.vaultUrl() + "&vault.key-refresh-seconds=1", properties);
        Statement s = vault.createStatement(); ResultSet rows = s.executeQuery("SELECT email FROM rt4_rot ORDER BY id")) {
      while (rows.next()) {
        out.add(rows.getString(1));
      }
    }
    return out;
  }

  private static String insertPlain() {
    StringBuilder sql = new StringBuilder("INSERT INTO rt4_rot VALUES ");
    for (int i = 0; i < VALUES.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(").append(i + 1).append(", '").append(VALUES.get(i)).append("')");
    }
    return sql.toString();
  }

  @Test
  void rotateToIgnoreCaseListsUnfoldableValuesAndFinishesTheRest() throws Exception {
    Map<String, String> env = AdminRun.env(DRIVER_SECRET);
    Path before = AdminRun.config(dir, "hole-before.yaml", BEFORE.replace("rt4_rot", "rt4_stuck"));
    Path after = AdminRun.config(dir, "hole-after.yaml", BEFORE.replace("rt4_rot", "rt4_stuck").replace("{ mode: deterministic }",
        "{ mode: deterministic, search: prefix, ignore-case: true }"));
    db.execute("DROP TABLE IF EXISTS rt4_stuck", "CREATE TABLE rt4_stuck (id bigint PRIMARY KEY, email text)",
        insertPlain().replace("rt4_rot", "rt4_stuck"));
    String[] old = {"--url", db.url(), "--user", db.user(), "--config", before.toString()};
    String[] current = {"--url", db.url(), "--user", db.user(), "--config", after.toString()};
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, old)).code()).isZero();
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"encrypt-existing"}, old)).code()).isZero();
    for (int run = 0; run < 2; run++) {
      AdminRun.Result rotate = AdminRun.run(env, RotateTest.concat(new String[] {"rotate", "--settle-seconds", "0"}, current));
      // As encrypt-existing and ADMIN.md's exit code 1: the values it had to leave are listed (table, key, column), the rest is done.
      assertThat(rotate.code()).as(rotate.toString()).isEqualTo(1);
      assertThat(rotate.err()).contains("rt4_stuck 2 email", "rt4_stuck 5 email");
      AdminRun.Result status = AdminRun.run(env, RotateTest.concat(new String[] {"status", "--json"}, current));
      assertThat(status.out()).as(status.toString()).contains("\"withoutSearchTokens\": 4");
    }
  }

  @Test
  void rotateToIgnoreCaseWithUnfoldableExistingValuesLosesNothingAndSaysSo() throws Exception {
    Map<String, String> env = AdminRun.env(DRIVER_SECRET);
    Path before = AdminRun.config(dir, "before.yaml", BEFORE);
    Path after = AdminRun.config(dir, "after.yaml", BEFORE.replace("{ mode: deterministic }",
        "{ mode: deterministic, search: prefix, ignore-case: true }"));
    db.execute("DROP TABLE IF EXISTS rt4_rot", "CREATE TABLE rt4_rot (id bigint PRIMARY KEY, email text)", insertPlain());
    String[] old = {"--url", db.url(), "--user", db.user(), "--config", before.toString()};
    String[] current = {"--url", db.url(), "--user", db.user(), "--config", after.toString()};
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, old)).code()).isZero();
    AdminRun.Result encrypt = AdminRun.run(env, RotateTest.concat(new String[] {"encrypt-existing"}, old));
    assertThat(encrypt.code()).as(encrypt.toString()).isZero();

    AdminRun.Result rotate = AdminRun.run(env, RotateTest.concat(new String[] {"rotate", "--settle-seconds", "0"}, current));
    assertThat(rotate.code()).as(rotate.toString()).isNotZero();
    AdminRun.Result status = AdminRun.run(env, RotateTest.concat(new String[] {"status", "--json"}, current));
    for (String value : VALUES.subList(1, 5)) {
      assertThat(rotate.out() + rotate.err() + status.out() + status.err()).as("no plaintext in the output").doesNotContain(value);
    }
    assertThat(decrypted(before)).as("nothing lost").isEqualTo(VALUES);
    if (rotate.code() == 0) {
      assertThat(status.out()).as("exit 0 means every row has its tokens").contains("\"withoutSearchTokens\": 0");
    }
    // Not stuck: with the column back to its old configuration, a rotate completes.
    AdminRun.Result again = AdminRun.run(env, RotateTest.concat(new String[] {"rotate", "--settle-seconds", "0"}, old));
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(decrypted(before)).as("nothing lost").isEqualTo(VALUES);
  }

  @Test
  void encryptExistingIntoAnIgnoreCaseColumnWithUnfoldableValuesLosesNothing() throws Exception {
    Map<String, String> env = AdminRun.env(DRIVER_SECRET);
    Path after = AdminRun.config(dir, "ee.yaml", BEFORE.replace("rt4_rot", "rt4_ee").replace("{ mode: deterministic }",
        "{ mode: deterministic, search: prefix, ignore-case: true }"));
    db.execute("DROP TABLE IF EXISTS rt4_ee", "CREATE TABLE rt4_ee (id bigint PRIMARY KEY, email text)", insertPlain().replace("rt4_rot", "rt4_ee"));
    String[] current = {"--url", db.url(), "--user", db.user(), "--config", after.toString()};
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, current)).code()).isZero();
    AdminRun.Result encrypt = AdminRun.run(env, RotateTest.concat(new String[] {"encrypt-existing"}, current));
    assertThat(encrypt.code()).as(encrypt.toString()).isEqualTo(1);
    assertThat(encrypt.err()).contains("rt4_ee 2 email", "rt4_ee 5 email");
    for (String value : VALUES.subList(1, 5)) {
      assertThat(encrypt.out() + encrypt.err()).as("no plaintext in the output").doesNotContain(value);
    }
    List<String> raw = new ArrayList<>();
    try (Connection plain = db.plainConnection(); Statement s = plain.createStatement();
        ResultSet rows = s.executeQuery("SELECT email FROM rt4_ee ORDER BY id")) {
      while (rows.next()) {
        raw.add(rows.getString(1));
      }
    }
    if (encrypt.code() == 0) {
      assertThat(raw).allMatch(v -> v.startsWith("bv1:"));
    } else {
      // refused: the table still holds every plaintext (nothing half-encrypted and lost)
      assertThat(raw).allMatch(v -> v.startsWith("bv1:") || VALUES.contains(v));
    }
  }
}
