package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a wrong or missing secret, a wrong configuration or a second run already going, the writing
 * commands change nothing — no key version, no row, no journal — and say exactly why.
 */
@DatabaseTest
class RefusesToDoHarmTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @TempDir static Path dir;

  private static Path config;

  @BeforeAll
  static void customersEncryptedWithTheRealSecret() throws Exception {
    db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text, birth_date text, photo bytea)");
    config = AdminRun.config(dir, Application.CUSTOMERS_YAML);
    assertThat(AdminRun.run(AdminRun.env(AdminRun.SECRET), "install", "--url", db.url(), "--user", db.user()).code()).isZero();
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email, ssn) VALUES (?, ?, ?)")) {
      for (long id = 1; id <= 100; id++) {
        insert.setLong(1, id);
        insert.setString(2, app.email("user" + id + "@example.com"));
        insert.setString(3, id == 50 ? "plain-ssn-50" : app.ssn("ssn-" + id));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private List<String> before;

  @BeforeEach
  void rememberTheDatabase() throws Exception {
    before = snapshot();
  }

  @Test
  void aWrongSecretChangesNothing() throws Exception {
    for (String command : List.of("rotate", "encrypt-existing")) {
      AdminRun.Result result = run(AdminRun.env(AdminRun.OTHER_SECRET), command);

      assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.SECRET.code());
      assertThat(result.err()).contains("key version 1 needs the master secret with fingerprint")
          .contains("neither BETTER_AUTH_SECRET nor listed in BETTER_AUTH_SECRET_PREVIOUS").contains("nothing was changed").hasLineCount(1);
      assertThat(snapshot()).isEqualTo(before);
    }
  }

  @Test
  void aMissingSecretChangesNothing() throws Exception {
    AdminRun.Result result = run(AdminRun.env(null), "rotate");

    assertThat(result.code()).isEqualTo(ExitCode.SECRET.code());
    assertThat(result.err()).contains("BETTER_AUTH_SECRET is required");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aTooShortSecretChangesNothing() throws Exception {
    AdminRun.Result result = run(AdminRun.env("short"), "rotate");

    assertThat(result.code()).isEqualTo(ExitCode.SECRET.code());
    assertThat(result.err()).contains("BETTER_AUTH_SECRET must be at least 32 characters").doesNotContain("short\n");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aWrongContextInTheConfigurationIsCaughtByTheSampleBeforeWriting() throws Exception {
    Path wrong = AdminRun.config(dir, "wrong-context.yaml", Application.CUSTOMERS_YAML.replace("context: pii", "context: pii-typo"));
    AdminRun.Result result = AdminRun.run(AdminRun.env(AdminRun.SECRET), "rotate", "--url", db.url(), "--user", db.user(), "--config", wrong.toString());

    assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.SECRET.code());
    assertThat(result.err()).contains("existing ciphertext in customers.ssn does not decrypt").contains("context");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aColumnThatDoesNotExistIsAConfigurationError() throws Exception {
    Path wrong = AdminRun.config(dir, "wrong-column.yaml", Application.CUSTOMERS_YAML.replace("ssn:", "social:"));
    AdminRun.Result result = AdminRun.run(AdminRun.env(AdminRun.SECRET), "encrypt-existing", "--url", db.url(), "--user", db.user(), "--config", wrong.toString());

    assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.CONFIG.code());
    assertThat(result.err()).contains("encrypted column customers.social").contains("does not exist");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aViewIsRefusedBecauseItHasNoRowVersionToCompare() throws Exception {
    db.execute("CREATE VIEW customer_view AS SELECT * FROM customers");
    try {
      Path view = AdminRun.config(dir, "view.yaml", Application.CUSTOMERS_YAML.replace("customers:", "customer_view:"));
      for (String command : List.of("encrypt-existing", "rotate")) {
        AdminRun.Result result = AdminRun.run(AdminRun.env(AdminRun.SECRET), command, "--url", db.url(), "--user", db.user(), "--config", view.toString());

        assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.CONFIG.code());
        assertThat(result.err()).contains("table customer_view").contains("is a view").contains("xmin")
            .contains("configure the table that holds the rows").hasLineCount(1);
        assertThat(snapshot()).isEqualTo(before);
      }
    } finally {
      db.execute("DROP VIEW customer_view");
    }
  }

  @Test
  void anUnreachableDatabaseIsSaidSo() {
    AdminRun.Result result = AdminRun.run(AdminRun.env(AdminRun.SECRET), "rotate", "--url", "jdbc:postgresql://127.0.0.1:1/app", "--config", config.toString());

    assertThat(result.code()).isEqualTo(ExitCode.DATABASE.code());
    assertThat(result.err()).contains("cannot connect to jdbc:postgresql://127.0.0.1:1/app");
  }

  @Test
  void aSecondRunWhileOneHoldsTheLockChangesNothing() throws Exception {
    try (Connection running = db.plainConnection(); Statement statement = running.createStatement()) {
      // What a running job holds for its whole duration.
      statement.execute("SELECT pg_advisory_lock(1650552417, hashtext(current_schema()))");

      AdminRun.Result result = run(AdminRun.env(AdminRun.SECRET), "rotate");

      assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.LOCKED.code());
      assertThat(result.err()).contains("another admin job is running");
      assertThat(snapshot()).isEqualTo(before);
    }
  }

  @Test
  void retireRefusesAVersionThatValuesStillUse() throws Exception {
    db.execute("INSERT INTO vault_key (version, fingerprint, created_at) SELECT 2, fingerprint, now() - interval '1 hour' FROM vault_key WHERE version = 1");
    try {
      AdminRun.Result result = run(AdminRun.env(AdminRun.SECRET), "retire", "1", "--settle-seconds", "0");

      assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.REFUSED.code());
      assertThat(result.err()).contains("key version 1 is still used by 199 values (customers.email: 100, customers.ssn: 99)");
    } finally {
      db.execute("DELETE FROM vault_key WHERE version = 2");
    }
  }

  private static AdminRun.Result run(Map<String, String> env, String... command) {
    return AdminRun.run(env, RotateTest.concat(command, new String[] {"--url", db.url(), "--user", db.user(), "--config", config.toString()}));
  }

  /** Everything a job could change: key versions, the rows, and whether a journal exists. */
  private static List<String> snapshot() throws Exception {
    List<String> state = new ArrayList<>();
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT version, fingerprint, retired_at FROM vault_key ORDER BY version")) {
        while (rows.next()) {
          state.add("key " + rows.getInt(1) + " " + rows.getString(2) + " " + rows.getString(3));
        }
      }
      try (ResultSet rows = statement.executeQuery("SELECT id, email, ssn FROM customers ORDER BY id")) {
        while (rows.next()) {
          state.add(rows.getLong(1) + " " + rows.getString(2) + " " + rows.getString(3));
        }
      }
      try (ResultSet rows = statement.executeQuery("SELECT to_regclass('vault_admin_job') IS NULL")) {
        rows.next();
        state.add("no journal: " + rows.getBoolean(1));
      }
    }
    return state;
  }
}
