package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TcpRelay;
import dev.banata.vault.testing.TestSchema;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-job-per-schema lock is held by a session that stays idle for the whole job. When that
 * session alone ends ({@code pg_terminate_backend} here; {@code idle_session_timeout} or a firewall
 * dropping an idle connection in production), the job notices at its next write — every batch and
 * journal entry checks the lock in its own transaction ({@code JobLock} as a fence) — and stops with
 * exit code 7, whether or not a second run has come; a second run continues the job and finishes
 * it. When it was the network that cut the lock session's connection, the job says so, with the
 * code of every other network cut (4). Two runs never write at once (docs/OPERATIONS.md, "Server restarts, network cuts and statement
 * timeouts", point 5).
 */
@DatabaseTest
@Tag("reliability")
class JobLockSessionEndedMidJobTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final int ROWS = 20_000;

  @TempDir Path dir;

  @Test
  void aJobWhoseLockSessionEndedStopsAtItsNextBatchWithCode7AndTheSameCommandFinishesIt() throws Exception {
    String[] job = job("alone");
    ChildProcess first = startAndEndItsLockSession(job, "alone");
    int firstCode = first.waitFor(120);
    long encryptedAtExit = count("SELECT count(*) FROM alone WHERE email LIKE 'bv1:%'");
    Thread.sleep(1000);
    assertThat(count("SELECT count(*) FROM alone WHERE email LIKE 'bv1:%'")).as("nothing written after the job stopped").isEqualTo(encryptedAtExit);
    AdminRun.Result second = AdminRun.run(AdminRun.env(AdminRun.SECRET), job);

    System.out.printf("[lock] the job whose lock session ended, no other run: exit %d with %d of %d rows encrypted (%s); run again: exit %d%n",
        firstCode, encryptedAtExit, ROWS, AdminRun.reasonLine(first.output()), second.code());
    assertThat(firstCode).as("the first job stopped on its own:\n%s", first.output()).isEqualTo(ExitCode.LOCKED.code());
    assertThat(AdminRun.reasonLine(first.output())).startsWith("vault-admin encrypt-existing: encrypt-existing lost the admin job lock while it ran")
        .contains("run the same command again to continue");
    assertThat(encryptedAtExit).as("it stopped part-way").isLessThan(ROWS);
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.err()).contains("resuming the unfinished encrypt-existing");
    assertThat(count("SELECT count(*) FROM alone WHERE email NOT LIKE 'bv1:%'")).as("plaintext left").isZero();
  }

  @Test
  void aSecondRunLetInAfterTheLockSessionEndedTakesOverAndTheFirstStopsWithCode7() throws Exception {
    String[] job = job("taken");
    ChildProcess first = startAndEndItsLockSession(job, "taken");
    // At once: the first job may be in the middle of a batch; the second's taking of the lock waits for it.
    AdminRun.Result second = AdminRun.run(AdminRun.env(AdminRun.SECRET), job);
    int firstCode = first.waitFor(120);

    System.out.printf("[lock] the job whose lock session ended, a second run started at once: first exit %d (%s); second exit %d%n",
        firstCode, AdminRun.reasonLine(first.output()), second.code());
    assertThat(firstCode).as("the first job stopped:\n%s", first.output()).isEqualTo(ExitCode.LOCKED.code());
    assertThat(AdminRun.reasonLine(first.output())).contains("lost the admin job lock");
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.err()).contains("resuming the unfinished encrypt-existing");
    assertThat(count("SELECT count(*) FROM taken WHERE email NOT LIKE 'bv1:%'")).as("plaintext left").isZero();
  }

  @Test
  void aJobWhoseLockConnectionIsCutStopsWithCode4AsForAnyNetworkCutAndTheSameCommandFinishesIt() throws Exception {
    try (TcpRelay relay = TcpRelay.to(server().getHost(), server().getPort())) {
      String url = db.url().replace(server().getHost() + ":" + server().getPort(), "127.0.0.1:" + relay.port());
      String[] job = job("cut");
      for (int i = 0; i < job.length; i++) {
        job[i] = job[i].equals(db.url()) ? url : job[i];
      }
      ChildProcess first = ChildProcess.start(AdminRun.env(AdminRun.SECRET), List.of("-Xmx128m"), job);
      awaitEncrypted(first, "cut", 500);
      int lockClientPort = (int) count("SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory'"
          + " AND l.classid = 1650552417 AND l.objid = (hashtext('" + db.name() + "') & 4294967295)");
      assertThat(relay.cutTheConnectionFrom(lockClientPort)).as("the job's lock session goes through the relay").isTrue();
      int firstCode = first.waitFor(120);
      AdminRun.Result second = AdminRun.run(AdminRun.env(AdminRun.SECRET), job);

      System.out.printf("[lock] the job whose lock connection alone was cut: exit %d (%s); run again: exit %d%n",
          firstCode, AdminRun.reasonLine(first.output()), second.code());
      assertThat(firstCode).as("the job reports the network cut, not a lock taken away:\n%s", first.output()).isEqualTo(ExitCode.DATABASE.code());
      assertThat(AdminRun.reasonLine(first.output())).contains("lost the connection to the database").contains("run the same command again to continue");
      assertThat(second.code()).as(second.toString()).isZero();
      assertThat(second.err()).contains("resuming the unfinished encrypt-existing");
      assertThat(count("SELECT count(*) FROM cut WHERE email NOT LIKE 'bv1:%'")).as("plaintext left").isZero();
    }
  }

  private static URI server() {
    return URI.create(db.url().substring("jdbc:".length()));
  }

  private String[] job(String table) throws Exception {
    db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, email text)",
        "INSERT INTO " + table + " SELECT g, 'user' || g FROM generate_series(1, " + ROWS + ") g");
    Path config = AdminRun.config(dir, table + ".yaml", """
        plaintext-reads: allow
        tables:
          %s:
            primary-key: id
            columns:
              email: { mode: deterministic }
        """.formatted(table));
    String[] target = {"--url", db.url(), "--user", db.user(), "--config", config.toString()};
    assertThat(AdminRun.run(AdminRun.env(AdminRun.SECRET), RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    return RotateTest.concat(new String[] {"encrypt-existing", "--batch-size", "10", "--parallel", "1", "--progress-interval", "1"}, target);
  }

  /** Starts {@code job} in a JVM of its own and, once 500 rows are done, ends its lock session alone. */
  private static ChildProcess startAndEndItsLockSession(String[] job, String table) throws Exception {
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    ChildProcess first = ChildProcess.start(env, List.of("-Xmx128m"), job);
    awaitEncrypted(first, table, 500);
    assertThat(count("SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1650552417"
        + " AND objid = (hashtext('" + db.name() + "') & 4294967295)"))
        .as("the job's lock session, ended").isEqualTo(1);
    return first;
  }

  private static void awaitEncrypted(ChildProcess job, String table, long rows) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (count("SELECT count(*) FROM " + table + " WHERE email LIKE 'bv1:%'") < rows) {
      assertThat(job.isAlive()).as(job.output()).isTrue();
      assertThat(Instant.now()).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
