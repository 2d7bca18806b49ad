package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TcpRelay;
import dev.banata.vault.testing.TestSchema;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network between the admin job and the database fails mid-batch — connections reset by a TCP
 * relay in the test, or bytes silently no longer carried — or the server cancels a statement of the
 * job ({@code statement_timeout}), while an application keeps writing and reading (on its own,
 * healthy connections). The job exits with the code the runbook names (4: database unreachable;
 * 8: incomplete), the same command run again continues the same job to the end, and no application
 * write is lost or overwritten. The figures are printed for docs/OPERATIONS.md.
 *
 * <p>Profile {@code reliability} ({@code .ci/run} runs it).
 */
@DatabaseTest
@Tag("reliability")
class NetworkCutAndStatementTimeoutDuringAdminJobsTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final int ROWS = 4000;
  private static final int WRITTEN_ROWS = 1000;
  private static final String SECRET = System.getenv("BETTER_AUTH_SECRET");

  @TempDir Path dir;

  @Test
  void connectionsResetMidBatchEndTheRotationWithCode4AndTheSameCommandFinishesIt() throws Exception {
    Path config = encryptedTable("cut");
    // The tests share the schema's vault tables: this rotation's target is one past the newest version.
    long target = db.queryLong("SELECT max(version) FROM vault_key") + 1;
    try (TcpRelay relay = relayToTheDatabase()) {
      String[] rotate = job(relay, "", config, "rotate", "--settle-seconds", "2");
      ApplicationTraffic traffic = new ApplicationTraffic(db.url(), db.user(), db.password(), config, "cut", ROWS, WRITTEN_ROWS, true);
      try (traffic) {
        traffic.start();
        // Twice: right after the first rows are rewritten (batches in flight on both writers), and
        // half-way through the resumed run.
        List<String> cuts = new ArrayList<>();
        for (long point : new long[] {1, (ROWS - WRITTEN_ROWS) / 2}) {
          ChildProcess child = ChildProcess.start(AdminRun.env(SECRET), List.of(), rotate);
          long doneAtCut = awaitDone(child, () -> rowsAtVersion("cut", target), point);
          Instant cut = Instant.now();
          int connections = relay.cut();
          int code = child.waitFor(120);
          long ended = Duration.between(cut, Instant.now()).toMillis();
          assertThat(code).as("exit code of rotate whose connections were reset:\n%s", child.output()).isEqualTo(ExitCode.DATABASE.code());
          if (point > 1) {
            assertThat(child.output()).contains("resuming the rotation to key version " + target);
          }
          cuts.add(doneAtCut + " of " + (ROWS - WRITTEN_ROWS) + " rows the application leaves alone done when the relay reset " + connections
              + " connections; the job exited " + code + " after " + ended + " ms (" + AdminRun.reasonLine(child.output()) + ")");
        }

        AdminRun.Result resumed = AdminRun.run(AdminRun.env(SECRET), rotate);
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        assertThat(resumed.err()).contains("resuming the rotation to key version " + target);
        traffic.close();
        System.out.printf("[network] rotate: %s; run again: exit 0; application: %s%n", String.join("; then ", cuts), traffic);
        traffic.assertNoError();
        traffic.assertEveryRowIsTheLastWrittenValueAtVersion(db.plainDataSource(), SECRET, (int) target);
      }
    }
  }

  @Test
  void aSilentDropIsNoticedThroughPgjdbcsSocketTimeoutAndTheSameCommandFinishesTheAdoption() throws Exception {
    db.execute("CREATE TABLE silent (id bigint PRIMARY KEY, email text, ssn text)",
        "INSERT INTO silent SELECT g, 'user' || g || '@example.com', 'ssn-' || g FROM generate_series(1, " + ROWS + ") g");
    Path config = config("silent", true);
    install(config);
    try (TcpRelay relay = relayToTheDatabase()) {
      // socketTimeout (seconds) bounds each wait for the server's answer: without it a read waits as
      // long as the operating system keeps the connection (hours), and so does the job.
      String[] encrypt = job(relay, "socketTimeout=10", config, "encrypt-existing");
      ApplicationTraffic traffic = new ApplicationTraffic(db.url(), db.user(), db.password(), config, "silent", ROWS, WRITTEN_ROWS, false);
      try (traffic) {
        traffic.start();
        ChildProcess child = ChildProcess.start(AdminRun.env(SECRET), List.of(), encrypt);
        long doneAtStall = awaitQuarter(child, () -> db.queryLong("SELECT count(*) FROM silent WHERE email LIKE 'bv1:%' AND id > " + WRITTEN_ROWS));
        Instant stall = Instant.now();
        relay.stall(true);
        int code = child.waitFor(120);
        long ended = Duration.between(stall, Instant.now()).toMillis();
        relay.cut();
        relay.stall(false);
        assertThat(code).as("exit code of encrypt-existing whose connections went silent:\n%s", child.output()).isEqualTo(ExitCode.DATABASE.code());
        assertThat(ended).as("the job noticed through socketTimeout=10").isGreaterThanOrEqualTo(9_000);

        AdminRun.Result resumed = AdminRun.run(AdminRun.env(SECRET), awaitUnlocked(encrypt));
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        assertThat(resumed.err()).contains("resuming the unfinished encrypt-existing");
        traffic.close();
        System.out.printf("[network] encrypt-existing: %d of %d rows the application leaves alone done when the relay went silent; with socketTimeout=10 the job exited %d after %d ms (%s);"
            + " run again: exit 0; application: %s%n", doneAtStall, ROWS - WRITTEN_ROWS, code, ended, AdminRun.reasonLine(child.output()), traffic);
        traffic.assertNoError();
        traffic.assertEveryRowIsTheLastWrittenValueAtVersion(db.plainDataSource(), SECRET, 1);
      }
    }
  }

  @Test
  void aStatementTimeoutMidJobEndsTheRotationWithCode8AndTheSameCommandFinishesIt() throws Exception {
    Path config = encryptedTable("timed");
    long target = db.queryLong("SELECT max(version) FROM vault_key") + 1;
    // The job's session gets statement_timeout = 3 s (as from ALTER ROLE vault_admin SET ...); an
    // application transaction holds a row lock in the middle of the table longer than that.
    String[] rotate = job(null, "options=-c%20statement_timeout%3D3000", config, "rotate", "--settle-seconds", "2");
    ApplicationTraffic traffic = new ApplicationTraffic(db.url(), db.user(), db.password(), config, "timed", ROWS, WRITTEN_ROWS, true);
    try (traffic; Connection blocker = db.plainConnection()) {
      traffic.start();
      blocker.setAutoCommit(false);
      try (PreparedStatement lock = blocker.prepareStatement("SELECT id FROM timed WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, ROWS / 2);
        lock.executeQuery().close();
      }
      ChildProcess child = ChildProcess.start(AdminRun.env(SECRET), List.of(), rotate);
      int code = child.waitFor(180);
      long doneAtTimeout = rowsAtVersion("timed", target);
      blocker.rollback();
      assertThat(code).as("exit code of rotate whose statement was cancelled:\n%s", child.output()).isEqualTo(ExitCode.INCOMPLETE.code());
      assertThat(child.output()).contains("57014");

      AdminRun.Result resumed = AdminRun.run(AdminRun.env(SECRET), rotate);
      assertThat(resumed.code()).as(resumed.toString()).isZero();
      assertThat(resumed.err()).contains("resuming the rotation to key version " + target);
      traffic.close();
      System.out.printf("[timeout] rotate with statement_timeout=3s behind a row lock: exit %d with %d of %d rows the application leaves alone done (%s); run again: exit 0; application: %s%n",
          code, doneAtTimeout, ROWS - WRITTEN_ROWS, AdminRun.reasonLine(child.output()), traffic);
      traffic.assertNoError();
      traffic.assertEveryRowIsTheLastWrittenValueAtVersion(db.plainDataSource(), SECRET, (int) target);
    }
  }

  /** A table of {@value #ROWS} rows encrypted at the primary key version, the vault tables installed. */
  private Path encryptedTable(String table) throws Exception {
    db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, email text, ssn text)");
    Path config = config(table, false);
    install(config);
    try (Application app = new Application(db.plainDataSource(), SECRET, Duration.ZERO);
        Connection connection = db.plainConnection()) {
      app.insertCustomers(connection, table, ROWS);
    }
    return config;
  }

  private void install(Path config) {
    AdminRun.Result install = AdminRun.run(AdminRun.env(SECRET), "install", "--url", db.url(), "--user", db.user(), "--config", config.toString());
    assertThat(install.code()).as(install.toString()).isZero();
  }

  private Path config(String table, boolean allowPlaintext) {
    return AdminRun.applicationTableConfig(dir, table, allowPlaintext);
  }

  private static TcpRelay relayToTheDatabase() throws Exception {
    URI server = URI.create(db.url().substring("jdbc:".length()));
    return TcpRelay.to(server.getHost(), server.getPort());
  }

  /** The job's command line: through {@code relay} (null: directly), with extra pgjdbc parameters. */
  private static String[] job(TcpRelay relay, String parameters, Path config, String... command) {
    String url = db.url();
    if (relay != null) {
      URI server = URI.create(url.substring("jdbc:".length()));
      url = url.replace(server.getHost() + ":" + server.getPort(), "127.0.0.1:" + relay.port());
    }
    if (!parameters.isEmpty()) {
      url += "&" + parameters;
    }
    return RotateTest.concat(command, new String[] {"--url", url, "--user", db.user(), "--config", config.toString(),
        "--batch-size", "25", "--parallel", "2", "--progress-interval", "1", "--verbose"});
  }

  /** Waits until {@code done} (rows the job did among those the application leaves alone) reaches a quarter of them. */
  private static long awaitQuarter(ChildProcess child, LongSupplier done) throws Exception {
    return awaitDone(child, done, (ROWS - WRITTEN_ROWS) / 4);
  }

  private static long awaitDone(ChildProcess child, LongSupplier done, long rows) throws Exception {
    Instant deadline = Instant.now().plusSeconds(240);
    while (done.getAsLong() < rows) {
      assertThat(child.isAlive()).as("the job ended before the fault:\n%s", child.output()).isTrue();
      assertThat(Instant.now()).as("waiting for a quarter of the rows").isBefore(deadline);
      Thread.sleep(100);
    }
    return done.getAsLong();
  }

  /**
   * The server ends a session whose client vanished without a word only when it next writes to it;
   * until then that session holds the job lock and a new run exits 7, changing nothing.
   */
  private static String[] awaitUnlocked(String[] command) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1650552417") > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    return command;
  }

  private static long rowsAtVersion(String table, long version) {
    try (Connection connection = db.plainConnection()) {
      return Application.emailsAtVersion(connection, table, version, WRITTEN_ROWS);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

}
