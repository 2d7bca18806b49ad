package dev.banata.vault.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL server of its own that writes every statement and every bind value to a file: what
 * a DBA with {@code log_statement = all} keeps after a job. The shared test server cannot be used:
 * it is not ours to reconfigure, and its log is not ours to read.
 *
 * <p>Started from the binaries of the installed PostgreSQL ({@code pg_config --bindir}, or
 * {@value #BINDIR_ENV}); initdb refuses to run as root, so as root the server runs as the
 * {@code postgres} user. No binaries is a failure, not a skip: a statement-log test that silently
 * does not run proves nothing (CI needs the {@code postgresql-15} package).
 */
public final class StatementLoggingPostgres implements AutoCloseable {

  public static final String BINDIR_ENV = PostgresBinaries.BINDIR_ENV;

  /**
   * Everything a DBA can turn on: every statement, every duration with its bind values, unshortened
   * ({@code name=value}, as {@link RestartablePostgres#start} takes them, for a restartable server that logs).
   */
  public static final List<String> EVERYTHING_LOGGED = List.of("log_statement=all", "log_min_duration_statement=0",
      "log_parameter_max_length=-1", "log_parameter_max_length_on_error=-1", "log_min_error_statement=debug5");

  private final Path base;
  private final Path log;
  private final int port;
  private final Process server;

  private StatementLoggingPostgres(Path base, Path log, int port, Process server) {
    this.base = base;
    this.log = log;
    this.port = port;
    this.server = server;
  }

  public static StatementLoggingPostgres start() throws IOException, InterruptedException {
    Path bin = PostgresBinaries.bindir("with statement logging");
    Path base = PostgresBinaries.directory("vault-statement-log");
    Path data = base.resolve("data");
    PostgresBinaries.initdb(bin, data, base.resolve("initdb.out"));
    int port = PostgresBinaries.freePort();
    Path log = base.resolve("statements.log");
    List<String> postgres = new ArrayList<>(PostgresBinaries.command(bin.resolve("postgres").toString(), "-D", data.toString()));
    postgres.addAll(PostgresBinaries.serverSettings(port, base));
    for (String setting : EVERYTHING_LOGGED) {
      postgres.addAll(List.of("-c", setting));
    }
    Process server = new ProcessBuilder(postgres).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    StatementLoggingPostgres started = new StatementLoggingPostgres(base, log, port, server);
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-statement-logging-postgres"));
    started.awaitReady();
    return started;
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public String user() {
    return "postgres";
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), "");
  }

  /** A connection whose own statements stay out of the log: for putting plaintext in place before the job. */
  public Connection unloggedConnection() throws SQLException {
    Connection connection = connect();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET log_statement = 'none'");
      statement.execute("SET log_min_duration_statement = -1");
    }
    return connection;
  }

  /**
   * The first {@code max} lines of the log so far that contain {@code needle}, each cut to 300
   * characters. Read line by line: the log of a job over many rows is larger than a test heap.
   */
  public List<String> linesContaining(String needle, int max) {
    List<String> found = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null && found.size() < max; line = reader.readLine()) {
        if (line.contains(needle)) {
          found.add(line.length() > 300 ? line.substring(0, 300) + "..." : line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** The size of the log so far: where the lines of what comes next begin. */
  public long logSize() {
    try {
      return Files.size(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The log from byte {@code offset} (a {@link #logSize()}) to its end. */
  public String logSince(long offset) {
    try (var channel = Files.newByteChannel(log)) {
      channel.position(offset);
      return new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of the log, for a failure message. */
  public String tail() {
    return PostgresBinaries.tail(log);
  }

  @Override
  public void close() {
    // SIGTERM waits for the clients; the tests close theirs, a killed child's session ends with it.
    PostgresBinaries.stop(server, 20);
    PostgresBinaries.delete(base);
  }

  private void awaitReady() throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (true) {
      try (Connection ignored = connect()) {
        return;
      } catch (SQLException e) {
        if (!server.isAlive() || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("the statement-logging PostgreSQL did not start:\n" + tail(), e);
        }
        Thread.sleep(100);
      }
    }
  }
}
