package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight application instances, each a JVM of its own ({@link ApplicationInstance}) with its own key
 * refresh interval (1 to 8 s), update and look up rows through {@code jdbc:vault:} while
 * {@code rotate} runs. The instances learn of the new key version at different moments; rotate's
 * {@code --settle-seconds} (10) covers the slowest. Afterwards every row is at the new version, every
 * row holds the last write its instance was acknowledged, and no lookup by email failed or missed its
 * row during the run; the counts are printed on an {@code [instances]} line (docs/OPERATIONS.md).
 *
 * <p>About a minute on a loaded machine: profile {@code reliability} ({@code .ci/run} runs it).
 */
@DatabaseTest
@Tag("reliability")
class ManyApplicationInstancesDuringRotateTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final int INSTANCES = 8;
  private static final int WRITTEN_ROWS = 2000;
  private static final int LOOKED_UP_ROWS = 2000;
  private static final int SETTLE_SECONDS = 10;
  private static final String SECRET = System.getenv("BETTER_AUTH_SECRET");

  @TempDir Path dir;

  @Test
  void eightInstancesWithTheirOwnRefreshTimesLoseNoWriteAndMissNoLookupDuringRotate() throws Exception {
    Path config = AdminRun.config(dir, AdminRun.EMAIL_AND_SSN_YAML);
    Map<String, String> env = AdminRun.env(SECRET);
    String[] target = AdminRun.target(db, config);
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text)");
    try (Application app = new Application(db.plainDataSource(), SECRET, Duration.ZERO);
        Connection connection = db.plainConnection()) {
      app.insertCustomers(connection, "customers", WRITTEN_ROWS + LOOKED_UP_ROWS);
    }
    int before = (int) count("SELECT max(version) FROM vault_key");

    List<Instance> instances = new ArrayList<>();
    AdminRun.Result rotate;
    long[] writesBefore = new long[INSTANCES];
    long[] writesAfter = new long[INSTANCES];
    Duration rotateTook;
    try {
      for (int i = 0; i < INSTANCES; i++) {
        instances.add(Instance.start(i, 1 + i, config, dir));
      }
      Instant deadline = Instant.now().plusSeconds(240);
      for (Instance instance : instances) {
        while (!instance.output().contains("ready")) {
          assertThat(instance.process.isAlive()).as("instance %d started:\n%s", instance.number, instance.output()).isTrue();
          assertThat(Instant.now()).as("instances ready").isBefore(deadline);
          Thread.sleep(100);
        }
      }
      for (int i = 0; i < INSTANCES; i++) {
        writesBefore[i] = instances.get(i).writes();
      }
      Instant start = Instant.now();
      rotate = AdminRun.run(env, RotateTest.concat(new String[] {"rotate", "--settle-seconds", String.valueOf(SETTLE_SECONDS),
          "--batch-size", "100", "--parallel", "2", "--progress-interval", "1"}, target));
      rotateTook = Duration.between(start, Instant.now());
      for (int i = 0; i < INSTANCES; i++) {
        writesAfter[i] = instances.get(i).writes();
      }
      // Let every instance look rows up at the new version for a while before stopping.
      Thread.sleep(3000);
    } finally {
      for (Instance instance : instances) {
        instance.stop();
      }
    }
    assertThat(rotate.code()).as(rotate.toString()).isZero();
    int version = before + 1;
    assertThat(count("SELECT max(version) FROM vault_key")).isEqualTo(version);

    long writes = 0;
    long lookups = 0;
    long misses = 0;
    long errors = 0;
    Map<Long, String> lastWrite = new HashMap<>();
    StringBuilder perInstance = new StringBuilder();
    for (Instance instance : instances) {
      Instance.Report report = instance.report();
      writes += report.writes;
      lookups += report.lookups;
      misses += report.misses;
      errors += report.errors;
      lastWrite.putAll(report.lastWrite);
      perInstance.append(String.format(" #%d(refresh %d s): %d writes (%d during rotate), %d lookups, %d missed, %d errors;", instance.number,
          instance.refreshSeconds, report.writes, writesAfter[instance.number] - writesBefore[instance.number], report.lookups, report.misses, report.errors));
    }

    int rowsAtVersion = 0;
    int lastWritesKept = 0;
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet stored = statement.executeQuery("SELECT id, email, ssn FROM customers ORDER BY id")) {
      while (stored.next()) {
        long id = stored.getLong(1);
        assertThat(FieldCipher.isEnvelope(stored.getString(2))).as("email of row %d is encrypted", id).isTrue();
        assertThat(FieldCipher.keyVersionOf(stored.getString(2))).as("key version of the email of row %d", id).isEqualTo(version);
        assertThat(FieldCipher.keyVersionOf(stored.getString(3))).as("key version of the ssn of row %d", id).isEqualTo(version);
        rowsAtVersion++;
      }
    }
    try (Connection application = DriverManager.getConnection(applicationUrl(config, 1), db.user(), db.password());
        Statement statement = application.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, email, ssn FROM customers ORDER BY id")) {
      while (rows.next()) {
        long id = rows.getLong(1);
        String last = lastWrite.get(id);
        if (last != null) {
          assertThat(rows.getString(3)).as("ssn of row %d: its instance's last acknowledged write", id).isEqualTo(last);
          assertThat(rows.getString(2)).as("email of row %d: its instance's last acknowledged write", id).isEqualTo(last + "@example.com");
          lastWritesKept++;
        } else {
          assertThat(rows.getString(3)).as("ssn of row %d, never written", id).isEqualTo("ssn-" + id);
          assertThat(rows.getString(2)).as("email of row %d, never written", id).isEqualTo("user" + id + "@example.com");
        }
      }
    }
    System.out.printf("[instances] %d application JVMs (key refresh 1..%d s) during rotate --settle-seconds %d (exit %d in %d ms): %d writes, %d lookups by email,"
            + " %d failed lookups (%d missed, %d errors); afterwards %d of %d rows at key version %d, %d rows each holding its last acknowledged write;%s%n",
        INSTANCES, INSTANCES, SETTLE_SECONDS, rotate.code(), rotateTook.toMillis(), writes, lookups, misses + errors, misses, errors, rowsAtVersion,
        WRITTEN_ROWS + LOOKED_UP_ROWS, version, lastWritesKept, perInstance);

    assertThat(rowsAtVersion).isEqualTo(WRITTEN_ROWS + LOOKED_UP_ROWS);
    assertThat(misses).as("lookups by email that got an answer but not their row").isZero();
    assertThat(errors).as("application errors (first of each SQLState in the instances' reports)").isZero();
    for (int i = 0; i < INSTANCES; i++) {
      assertThat(writesAfter[i] - writesBefore[i]).as("instance %d wrote while rotate ran", i).isPositive();
    }
    assertThat(lookups).as("lookups by email").isGreaterThan(1000);
  }

  private String applicationUrl(Path config, int refreshSeconds) {
    return db.vaultUrl() + "&vault.key-refresh-seconds=" + refreshSeconds + "&vault.config=" + URLEncoder.encode(config.toString(), StandardCharsets.UTF_8);
  }

  private static long count(String sql) throws Exception {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  /** One {@link ApplicationInstance} child process. */
  private static final class Instance {

    final int number;
    final int refreshSeconds;
    final Process process;
    final Path log;
    final Path reportFile;

    private Instance(int number, int refreshSeconds, Process process, Path log, Path reportFile) {
      this.number = number;
      this.refreshSeconds = refreshSeconds;
      this.process = process;
      this.log = log;
      this.reportFile = reportFile;
    }

    static Instance start(int number, int refreshSeconds, Path config, Path dir) throws Exception {
      String url = db.vaultUrl() + "&vault.key-refresh-seconds=" + refreshSeconds + "&vault.config="
          + URLEncoder.encode(config.toString(), StandardCharsets.UTF_8);
      Path log = dir.resolve("instance-" + number + ".log");
      Path report = dir.resolve("instance-" + number + ".report");
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
          ApplicationInstance.class.getName(), url, db.user(), db.password(), String.valueOf(number), String.valueOf(INSTANCES),
          String.valueOf(WRITTEN_ROWS), String.valueOf(LOOKED_UP_ROWS), report.toString());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("BETTER_AUTH_SECRET", SECRET);
      builder.directory(new File(System.getProperty("user.dir")));
      return new Instance(number, refreshSeconds, builder.start(), log, report);
    }

    String output() {
      try {
        return Files.readString(log);
      } catch (Exception e) {
        return "(no output: " + e + ")";
      }
    }

    /** The writes of its last progress line. */
    long writes() {
      List<String> progress = output().lines().filter(line -> line.startsWith("progress ")).toList();
      return progress.isEmpty() ? 0 : Long.parseLong(progress.get(progress.size() - 1).replaceAll(".*writes=(\\d+).*", "$1"));
    }

    /** Ends its input (it stops, and writes its report); kills it only if it does not end in time. */
    void stop() throws Exception {
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }

    record Report(long writes, long lookups, long misses, long errors, Map<Long, String> lastWrite) {}

    Report report() throws Exception {
      assertThat(process.exitValue()).as("instance %d ended cleanly:\n%s", number, output()).isZero();
      List<String> lines = Files.readAllLines(reportFile, StandardCharsets.UTF_8);
      Map<String, Long> counts = new HashMap<>();
      for (String pair : lines.get(0).substring("counts ".length()).split(" ")) {
        counts.put(pair.substring(0, pair.indexOf('=')), Long.parseLong(pair.substring(pair.indexOf('=') + 1)));
      }
      Map<Long, String> lastWrite = new HashMap<>();
      for (String line : lines) {
        if (line.startsWith("error ")) {
          System.out.println("[instances] instance " + number + ": " + line);
        } else if (line.startsWith("row ")) {
          String[] parts = line.split(" ");
          lastWrite.put(Long.parseLong(parts[1]), parts[3]);
        }
      }
      return new Report(counts.get("writes"), counts.get("lookups"), counts.get("misses"), counts.get("errors"), lastWrite);
    }
  }
}
