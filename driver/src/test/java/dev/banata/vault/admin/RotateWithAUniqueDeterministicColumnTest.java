package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unique index on a deterministic column compares ciphertexts, and while a rotation runs one value
 * has two of them. {@code rotate} therefore refuses to start over such an index (naming it) unless
 * {@code --allow-unique-window} accepts the window; with it, a duplicate an application inserts
 * during the rotation does not fail the job at the end (exit 70): the row that cannot be rewritten is
 * listed with the row holding the same value, left decryptable at its old version, and the same
 * command finishes the rotation once a person has resolved the duplicate.
 */
// Needs a database: the tag that @DatabaseTest (branch tests) stands for, which TestSchema will require.
@Tag("db")
class RotateWithAUniqueDeterministicColumnTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @TempDir static Path dir;

  private static final Map<String, String> ENV = AdminRun.env(AdminRun.SECRET);

  @BeforeAll
  static void install() {
    assertThat(AdminRun.run(ENV, "install", "--url", db.url(), "--user", db.user()).code()).isZero();
  }

  @Test
  void rotateRefusesBeforeChangingAnythingAndNamesEachUniqueIndexOnADeterministicColumn() throws Exception {
    db.execute("CREATE TABLE members (id bigint PRIMARY KEY, email text UNIQUE, ssn text UNIQUE, org int, active boolean)",
        "CREATE UNIQUE INDEX members_org_email ON members (org, email) WHERE active",
        // Uniqueness of org alone, email only carried along: not affected by two ciphertexts.
        "CREATE UNIQUE INDEX members_org_carries_email ON members (org) INCLUDE (email)");
    Path config = config("members", "      ssn:   { mode: randomized }\n");
    insertAtTheCurrentVersion("members", 20, id -> (int) id.longValue());
    long version = query("SELECT max(version) FROM vault_key");

    String[] rotate = {"rotate", "--url", db.url(), "--user", db.user(), "--config", config.toString(), "--settle-seconds", "0"};
    AdminRun.Result refused = AdminRun.run(ENV, rotate);

    assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(refused.err()).hasLineCount(1)
        .contains("unique constraint members_email_key (email) on members; index members_org_email (org, email) WHERE active on members")
        .contains("covers a deterministic column").contains("nothing was changed").contains("rotate --allow-unique-window")
        .contains("OPERATIONS.md").doesNotContain("members_org_carries_email").doesNotContain("ssn");
    assertThat(query("SELECT max(version) FROM vault_key")).as("no key version registered").isEqualTo(version);
    assertThat(countAtVersion("members", version)).as("every email still at its version").isEqualTo(20);

    AdminRun.Result dryRun = AdminRun.run(ENV, RotateTest.concat(rotate, new String[] {"--dry-run"}));
    assertThat(dryRun.code()).as(dryRun.toString()).isZero();
    assertThat(dryRun.out()).contains("unique constraint members_email_key (email) on members covers a deterministic column")
        .contains("unique index members_org_email (org, email) WHERE active on members covers a deterministic column");
    db.execute("DROP TABLE members");
  }

  @Test
  void aDuplicateInsertedDuringTheRotationIsListedWithItsTwinAndTheRotationFinishesOnceItIsResolved() throws Exception {
    db.execute("CREATE TABLE people (id bigint PRIMARY KEY, email text UNIQUE, org int, active boolean)");
    insertAtTheCurrentVersion("people", 200, id -> 1);
    long old = query("SELECT max(version) FROM vault_key");
    AdminRun.Result first = rotateWhileAnApplicationInsertsADuplicateOfRow5("people", 1);
    long target = old + 1;

    assertThat(first.code()).as(first.toString()).isEqualTo(ExitCode.FAILURES_FOUND.code());
    assertThat(first.err()).contains("people 5 email: not rewritten: unique constraint people_email_key (email) refuses the new value, which row 1001 already holds")
        .contains("keep one of the rows, then run the same command again")
        .contains("people: 1 rows refused by a unique index");
    assertNoValueIn(first);
    assertThat(versionOf("people", 5)).as("row 5 left at its old version").isEqualTo(old);
    assertThat(decryptedEmail("people", 5)).isEqualTo("user5@example.com");
    assertThat(countAtVersion("people", target)).as("every row but row 5 at the new version").isEqualTo(200);
    assertThat(query("SELECT count(*) FROM vault_admin_job WHERE job = 'rotate' AND finished_at IS NULL")).as("the rotation stays open").isEqualTo(1);

    // The person decides which row is right; here the late insert goes.
    db.execute("DELETE FROM people WHERE id = 1001");
    AdminRun.Result resumed = AdminRun.run(ENV, "rotate", "--url", db.url(), "--user", db.user(), "--config", config("people", "").toString(),
        "--settle-seconds", "0", "--allow-unique-window");

    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(resumed.err()).contains("resuming the rotation to key version " + target);
    assertThat(resumed.out()).contains("every value is at key version " + target);
    assertThat(versionOf("people", 5)).isEqualTo(target);
    assertThat(decryptedEmail("people", 5)).isEqualTo("user5@example.com");
    db.execute("DROP TABLE people");
  }

  @Test
  void aPartialMultiColumnIndexNamesOnlyTheRowThatReallyCollides() throws Exception {
    db.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, org int, active boolean)",
        "CREATE UNIQUE INDEX accounts_org_email ON accounts (org, email) WHERE active");
    insertAtTheCurrentVersion("accounts", 100, id -> (int) (id % 2));
    long old = query("SELECT max(version) FROM vault_key");
    // The same e-mail as row 5 (org 1) in another org, and in org 1 but inactive: neither collides.
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO)) {
      db.execute("INSERT INTO accounts VALUES (200, '" + app.email("user5@example.com") + "', 0, true)",
          "INSERT INTO accounts VALUES (201, '" + app.email("user5@example.com") + "', 1, false)");
    }
    AdminRun.Result first = rotateWhileAnApplicationInsertsADuplicateOfRow5("accounts", 1);

    assertThat(first.code()).as(first.toString()).isEqualTo(ExitCode.FAILURES_FOUND.code());
    assertThat(first.err()).contains("accounts 5 email: not rewritten: unique index accounts_org_email (org, email) WHERE active refuses the new value,"
        + " which row 1001 already holds").contains("1 values could not be processed");
    assertNoValueIn(first);
    assertThat(versionOf("accounts", 200)).isEqualTo(old + 1);
    assertThat(versionOf("accounts", 201)).isEqualTo(old + 1);
    assertThat(versionOf("accounts", 5)).isEqualTo(old);
    // Leaves the rotation open on purpose; the next test's rotate starts a rotation of its own.
    db.execute("DROP TABLE accounts", "DELETE FROM vault_admin_job", "DELETE FROM vault_admin_checkpoint");
  }

  /**
   * Starts {@code rotate --allow-unique-window} and, once it has registered version 2 and before it
   * rewrites anything (it settles for 3 s), inserts as an application that knows version 2 a row
   * 1001 with row 5's e-mail in {@code org}. The unique index accepts it: the defect rotate has to live with.
   */
  private static AdminRun.Result rotateWhileAnApplicationInsertsADuplicateOfRow5(String table, int org) throws Exception {
    long before = query("SELECT max(version) FROM vault_key");
    Path config = config(table, "");
    CompletableFuture<AdminRun.Result> rotation = CompletableFuture.supplyAsync(() -> AdminRun.run(ENV, "rotate", "--url", db.url(), "--user", db.user(),
        "--config", config.toString(), "--settle-seconds", "3", "--batch-size", "50", "--allow-unique-window"));
    Instant deadline = Instant.now().plusSeconds(30);
    while (query("SELECT max(version) FROM vault_key") == before) {
      assertThat(rotation.isDone()).as("rotate ended before registering a version: %s", rotation.isDone() ? rotation.get() : "").isFalse();
      assertThat(Instant.now()).isBefore(deadline);
      Thread.sleep(20);
    }
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, email, org, active) VALUES (1001, ?, ?, true)")) {
      insert.setString(1, app.email("user5@example.com"));
      insert.setInt(2, org);
      assertThat(insert.executeUpdate()).as("the index accepted the duplicate at the new version").isEqualTo(1);
    }
    assertThat(rotation.isDone()).as("the insert came before the rotation rewrote anything").isFalse();
    return rotation.get();
  }

  private static void assertNoValueIn(AdminRun.Result result) {
    assertThat(result.out() + result.err()).doesNotContain("bv1:").doesNotContain("user5@example.com").doesNotContain("Key (");
  }

  private static void insertAtTheCurrentVersion(String table, int rows, java.util.function.Function<Long, Integer> org) throws Exception {
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, email, org, active) VALUES (?, ?, ?, true)")) {
      for (long id = 1; id <= rows; id++) {
        insert.setLong(1, id);
        insert.setString(2, app.email("user" + id + "@example.com"));
        insert.setInt(3, org.apply(id));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The table's email (deterministic, under the context Application encrypts with) and {@code moreColumns}. */
  private static Path config(String table, String moreColumns) {
    return AdminRun.config(dir, table + ".yaml", """
        tables:
          %s:
            primary-key: id
            columns:
              email: { mode: deterministic, context: customers.email }
        """.formatted(table) + moreColumns);
  }

  private static long countAtVersion(String table, long version) throws Exception {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM " + table)) {
      long count = 0;
      while (rows.next()) {
        count += FieldCipher.keyVersionOf(rows.getString(1)) == version ? 1 : 0;
      }
      return count;
    }
  }

  private static long versionOf(String table, long id) throws Exception {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT email FROM " + table + " WHERE id = " + id)) {
      row.next();
      return FieldCipher.keyVersionOf(row.getString(1));
    }
  }

  private static Object decryptedEmail(String table, long id) throws Exception {
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT email FROM " + table + " WHERE id = " + id)) {
      row.next();
      return app.decrypt(row.getString(1), Mode.DETERMINISTIC, "customers.email", ValueType.TEXT);
    }
  }

  private static long query(String sql) {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
