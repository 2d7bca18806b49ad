package dev.banata.vault.admin;

import static dev.banata.vault.admin.PrivateServerJobs.env;
import static dev.banata.vault.admin.PrivateServerJobs.execute;
import static dev.banata.vault.admin.PrivateServerJobs.plainDataSource;
import static dev.banata.vault.admin.PrivateServerJobs.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.PrivateServer;
import dev.banata.vault.testing.RestartablePostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server of the test's own that stops taking writes in the middle of a job: it turns read-only
 * ({@code ALTER SYSTEM SET default_transaction_read_only = on} and a reload) during {@code rotate},
 * or the table's tablespace — a small tmpfs mounted by the test — fills up during
 * {@code encrypt-existing}. The job ends with exit code 9 and a reason that names the condition and
 * the way out; no row is half-written (each row's two columns are both in the old form or both in
 * the new, and every value decrypts to what it held); once the condition is cleared the same command
 * continues the same job and finishes. The disk test needs root (mount); without it, it is skipped
 * and says why.
 *
 * <p>Profile {@code reliability} ({@code .ci/run} runs it).
 */
@DatabaseTest
@Tag("reliability")
class ReadOnlyOrFullServerDuringJobsTest {

  private static final int ROWS = 6000;
  private static final String SECRET = System.getenv("BETTER_AUTH_SECRET");

  @RegisterExtension static final PrivateServer<RestartablePostgres> server = PrivateServer.of(RestartablePostgres::start);

  @TempDir Path dir;

  @Test
  void aServerTurnedReadOnlyDuringRotateEndsItWithCode9AndTheSameCommandFinishesItOnceWritable() throws Exception {
    String table = "rotated";
    String[] target = target(server.get(), config(table, false));
    execute(server.get(), "CREATE TABLE " + table + " (id bigint PRIMARY KEY, email text, ssn text)");
    assertThat(AdminRun.run(env(SECRET), RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    try (Application app = new Application(plainDataSource(server.get()), SECRET, Duration.ZERO);
        Connection connection = server.get().connect()) {
      app.insertCustomers(connection, table, ROWS);
    }
    int version = (int) query("SELECT max(version) FROM vault_key") + 1;
    String[] rotate = RotateTest.concat(new String[] {"rotate", "--settle-seconds", "1", "--batch-size", "10", "--parallel", "1", "--progress-interval", "1"}, target);

    ChildProcess child = ChildProcess.start(env(SECRET), List.of("-Xmx128m"), rotate);
    int code;
    long doneWhenReadOnly;
    try {
      Instant deadline = Instant.now().plusSeconds(240);
      while (rowsAtVersion(table, version) < ROWS / 4) {
        assertThat(child.isAlive()).as("rotate ended before the server turned read-only:\n%s", child.output()).isTrue();
        assertThat(Instant.now()).as("waiting for a quarter of the rows").isBefore(deadline);
        Thread.sleep(100);
      }
      execute(server.get(), "ALTER SYSTEM SET default_transaction_read_only = on", "SELECT pg_reload_conf()");
      doneWhenReadOnly = rowsAtVersion(table, version);
      code = child.waitFor(120);
    } finally {
      // SET first: with the server read-only, this session's own transactions are read-only too.
      execute(server.get(), "SET default_transaction_read_only = off", "ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()");
    }
    String reason = AdminRun.reasonLine(child.output());
    long doneAtExit = rowsAtVersion(table, version);
    assertThat(code).as("exit code of rotate on a read-only server:\n%s", child.output()).isEqualTo(ExitCode.UNWRITABLE.code());
    assertThat(reason).as(child.output()).startsWith("vault-admin rotate: the database is read-only (SQLState 25006: cannot execute ")
        .contains(" in a read-only transaction)")
        .contains("default_transaction_read_only").contains("run the same command to continue");
    assertThat(doneAtExit).as("the rotation stopped part-way").isLessThan(ROWS);
    assertNoRowHalfWritten(table, version - 1, version);

    AdminRun.Result resumed = AdminRun.run(env(SECRET), rotate);
    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(resumed.err()).contains("resuming the rotation to key version " + version);
    assertThat(rowsAtVersion(table, version)).isEqualTo(ROWS);
    assertNoRowHalfWritten(table, version, version);
    System.out.printf("[read-only] rotate: %d of %d rows at version %d when the server turned read-only, %d when the job exited %d (%s);"
        + " writable again, run again: exit %d, %d of %d rows at version %d, none half-written%n",
        doneWhenReadOnly, ROWS, version, doneAtExit, code, reason, resumed.code(), ROWS, ROWS, version);
  }

  @Test
  void aFullDiskDuringEncryptExistingEndsItWithCode9AndTheSameCommandFinishesItWithSpace() throws Exception {
    SmallDisk disk = SmallDisk.mount(dir.resolve("small-disk"));
    String table = "adopted";
    String[] target = target(server.get(), config(table, true));
    try {
      execute(server.get(), "CREATE TABLESPACE small_disk LOCATION '" + disk.path + "'",
          "CREATE TABLE " + table + " (id bigint PRIMARY KEY USING INDEX TABLESPACE pg_default, email text, ssn text) TABLESPACE small_disk",
          "INSERT INTO " + table + " SELECT g, 'user' || g || '@example.com', 'ssn-' || g FROM generate_series(1, " + ROWS + ") g",
          "CHECKPOINT");
      assertThat(AdminRun.run(env(SECRET), RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
      // The tests share the server's vault tables: encryption is to its newest version.
      int version = (int) query("SELECT max(version) FROM vault_key");
      // Room for the table as it is and a fifth of its encrypted rows: encryption makes each row
      // version several times larger, and the old versions stay until vacuum.
      long tableBytes = query("SELECT pg_relation_size('" + table + "')");
      disk.resize(disk.used() + tableBytes);
      long smallDiskBytes = disk.sizeBytes;
      String[] encrypt = RotateTest.concat(new String[] {"encrypt-existing", "--batch-size", "10", "--parallel", "1", "--progress-interval", "1"}, target);

      AdminRun.Result full = AdminRun.run(env(SECRET), encrypt);
      long encryptedAtExit = query("SELECT count(*) FROM " + table + " WHERE email LIKE 'bv1:%'");
      String reason = AdminRun.reasonLine(full.err());
      assertThat(full.code()).as(full.toString()).isEqualTo(ExitCode.UNWRITABLE.code());
      assertThat(reason).as(full.err()).startsWith("vault-admin encrypt-existing: the database is out of disk space (SQLState 53100: could not extend file")
          .contains("No space left on device").contains("run the same command to continue");
      assertThat(encryptedAtExit).as("encrypt-existing stopped part-way").isPositive().isLessThan(ROWS);
      assertNoRowHalfWritten(table, 0, version);

      disk.resize(64L << 20);
      AdminRun.Result resumed = AdminRun.run(env(SECRET), encrypt);
      assertThat(resumed.code()).as(resumed.toString()).isZero();
      assertThat(resumed.err()).contains("resuming the unfinished encrypt-existing");
      assertNoRowHalfWritten(table, version, version);
      System.out.printf("[disk-full] encrypt-existing into a tablespace on a %d KiB tmpfs: exit %d with %d of %d rows encrypted (%s);"
          + " tmpfs grown to 64 MiB, run again: exit %d, %d of %d rows encrypted, none half-written%n",
          smallDiskBytes / 1024, full.code(), encryptedAtExit, ROWS, reason, resumed.code(), ROWS, ROWS);
    } finally {
      execute(server.get(), "DROP TABLE IF EXISTS " + table, "DROP TABLESPACE IF EXISTS small_disk");
      disk.unmount();
    }
  }

  /**
   * Every row's email and ssn are both in one form — both at {@code oldVersion} (0: plaintext) or both at
   * {@code newVersion} — and hold the row's value.
   */
  private static void assertNoRowHalfWritten(String table, int oldVersion, int newVersion) throws Exception {
    try (Application app = new Application(plainDataSource(server.get()), SECRET, Duration.ZERO);
        Connection connection = server.get().connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, email, ssn FROM " + table + " ORDER BY id")) {
      int count = 0;
      while (rows.next()) {
        long id = rows.getLong(1);
        int emailVersion = versionOf(rows.getString(2));
        int ssnVersion = versionOf(rows.getString(3));
        assertThat(emailVersion).as("row %d: email and ssn in one form", id).isEqualTo(ssnVersion);
        assertThat(emailVersion).as("row %d's form", id).isIn(oldVersion, newVersion);
        String email = emailVersion == 0 ? rows.getString(2) : (String) app.decrypt(rows.getString(2), Mode.DETERMINISTIC, "customers.email", ValueType.TEXT);
        String ssn = ssnVersion == 0 ? rows.getString(3) : (String) app.decrypt(rows.getString(3), Mode.RANDOMIZED, "pii", ValueType.TEXT);
        assertThat(email).as("email of row %d", id).isEqualTo("user" + id + "@example.com");
        assertThat(ssn).as("ssn of row %d", id).isEqualTo("ssn-" + id);
        count++;
      }
      assertThat(count).isEqualTo(ROWS);
    }
  }

  private static int versionOf(String stored) {
    return FieldCipher.isEnvelope(stored) ? FieldCipher.keyVersionOf(stored) : 0;
  }

  /** A tmpfs of a given size owned by the server's user, for a tablespace; needs root. */
  private static final class SmallDisk {

    final Path path;
    long sizeBytes;

    private SmallDisk(Path path, long sizeBytes) {
      this.path = path;
      this.sizeBytes = sizeBytes;
    }

    static SmallDisk mount(Path path) throws Exception {
      String why = null;
      if (!"root".equals(System.getProperty("user.name"))) {
        why = "mounting a small tmpfs needs root (the test runs as " + System.getProperty("user.name") + ")";
      } else {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        String postgres = run("id", "-u", "postgres").trim();
        String failed = runStatus("mount", "-t", "tmpfs", "-o", "size=64m,mode=0700,uid=" + postgres + ",gid=" + postgres, "tmpfs", path.toString());
        if (failed != null) {
          why = "cannot mount a tmpfs here: " + failed;
        }
      }
      if (why != null) {
        System.out.println("[disk-full] skipped: " + why);
        Assumptions.abort(why);
      }
      return new SmallDisk(path, 64L << 20);
    }

    long used() throws IOException {
      return Files.getFileStore(path).getTotalSpace() - Files.getFileStore(path).getUnallocatedSpace();
    }

    void resize(long bytes) throws Exception {
      long rounded = (bytes + 4095) / 4096 * 4096;
      run("mount", "-o", "remount,size=" + rounded, path.toString());
      sizeBytes = rounded;
    }

    void unmount() throws Exception {
      run("umount", "-l", path.toString());
    }

    private static String run(String... command) throws Exception {
      String failed = runStatus(command);
      if (failed != null) {
        throw new IllegalStateException(String.join(" ", command) + ": " + failed);
      }
      return last;
    }

    private static String last;

    /** Null when the command succeeded (its output then in {@link #last}), else what it printed. */
    private static String runStatus(String... command) throws Exception {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      last = output;
      return process.waitFor() == 0 ? null : "exit " + process.exitValue() + ": " + output.trim();
    }
  }

  private Path config(String table, boolean allowPlaintext) {
    return AdminRun.applicationTableConfig(dir, table, allowPlaintext);
  }

  private static long query(String sql) throws SQLException {
    try (Connection connection = server.get().connect(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static long rowsAtVersion(String table, int version) throws SQLException {
    try (Connection connection = server.get().connect()) {
      return Application.emailsAtVersion(connection, table, version, 0);
    }
  }
}
