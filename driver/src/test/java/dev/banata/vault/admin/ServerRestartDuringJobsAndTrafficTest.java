package dev.banata.vault.admin;

import static dev.banata.vault.admin.PrivateServerJobs.env;
import static dev.banata.vault.admin.PrivateServerJobs.execute;
import static dev.banata.vault.admin.PrivateServerJobs.plainDataSource;
import static dev.banata.vault.admin.PrivateServerJobs.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.PrivateServer;
import dev.banata.vault.testing.RestartablePostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code pg_ctl restart -m immediate} of the database (a server of the test's own) in the middle of
 * {@code rotate} and of {@code encrypt-existing}, while an application writes and reads through a
 * HikariCP pool over {@code jdbc:vault:}. The job exits with code 4 (database unreachable) and the
 * same command, run again, continues the same job and finishes; the application's pool recovers by
 * itself; afterwards every row holds the last value the application was told it wrote (or, for a
 * write whose outcome the crash hid, that value), every row is at the job's target, and no lookup
 * that got an answer missed its row. The figures are printed for docs/OPERATIONS.md.
 *
 * <p>Minutes on a loaded machine: profile {@code reliability} ({@code .ci/run} runs it).
 */
@DatabaseTest
@Tag("reliability")
class ServerRestartDuringJobsAndTrafficTest {

  private static final int ROWS = 6000;
  private static final int WRITTEN_ROWS = 2000;
  private static final String SECRET = System.getenv("BETTER_AUTH_SECRET");

  @RegisterExtension static final PrivateServer<RestartablePostgres> server = PrivateServer.of(RestartablePostgres::start);

  @TempDir Path dir;

  @Test
  void aRestartDuringRotateEndsTheJobWithCode4AndTheSameCommandFinishesIt() throws Exception {
    String table = "rotated";
    Path config = config(table, false);
    String[] target = target(server.get(), config);
    execute(server.get(), "CREATE TABLE " + table + " (id bigint PRIMARY KEY, email text, ssn text)");
    assertThat(AdminRun.run(env(SECRET), RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    try (Application app = new Application(plainDataSource(server.get()), SECRET, Duration.ZERO);
        Connection connection = server.get().connect()) {
      app.insertCustomers(connection, table, ROWS);
    }
    String[] rotate = RotateTest.concat(new String[] {"rotate", "--settle-seconds", "2", "--batch-size", "10", "--parallel", "1", "--progress-interval", "1", "--verbose"}, target);

    // Both tests use the server's vault tables: the rotation goes to one past the newest version.
    int version = (int) query("SELECT max(version) FROM vault_key") + 1;

    Outcome outcome = restartDuringTheJob(table, config, true, rotate, () -> rowsAtVersion(table, version));

    assertThat(outcome.resumed.toString()).contains("resuming the rotation to key version " + version);
    assertThat(query("SELECT max(version) FROM vault_key")).as("no extra key version was registered").isEqualTo(version);
    assertEveryRowIsTheLastWrittenValueAtVersion(table, outcome.traffic, version);
  }

  @Test
  void aRestartDuringEncryptExistingEndsTheJobWithCode4AndTheSameCommandFinishesIt() throws Exception {
    String table = "adopted";
    Path config = config(table, true);
    String[] target = target(server.get(), config);
    execute(server.get(), "CREATE TABLE " + table + " (id bigint PRIMARY KEY, email text, ssn text)",
        "INSERT INTO " + table + " SELECT g, 'user' || g || '@example.com', 'ssn-' || g FROM generate_series(1, " + ROWS + ") g");
    assertThat(AdminRun.run(env(SECRET), RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    String[] encrypt = RotateTest.concat(new String[] {"encrypt-existing", "--batch-size", "10", "--parallel", "1", "--progress-interval", "1", "--verbose"}, target);

    Outcome outcome = restartDuringTheJob(table, config, false, encrypt, () -> encryptedEmails(table));

    assertThat(outcome.resumed.toString()).contains("resuming the unfinished encrypt-existing");
    assertEveryRowIsTheLastWrittenValueAtVersion(table, outcome.traffic, (int) query("SELECT max(version) FROM vault_key"));
  }

  private record Outcome(ApplicationTraffic traffic, AdminRun.Result resumed) {}

  /**
   * Runs {@code job} in a child JVM while the application works, restarts the server once a quarter
   * of the rows are done, expects exit code 4, then runs the job again (in this JVM) to the end.
   */
  private Outcome restartDuringTheJob(String table, Path config, boolean byEmail, String[] job, LongSupplier done) throws Exception {
    ApplicationTraffic traffic = new ApplicationTraffic(server.get().url(), server.get().user(), "", config, table, ROWS, WRITTEN_ROWS, byEmail);
    try (traffic) {
      traffic.start();
      ChildProcess child = ChildProcess.start(env(SECRET), List.of(), job);
      Instant deadline = Instant.now().plusSeconds(240);
      // Counted among the rows the application leaves alone: its own writes are at the new state too.
      while (done.getAsLong() < (ROWS - WRITTEN_ROWS) / 4) {
        assertThat(child.isAlive()).as("%s ended before the restart:\n%s", job[0], child.output()).isTrue();
        assertThat(Instant.now()).as("waiting for a quarter of the rows").isBefore(deadline);
        Thread.sleep(100);
      }
      long doneAtRestart = done.getAsLong();
      Instant restart = Instant.now();
      Duration restartTook = server.get().restartImmediately();
      Instant back = Instant.now();
      int code = child.waitFor(120);
      Duration jobEndedAfter = Duration.between(restart, Instant.now());
      assertThat(code).as("exit code of %s cut by the restart:\n%s", job[0], child.output()).isEqualTo(ExitCode.DATABASE.code());
      ApplicationTraffic.Outage outage = traffic.awaitRecovery(restart, back);

      AdminRun.Result resumed = AdminRun.run(env(SECRET), job);
      assertThat(resumed.code()).as(resumed.toString()).isZero();
      traffic.close();
      System.out.printf("[restart] %s: %d of %d rows the application leaves alone done at the restart; pg_ctl restart -m immediate took %d ms; the job exited %d within %d ms"
          + " (%s); application: %s; run again: exit %d; application overall: %s%n",
          job[0], doneAtRestart, ROWS - WRITTEN_ROWS, restartTook.toMillis(), code, jobEndedAfter.toMillis(), AdminRun.reasonLine(child.output()),
          outage, resumed.code(), traffic);
      traffic.assertNoMissAndOnlyOutageErrors();
      return new Outcome(traffic, resumed);
    }
  }

  private void assertEveryRowIsTheLastWrittenValueAtVersion(String table, ApplicationTraffic traffic, int version) throws Exception {
    int inDoubt = traffic.assertEveryRowIsTheLastWrittenValueAtVersion(plainDataSource(server.get()), SECRET, version);
    System.out.printf("[restart] %s: %d rows at version %d, each the last acknowledged write (%d hold a write whose acknowledgement the crash lost)%n",
        table, ROWS, version, inDoubt);
  }

  private Path config(String table, boolean allowPlaintext) {
    return AdminRun.applicationTableConfig(dir, table, allowPlaintext);
  }

  private static long query(String sql) {
    try (Connection connection = server.get().connect(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      return -1; // the server is restarting: the caller polls again
    }
  }

  private static long rowsAtVersion(String table, int version) {
    try (Connection connection = server.get().connect()) {
      return Application.emailsAtVersion(connection, table, version, WRITTEN_ROWS);
    } catch (SQLException e) {
      return -1; // the server is restarting: the caller polls again
    }
  }

  private static long encryptedEmails(String table) {
    return query("SELECT count(*) FROM " + table + " WHERE email LIKE 'bv1:%' AND id > " + WRITTEN_ROWS);
  }

}
