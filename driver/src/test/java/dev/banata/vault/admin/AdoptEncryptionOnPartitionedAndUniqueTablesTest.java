package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code encrypt-existing} on tables as applications have them: a partitioned table (its rows'
 * versions, which the compare-and-set checks, live in the partitions), and a unique e-mail into
 * which the application inserted, during the adoption, the ciphertext of a value a plaintext row
 * already holds — the index sees two different strings.
 */
// Needs a database: the tag that @DatabaseTest (branch tests) stands for, which TestSchema will require.
@Tag("db")
class AdoptEncryptionOnPartitionedAndUniqueTablesTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @TempDir static Path dir;

  private static final Map<String, String> ENV = AdminRun.env(AdminRun.SECRET);

  @BeforeAll
  static void install() {
    assertThat(AdminRun.run(ENV, "install", "--url", db.url(), "--user", db.user()).code()).isZero();
  }

  @Test
  void aPartitionedTableIsEncryptedInEveryPartition() throws Exception {
    db.execute("CREATE TABLE events (id bigint PRIMARY KEY, email text) PARTITION BY RANGE (id)",
        "CREATE TABLE events_low PARTITION OF events FOR VALUES FROM (0) TO (500)",
        "CREATE TABLE events_high PARTITION OF events FOR VALUES FROM (500) TO (MAXVALUE)",
        "INSERT INTO events SELECT g, 'e' || g || '@example.com' FROM generate_series(1, 1000) g");

    AdminRun.Result encrypt = AdminRun.run(ENV, "encrypt-existing", "--url", db.url(), "--user", db.user(), "--config", config("events").toString(),
        "--batch-size", "64");

    assertThat(encrypt.code()).as(encrypt.toString()).isZero();
    assertThat(count("SELECT count(*) FROM events_low WHERE email LIKE 'bv1:%'")).isEqualTo(499);
    assertThat(count("SELECT count(*) FROM events_high WHERE email LIKE 'bv1:%'")).isEqualTo(501);
    assertThat(decryptedEmail("events", 777)).isEqualTo("e777@example.com");
  }

  @Test
  void aDuplicateWrittenDuringTheAdoptionIsListedAndTheAdoptionFinishesOnceItIsResolved() throws Exception {
    db.execute("CREATE TABLE people (id bigint PRIMARY KEY, email text UNIQUE)",
        "INSERT INTO people SELECT g, 'p' || g || '@example.com' FROM generate_series(1, 300) g");
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO)) {
      String encrypted = app.cipher.encryptToText(Mode.DETERMINISTIC, "people.email", ValueType.TEXT, "p5@example.com");
      db.execute("INSERT INTO people VALUES (1000, '" + encrypted + "')");
    }
    String[] encrypt = {"encrypt-existing", "--url", db.url(), "--user", db.user(), "--config", config("people").toString(), "--batch-size", "50"};

    AdminRun.Result first = AdminRun.run(ENV, encrypt);

    assertThat(first.code()).as(first.toString()).isEqualTo(ExitCode.FAILURES_FOUND.code());
    assertThat(first.err()).contains("people 5 email: not rewritten: unique constraint people_email_key (email) refuses the new value, which row 1000 already holds")
        .contains("1 values could not be processed");
    assertThat(first.out() + first.err()).doesNotContain("p5@example.com").doesNotContain("bv1:");
    assertThat(count("SELECT count(*) FROM people WHERE email LIKE 'bv1:%'")).as("every row but row 5").isEqualTo(300);
    assertThat(count("SELECT count(*) FROM people WHERE id = 5 AND email = 'p5@example.com'")).as("row 5 left as it was").isEqualTo(1);

    db.execute("DELETE FROM people WHERE id = 1000");
    AdminRun.Result resumed = AdminRun.run(ENV, encrypt);

    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(resumed.err()).contains("resuming the unfinished encrypt-existing");
    assertThat(decryptedEmail("people", 5)).isEqualTo("p5@example.com");
  }

  private static Path config(String table) {
    return AdminRun.config(dir, table + ".yaml", """
        plaintext-reads: allow
        tables:
          %s:
            primary-key: id
            columns:
              email: { mode: deterministic }
        """.formatted(table));
  }

  private static Object decryptedEmail(String table, long id) throws Exception {
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT email FROM " + table + " WHERE id = " + id)) {
      row.next();
      return app.decrypt(row.getString(1), Mode.DETERMINISTIC, table + ".email", ValueType.TEXT);
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
