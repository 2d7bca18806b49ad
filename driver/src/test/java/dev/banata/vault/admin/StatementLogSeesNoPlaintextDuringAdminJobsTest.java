package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.PrivateServer;
import dev.banata.vault.testing.StatementLoggingPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A DBA who logs every statement and every bind value ({@code log_statement = all},
 * {@code log_min_duration_statement = 0}, {@code log_parameter_max_length = -1}) keeps no plaintext
 * of an encrypted column after {@code encrypt-existing} (killed half-way and resumed), {@code rotate},
 * {@code verify} and {@code status}. Every plaintext carries the marker {@value #MARKER}; the job
 * output is checked too, since an exception message is a log as well.
 */
// Needs a database: the tag that @DatabaseTest (branch tests) stands for, which TestSchema will require.
@Tag("db")
class StatementLogSeesNoPlaintextDuringAdminJobsTest {

  private static final String MARKER = "PLAINTEXT-MARKER";
  private static final int ROWS = 20_000;

  @RegisterExtension static final PrivateServer<StatementLoggingPostgres> server = PrivateServer.of(StatementLoggingPostgres::start);

  @TempDir Path dir;

  @Test
  void encryptExistingKilledAndResumedThenRotateAndVerifyLogOnlyCiphertext() throws Exception {
    try (Connection connection = server.get().unloggedConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text, born text, visible text)");
      statement.execute("INSERT INTO customers SELECT g, '" + MARKER + "-email-' || g || '@example.com', '" + MARKER + "-ssn-' || g,"
          + " '2020-01-02', 'visible' FROM generate_series(1, " + ROWS + ") g");
      // One value that is not a date: encrypt-existing must leave it, so rotate later meets a
      // plaintext next to the ciphertexts it rewrites, in the same row.
      statement.execute("UPDATE customers SET born = '" + MARKER + "-not-a-date' WHERE id = 7");
    }
    Path config = AdminRun.config(dir, """
        plaintext-reads: allow
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
              ssn:   { mode: randomized, context: pii }
              born:  { mode: randomized, type: date }
        """);
    Map<String, String> env = env();
    String[] target = {"--url", server.get().url(), "--user", server.get().user(), "--config", config.toString()};
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(server.get().url());
    dataSource.setUser(server.get().user());
    String secretId;
    try (Application app = new Application(dataSource, AdminRun.SECRET, Duration.ZERO)) {
      secretId = app.storeSecret("api-key", MARKER + "-vault-secret");
    }

    String[] encrypt = RotateTest.concat(new String[] {"encrypt-existing", "--batch-size", "10", "--parallel", "1", "--progress-interval", "1"}, target);
    ChildProcess killed = ChildProcess.start(env, List.of(), encrypt);
    Instant deadline = Instant.now().plusSeconds(120);
    while (encryptedEmails() < ROWS / 10) {
      assertThat(killed.isAlive()).as("encrypt-existing ended before it could be killed:\n%s", killed.output()).isTrue();
      assertThat(Instant.now()).as("waiting for the kill point").isBefore(deadline);
      Thread.sleep(100);
    }
    killed.killHard();
    assertThat(encryptedEmails()).as("killed half-way").isLessThan(ROWS);

    // The server ends the killed job's session (and its job lock) only once it notices the dead
    // connection; until then the resumed job refuses to start (exit 7) and changes nothing.
    String[] resume = RotateTest.concat(new String[] {"encrypt-existing", "--batch-size", "500"}, target);
    AdminRun.Result resumed = AdminRun.run(env, resume);
    Instant lockDeadline = Instant.now().plusSeconds(60);
    while (resumed.code() == ExitCode.LOCKED.code() && Instant.now().isBefore(lockDeadline)) {
      Thread.sleep(500);
      resumed = AdminRun.run(env, resume);
    }
    assertThat(resumed.err()).as(resumed.toString()).contains("resuming the unfinished encrypt-existing");
    assertThat(resumed.code()).as("the one value that is not a date is listed and left: %s", resumed).isEqualTo(1);
    assertThat(resumed.err()).contains("customers 7 born: plaintext cannot be read as date");
    assertThat(encryptedEmails()).isEqualTo(ROWS);

    AdminRun.Result rotate = AdminRun.run(env, RotateTest.concat(new String[] {"rotate", "--settle-seconds", "0", "--batch-size", "500"}, target));
    assertThat(rotate.code()).as(rotate.toString()).isZero();
    AdminRun.Result verify = AdminRun.run(env, RotateTest.concat(new String[] {"verify"}, target));
    assertThat(verify.code()).as(verify.toString()).isZero();
    AdminRun.Result status = AdminRun.run(env, RotateTest.concat(new String[] {"status"}, target));
    assertThat(status.code()).as(status.toString()).isZero();
    try (Application app = new Application(dataSource, AdminRun.SECRET, Duration.ZERO)) {
      assertThat(app.readSecret(secretId)).isEqualTo(MARKER + "-vault-secret");
    }

    // The log did capture the jobs' writes with their bind values, ciphertext among them — else
    // "no marker" would prove nothing.
    assertThat(server.get().linesContaining("UPDATE customers t SET", 1)).as("the jobs' UPDATEs are logged").hasSize(1);
    assertThat(server.get().linesContaining("parameters: $1 = ", 1)).as("bind values are logged").hasSize(1);
    // A batch's new values are one array parameter per column, {bv1:...,bv1:...,NULL,...}; no SQL
    // text of the jobs holds "bv1:", so a line with it is a logged bind value.
    assertThat(server.get().linesContaining("bv1:", 1)).as("ciphertext bind values are logged").hasSize(1);
    assertThat(server.get().linesContaining(MARKER, 5)).as("lines of the server's statement log holding a plaintext").isEmpty();
    for (AdminRun.Result run : List.of(resumed, rotate, verify, status)) {
      assertThat(run.out() + run.err()).doesNotContain(MARKER);
    }
    assertThat(killed.output()).doesNotContain(MARKER);
  }

  private static long encryptedEmails() throws Exception {
    try (Connection connection = server.get().unloggedConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM customers WHERE email LIKE 'bv1:%'")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("BETTER_AUTH_SECRET", AdminRun.SECRET);
    env.put("VAULT_DB_PASSWORD", "");
    return env;
  }
}
