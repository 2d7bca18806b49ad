package dev.banata.vault.benchmarks.admin;

import dev.banata.vault.admin.AdminCommand;
import dev.banata.vault.admin.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Load harness for the admin command: rows per second of {@code encrypt-existing} and {@code rotate}
 * with default settings on a table with two encrypted columns, next to the physical limit measured
 * in the same run on the same table — an in-server {@code UPDATE t SET email = email, ssn = ssn}.
 *
 * <pre>
 * mvn -q -B -Pbenchmarks -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.admin.AdminJobThroughput \
 *     jdbc:postgresql://127.0.0.1:5432/test postgres 100000 1000000
 * </pre>
 *
 * Job options other than the defaults: {@code -Dadmin.options="--parallel 4 --batch-size 2000"}.
 *
 * <p>{@code -Dadmin.processes=1,2,4}: after the table above, rotate the same table once per count P
 * with P admin processes ({@code rotate --shard K/P}; P = 1: a plain {@code rotate}), each a JVM of
 * its own with {@code -Xmx128m} as an operator would start them on P machines, and print the wall
 * time from the first start to the last exit. Each of these rotations registers a version of its own
 * and rewrites every row.
 * Each size gets a fresh schema {@code bench_admin_N}, dropped at the end. The jobs run in this JVM
 * through {@link AdminCommand#run}, exactly as {@code java -jar} would run them (rotate with
 * {@code --settle-seconds 0}: the harness has no application to wait for).
 */
public final class AdminJobThroughput {

  private static final String SECRET = "benchmark-master-secret-0123456789-abcdefgh";

  private AdminJobThroughput() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
    String user = args.length > 1 ? args[1] : "postgres";
    String password = System.getenv().getOrDefault("VAULT_DB_PASSWORD", "");
    System.out.println("| rows | in-server UPDATE (rows/s) | encrypt-existing (rows/s) | ratio | rotate (rows/s) | ratio |");
    System.out.println("|---:|---:|---:|---:|---:|---:|");
    for (int i = 2; i < Math.max(args.length, 3); i++) {
      int rows = args.length > i ? Integer.parseInt(args[i]) : 100_000;
      measure(url, user, password, rows);
    }
  }

  private static void measure(String url, String user, String password, int rows) throws Exception {
    String schema = "bench_admin_" + rows;
    String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      statement.execute("CREATE SCHEMA " + schema);
    }
    Path config = Files.createTempFile("bench-vault", ".yaml");
    Files.writeString(config, """
        tables:
          t:
            primary-key: id
            columns:
              email: { mode: deterministic }
              ssn:   { mode: randomized, context: pii }
        """);
    Map<String, String> env = new HashMap<>();
    env.put("BETTER_AUTH_SECRET", SECRET);
    env.put("VAULT_DB_PASSWORD", password);
    String[] target = {"--url", schemaUrl, "--user", user, "--config", config.toString()};
    try {
      admin(env, "install", target);
      sql(schemaUrl, user, password,
          "CREATE TABLE t (id bigint PRIMARY KEY, email text, ssn text, name text)",
          "INSERT INTO t SELECT g, 'user' || g || '@example.com', lpad((g % 1000000000)::text, 9, '0'), 'name ' || g FROM generate_series(1, " + rows + ") g",
          "VACUUM ANALYZE t");

      String[] options = System.getProperty("admin.options", "").isBlank() ? new String[0] : System.getProperty("admin.options").trim().split("\\s+");
      long encryptNanos = admin(env, "encrypt-existing", concat(target, options));
      sql(schemaUrl, user, password, "VACUUM ANALYZE t");
      // The physical limit, on the same (now encrypted, same width) table: one in-server rewrite of both columns.
      long updateStart = System.nanoTime();
      sql(schemaUrl, user, password, "UPDATE t SET email = email, ssn = ssn");
      long updateNanos = System.nanoTime() - updateStart;
      sql(schemaUrl, user, password, "VACUUM ANALYZE t");
      long rotateNanos = admin(env, "rotate", concat(concat(target, options), "--settle-seconds", "0"));

      double server = rows / (updateNanos / 1e9);
      double encrypt = rows / (encryptNanos / 1e9);
      double rotate = rows / (rotateNanos / 1e9);
      System.out.println(String.format(Locale.ROOT, "| %,d | %,.0f | %,.0f | %.2f× | %,.0f | %.2f× |", rows, server, encrypt, encrypt / server,
          rotate, rotate / server));
      String processes = System.getProperty("admin.processes", "");
      if (!processes.isBlank()) {
        System.out.println();
        System.out.println("| rows | rotate processes | wall (s) | rows/s | vs 1 process | load avg before |");
        System.out.println("|---:|---:|---:|---:|---:|---|");
        double single = 0;
        for (String count : processes.split(",")) {
          int p = Integer.parseInt(count.trim());
          sql(schemaUrl, user, password, "VACUUM ANALYZE t");
          String load = Files.readString(Path.of("/proc/loadavg")).trim();
          long nanos = rotateWith(p, env, concat(concat(target, options), "--settle-seconds", "0"));
          double perSecond = rows / (nanos / 1e9);
          single = p == 1 || single == 0 ? perSecond : single;
          System.out.println(String.format(Locale.ROOT, "| %,d | %d | %.1f | %,.0f | %.2f× | %s |", rows, p, nanos / 1e9, perSecond,
              perSecond / single, load.substring(0, load.lastIndexOf(' ', load.lastIndexOf(' ') - 1))));
        }
      }
    } finally {
      try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
      Files.deleteIfExists(config);
    }
  }

  /**
   * Rotates with {@code processes} admin JVMs ({@code --shard K/N}; one: no {@code --shard}) started
   * at once; returns the wall time from the first start to the last exit in nanoseconds.
   */
  private static long rotateWith(int processes, Map<String, String> env, String... target) throws Exception {
    java.util.List<Process> started = new java.util.ArrayList<>();
    java.util.List<Path> logs = new java.util.ArrayList<>();
    long start = System.nanoTime();
    for (int k = 1; k <= processes; k++) {
      java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx128m", "-cp", System.getProperty("java.class.path"), AdminCommand.class.getName(), "rotate"));
      command.addAll(java.util.List.of(target));
      if (processes > 1) {
        command.addAll(java.util.List.of("--shard", k + "/" + processes));
      }
      Path log = Files.createTempFile("bench-rotate-" + k + "-of-" + processes, ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      started.add(builder.start());
      logs.add(log);
    }
    for (int i = 0; i < started.size(); i++) {
      int code = started.get(i).waitFor();
      if (code != 0) {
        throw new IllegalStateException("rotate process " + (i + 1) + " of " + processes + " exited " + code + ":\n" + Files.readString(logs.get(i)));
      }
    }
    long nanos = System.nanoTime() - start;
    for (Path log : logs) {
      Files.deleteIfExists(log);
    }
    return nanos;
  }

  /** Runs one admin subcommand; returns its wall time in nanoseconds. */
  private static long admin(Map<String, String> env, String subcommand, String... target) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Invocation invocation = new Invocation(env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), null);
    String[] args = new String[target.length + 1];
    args[0] = subcommand;
    System.arraycopy(target, 0, args, 1, target.length);
    long start = System.nanoTime();
    int code = AdminCommand.run(invocation, args);
    long nanos = System.nanoTime() - start;
    if (code != 0) {
      throw new IllegalStateException(subcommand + " exited " + code + ":\n" + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }
    System.err.print(err.toString(StandardCharsets.UTF_8));
    return nanos;
  }

  private static void sql(String url, String user, String password, String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement()) {
      for (String each : statements) {
        statement.execute(each);
      }
    }
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
