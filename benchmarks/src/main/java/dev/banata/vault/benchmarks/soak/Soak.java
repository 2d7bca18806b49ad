package dev.banata.vault.benchmarks.soak;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.admin.AdminCommand;
import dev.banata.vault.admin.ExitCode;
import dev.banata.vault.admin.Invocation;
import dev.banata.vault.benchmarks.soak.SoakStats.Kind;
import dev.banata.vault.jdbc.HikariRejectionOverride;
import dev.banata.vault.jdbc.VaultDriver;
import dev.banata.vault.testing.RestartablePostgres;
import dev.banata.vault.testing.StatementLoggingPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The soak: an application at a fixed rate of mixed reads and writes through a HikariCP pool over
 * {@code jdbc:vault:postgresql:} for a long time, with {@code rotate} (in this JVM, through
 * {@link AdminCommand#run}) in the middle and a {@code pg_ctl restart -m immediate} at a random
 * (seeded) moment, against a PostgreSQL of its own that logs every statement and bind value.
 * Prints per minute: operations, errors, p50/p99 latency, heap after GC; at the end: errors by class
 * (inside the restart window: expected; outside: a failure), every row against the workers' model
 * and at the new key version, and the number of plaintext values found in the server log.
 *
 * <p>Exit 0 when nothing was lost, every answer and every row was right, no error happened outside
 * the restart window and no plaintext is in the log; 1 otherwise.
 *
 * <pre>
 * mvn -q -B -Pbenchmarks -pl benchmarks -am package -DskipTests
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.soak.Soak \
 *     [--minutes 30] [--rate 50] [--threads 4] [--rows 20000] [--seed N]
 * </pre>
 *
 * The master secret is {@code BETTER_AUTH_SECRET} when set, else a fixed benchmark-only one.
 */
public final class Soak {

  private static final String FALLBACK_SECRET = "soak-benchmark-only-master-secret-0123456789abcdef";
  /** Errors this long after the server accepts connections again still belong to the restart. */
  private static final long RESTART_GRACE_NANOS = 15_000_000_000L;

  private final Options options;
  private final String secret;

  private Soak(Options options) {
    this.options = options;
    String fromEnvironment = System.getenv("BETTER_AUTH_SECRET");
    this.secret = fromEnvironment == null || fromEnvironment.isBlank() ? FALLBACK_SECRET : fromEnvironment;
  }

  record Options(double minutes, double rate, int threads, int rows, long seed) {
    static Options parse(String[] args) {
      Map<String, String> given = new HashMap<>();
      for (int i = 0; i < args.length; i += 2) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("usage: Soak [--minutes 30] [--rate 50] [--threads 4] [--rows 20000] [--seed N]");
        }
        given.put(args[i].substring(2), args[i + 1]);
      }
      Options options = new Options(Double.parseDouble(given.getOrDefault("minutes", "30")), Double.parseDouble(given.getOrDefault("rate", "50")),
          Integer.parseInt(given.getOrDefault("threads", "4")), Integer.parseInt(given.getOrDefault("rows", "20000")),
          given.containsKey("seed") ? Long.parseLong(given.get("seed")) : new SecureRandom().nextLong());
      given.keySet().removeAll(List.of("minutes", "rate", "threads", "rows", "seed"));
      if (!given.isEmpty() || options.minutes <= 0 || options.rate <= 0 || options.threads < 1 || options.rows < options.threads) {
        throw new IllegalArgumentException("unknown or invalid options: " + given + " " + options);
      }
      return options;
    }
  }

  public static void main(String[] args) throws Exception {
    System.exit(new Soak(Options.parse(args)).run() ? 0 : 1);
  }

  private boolean run() throws Exception {
    Random plan = new Random(options.seed);
    long durationNanos = (long) (options.minutes * 60e9);
    // Anywhere between 10% and 90% of the run, the rotation included.
    long restartAfterNanos = (long) (durationNanos * (0.1 + 0.8 * plan.nextDouble()));
    long rotateAfterNanos = durationNanos / 2;
    System.out.printf(Locale.ROOT, "soak: %.1f min, %.0f ops/s, %d threads, %,d initial rows, seed %d (--seed %d reproduces the plan)%n",
        options.minutes, options.rate, options.threads, options.rows, options.seed, options.seed);
    System.out.printf(Locale.ROOT, "soak: rotate at %.1f s, pg_ctl restart -m immediate at %.1f s; JDK %s, %d cores, max heap %d MB, started %s%n",
        rotateAfterNanos / 1e9, restartAfterNanos / 1e9, Runtime.version(), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, Instant.now());

    try (RestartablePostgres server = RestartablePostgres.start(StatementLoggingPostgres.EVERYTHING_LOGGED.toArray(String[]::new))) {
      Path dir = Files.createTempDirectory("vault-soak");
      Path config = dir.resolve("vault.yaml");
      Files.writeString(config, """
          tables:
            %s:
              primary-key: id
              columns:
                email: { mode: deterministic }
                ssn:   { mode: randomized }
          """.formatted(SoakWorker.TABLE));
      Path secretFile = dir.resolve("master-secret");
      Files.writeString(secretFile, secret);
      PGSimpleDataSource plain = new PGSimpleDataSource();
      plain.setUrl(server.url());
      plain.setUser(server.user());
      String control = "soak-control~" + Long.toHexString(options.seed);
      // An application looks rows up by a deterministic column through an index on it (not unique: see OPERATIONS.md for a unique one).
      execute(plain, "CREATE TABLE " + SoakWorker.TABLE + " (id bigint PRIMARY KEY, email text, ssn text)",
          "CREATE INDEX ON " + SoakWorker.TABLE + " (email)", "SELECT '" + control + "-before'");
      requireZero(admin(config, server, "install"), "install");
      int versionBefore = newestKeyVersion(plain);

      try (HikariDataSource pool = pool(server, config, secretFile)) {
        load(pool);
        execute(plain, "VACUUM ANALYZE " + SoakWorker.TABLE);
        System.out.printf(Locale.ROOT, "soak: %,d rows written through jdbc:vault: at key version %d; server log %s%n", options.rows, versionBefore, server.log());
        System.out.println();
        System.out.println("| minute | ops | target | errors | p50 ms | p99 ms | max ms | heap after GC MB | events |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|");

        long start = System.nanoTime();
        long end = start + durationNanos;
        int minuteCount = (int) Math.ceil(options.minutes);
        SoakStats stats = new SoakStats(start, minuteCount);
        AtomicLong highestId = new AtomicLong(options.rows);
        long intervalNanos = (long) (1e9 * options.threads / options.rate);
        List<SoakWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < options.threads; w++) {
          SoakWorker worker = new SoakWorker(w, options.threads, pool, stats, options.seed, intervalNanos, end, RESTART_GRACE_NANOS, options.rows, highestId);
          workers.add(worker);
          threads.add(new Thread(worker, "soak-worker-" + w));
        }
        Events events = new Events();
        threads.forEach(Thread::start);
        Thread rotation = new Thread(() -> rotate(config, server, start + rotateAfterNanos, events), "soak-rotate");
        Thread restart = new Thread(() -> restart(server, stats, start + restartAfterNanos, events), "soak-restart");
        rotation.start();
        restart.start();

        for (int m = 0; m < minuteCount; m++) {
          sleepUntil(Math.min(end, start + (m + 1) * 60_000_000_000L) + 500_000_000L);
          SoakStats.Latencies minute = stats.minute(m);
          double minuteSeconds = Math.min(60.0, (durationNanos - m * 60e9) / 1e9);
          System.out.printf(Locale.ROOT, "| %d | %,d | %,.0f | %,d | %.1f | %.1f | %.1f | %.1f | %s |%n", m + 1, minute.ops(), options.rate * minuteSeconds,
              minute.errors(), minute.quantileMillis(0.50), minute.quantileMillis(0.99), minute.quantileMillis(1.0), heapAfterGcMegabytes(),
              events.take());
        }
        for (Thread thread : threads) {
          thread.join();
        }
        rotation.join();
        restart.join();
        execute(plain, "SELECT '" + control + "-after'");
        return report(stats, workers, events, pool, plain, server, control, versionBefore);
      }
    }
  }

  private boolean report(SoakStats stats, List<SoakWorker> workers, Events events, HikariDataSource pool, PGSimpleDataSource plain,
      RestartablePostgres server, String control, int versionBefore) throws Exception {
    boolean ok = true;
    System.out.println();
    System.out.println("| operation | ops | errors | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    long total = 0;
    for (Kind kind : Kind.values()) {
      SoakStats.Latencies each = stats.kind(kind);
      total += each.ops();
      System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f | %.1f | %.1f |%n", kind.name().toLowerCase(Locale.ROOT), each.ops(), each.errors(),
          each.quantileMillis(0.5), each.quantileMillis(0.99), each.quantileMillis(1.0));
    }
    System.out.printf(Locale.ROOT, "%nsoak: %,d operations (%,d rows read by scans); %,d operations skipped because a worker was more than 1 s behind%n",
        total, stats.rowsScanned(), stats.lateOps());
    for (String event : events.all()) {
      System.out.println("soak: " + event);
    }
    System.out.println("soak: errors in the restart window (expected): " + describe(stats, stats.errorsInWindow()));
    System.out.println("soak: errors outside it (failures): " + describe(stats, stats.errorsOutsideWindow()));
    ok &= stats.errorsOutsideWindow().isEmpty();
    System.out.println("soak: wrong answers during the run: " + stats.wrongAnswers());
    stats.firstWrongAnswers().forEach(wrong -> System.out.println("  " + wrong));
    ok &= stats.wrongAnswers() == 0;
    for (SoakWorker worker : workers) {
      if (worker.crash() != null) {
        System.out.println("soak: a worker crashed: " + worker.crash());
        ok = false;
      }
    }
    ok &= events.rotated && events.restarted;

    int version = newestKeyVersion(plain);
    Map<Long, SoakWorker.Row> model = new HashMap<>();
    workers.forEach(worker -> model.putAll(worker.rows()));
    SoakVerification.Rows rows = SoakVerification.rows(pool, plain, model, version);
    System.out.printf(Locale.ROOT, "soak: rows verified: %,d of %,d in the model (%,d hold a write whose acknowledgement the restart lost); lost %,d; wrong %,d;"
        + " at key version %d (was %d): %,d, not at it: %,d%n", rows.verified(), model.values().stream().filter(r -> r.acknowledged != null).count(),
        rows.inDoubtKept(), rows.lost(), rows.wrong(), version, versionBefore, rows.atVersion(), rows.notAtVersion());
    rows.firstProblems().forEach(problem -> System.out.println("  " + problem));
    ok &= rows.ok() && version == versionBefore + 1;

    SoakVerification.Log log = SoakVerification.log(server.log(), control);
    System.out.printf(Locale.ROOT, "soak: server log %,d bytes, %,d lines, %,d with bind parameters: plaintext values found: %,d lines;"
        + " the control statements before and after the restart: %d lines (at least 2 needed)%n",
        log.bytes(), log.lines(), log.parameterLines(), log.plaintextLines(), log.controlLines());
    log.firstPlaintextLines().forEach(line -> System.out.println("  " + line));
    ok &= log.plaintextLines() == 0 && log.controlLines() >= 2 && log.parameterLines() > 0;
    System.out.println("soak: " + (ok ? "PASS" : "FAIL") + " (" + Instant.now() + ")");
    return ok;
  }

  private static String describe(SoakStats stats, Map<String, Long> errors) {
    if (errors.isEmpty()) {
      return "none";
    }
    StringBuilder out = new StringBuilder();
    errors.forEach((errorClass, count) -> out.append(out.length() == 0 ? "" : "; ").append(errorClass).append(" × ").append(count)
        .append(" (\"").append(stats.firstMessage(errorClass)).append("\")"));
    return out.toString();
  }

  /** Timed events for the minute lines and the report. */
  private static final class Events {
    private final List<String> all = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    volatile boolean rotated;
    volatile boolean restarted;

    synchronized void add(String shortForm, String longForm) {
      pending.append(pending.length() == 0 ? "" : "; ").append(shortForm);
      all.add(longForm);
    }

    synchronized String take() {
      String out = pending.toString();
      pending.setLength(0);
      return out;
    }

    synchronized List<String> all() {
      return List.copyOf(all);
    }
  }

  /** rotate, run again while it exits with a code that says so (the restart may cut it: exit 4). */
  private void rotate(Path config, RestartablePostgres server, long atNanos, Events events) {
    sleepUntil(atNanos);
    long began = System.nanoTime();
    events.add("rotate begins", "rotate began at " + Instant.now());
    List<Integer> codes = new ArrayList<>();
    for (int attempt = 0; attempt < 30; attempt++) {
      int code = admin(config, server, "rotate", "--settle-seconds", "5");
      codes.add(code);
      if (code == 0) {
        events.rotated = true;
        break;
      }
      if (code != ExitCode.DATABASE.code() && code != ExitCode.LOCKED.code() && code != ExitCode.INCOMPLETE.code()) {
        break;
      }
      sleepUntil(System.nanoTime() + 2_000_000_000L);
    }
    events.add("rotate ends (exit " + codes + ")", String.format(Locale.ROOT, "rotate: exit codes %s, %.1f s in all (5 s of it the settle wait)",
        codes, (System.nanoTime() - began) / 1e9));
  }

  private void restart(RestartablePostgres server, SoakStats stats, long atNanos, Events events) {
    sleepUntil(atNanos);
    long began = System.nanoTime();
    stats.restartBegins(began);
    try {
      long took = server.restartImmediately().toMillis();
      stats.restartEnds(System.nanoTime());
      events.restarted = true;
      events.add("restart (" + took + " ms)", "pg_ctl restart -m immediate at " + Instant.now() + " took " + took + " ms");
    } catch (Exception e) {
      stats.restartEnds(System.nanoTime());
      events.add("restart FAILED", "pg_ctl restart -m immediate failed: " + e);
    }
  }

  private int admin(Path config, RestartablePostgres server, String subcommand, String... more) {
    Map<String, String> env = Map.of("BETTER_AUTH_SECRET", secret, "VAULT_DB_PASSWORD", "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Invocation invocation = new Invocation(env::get, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8), null);
    List<String> args = new ArrayList<>(List.of(subcommand, "--url", server.url(), "--user", server.user(), "--config", config.toString()));
    args.addAll(List.of(more));
    int code = AdminCommand.run(invocation, args.toArray(String[]::new));
    if (code != 0) {
      // One line of the reason (never a value): "vault-admin rotate: ...".
      out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("vault-admin ")).findFirst()
          .ifPresent(line -> System.out.println("soak: " + line));
    }
    return code;
  }

  private static void requireZero(int code, String what) {
    if (code != 0) {
      throw new IllegalStateException(what + " exited " + code);
    }
  }

  private HikariDataSource pool(RestartablePostgres server, Path config, Path secretFile) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl("jdbc:vault:" + server.url().substring("jdbc:".length()));
    hikari.setDriverClassName(VaultDriver.class.getName());
    hikari.setUsername(server.user());
    hikari.setPassword("");
    hikari.addDataSourceProperty("vault.config", config.toString());
    hikari.addDataSourceProperty("vault.master-secret-file", secretFile.toString());
    // Below rotate's --settle-seconds 5: every instance writes the new version before the sweep.
    hikari.addDataSourceProperty("vault.key-refresh-seconds", "1");
    hikari.setExceptionOverrideClassName(HikariRejectionOverride.class.getName());
    hikari.setMaximumPoolSize(options.threads);
    hikari.setMinimumIdle(options.threads);
    hikari.setConnectionTimeout(10_000);
    hikari.setPoolName("soak");
    return new HikariDataSource(hikari);
  }

  /** The initial rows, through the vault driver (so their plaintext reaches the log only if the driver leaks it). */
  private void load(HikariDataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + SoakWorker.TABLE + " (id, email, ssn) VALUES (?, ?, ?)")) {
      for (long id = 1; id <= options.rows; id++) {
        String tag = SoakWorker.tag(id, 0);
        insert.setLong(1, id);
        insert.setString(2, SoakWorker.email(tag));
        insert.setString(3, SoakWorker.ssn(tag));
        insert.addBatch();
        if (id % 500 == 0 || id == options.rows) {
          insert.executeBatch();
        }
      }
    }
  }

  private static int newestKeyVersion(PGSimpleDataSource plain) throws SQLException {
    try (Connection connection = plain.getConnection(); Statement statement = connection.createStatement();
        ResultSet newest = statement.executeQuery("SELECT max(version) FROM vault_key")) {
      newest.next();
      return newest.getInt(1);
    }
  }

  private static void execute(PGSimpleDataSource plain, String... sql) throws SQLException {
    try (Connection connection = plain.getConnection(); Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  private static double heapAfterGcMegabytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  private static void sleepUntil(long nanos) {
    for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
