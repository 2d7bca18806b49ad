package dev.banata.vault.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * A PostgreSQL server of its own, run by {@code pg_ctl}, that a test may restart the hard way
 * ({@link #restartImmediately()}: {@code pg_ctl restart -m immediate}, the server's crash: every
 * session is cut, nothing is checkpointed, crash recovery on start). The shared test server must
 * never be restarted: other test JVMs use it.
 *
 * <p>Binaries and the postgres user as root as for {@link StatementLoggingPostgres}; no binaries is
 * a failure, not a skip (CI installs {@code postgresql-15}). The port stays the same across restarts,
 * so URLs and pools keep pointing at it.
 */
public final class RestartablePostgres implements AutoCloseable {

  private final Path bin;
  private final Path base;
  private final Path data;
  private final Path log;
  private final int port;

  private RestartablePostgres(Path bin, Path base, int port) {
    this.bin = bin;
    this.base = base;
    this.data = base.resolve("data");
    this.log = base.resolve("server.log");
    this.port = port;
  }

  /**
   * Initialises and starts a server on a free loopback port.
   *
   * @param settings extra {@code name=value} server settings, e.g. {@code max_connections=200}
   */
  public static RestartablePostgres start(String... settings) throws IOException, InterruptedException {
    Path bin = PostgresBinaries.bindir("which the test restarts");
    Path base = PostgresBinaries.directory("vault-restartable-postgres");
    RestartablePostgres server = new RestartablePostgres(bin, base, PostgresBinaries.freePort());
    PostgresBinaries.initdb(bin, server.data, base.resolve("initdb.out"));
    StringBuilder options = new StringBuilder(PostgresBinaries.serverOptions(server.port, base));
    for (String setting : settings) {
      options.append(" -c ").append(setting);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-restartable-postgres"));
    server.pgCtl("start", "-o", options.toString());
    return server;
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public String user() {
    return "postgres";
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), "");
  }

  /**
   * {@code pg_ctl restart -m immediate}: the postmaster and every backend end at once (SIGQUIT),
   * then the server starts again and recovers from its WAL. Returns when it accepts connections;
   * the duration is the time the server was unavailable as pg_ctl saw it.
   */
  public Duration restartImmediately() throws IOException, InterruptedException {
    Instant start = Instant.now();
    pgCtl("restart", "-m", "immediate");
    return Duration.between(start, Instant.now());
  }

  /**
   * The server's log file, one file across restarts ({@code pg_ctl} appends): what a test searches,
   * line by line, for values that must not be there.
   */
  public Path log() {
    return log;
  }

  /** The last lines of the server's log, for a failure message. */
  public String tail() {
    return PostgresBinaries.tail(log);
  }

  @Override
  public void close() {
    PostgresBinaries.pgCtlStop(bin, data, log, base.resolve("pg_ctl.out"));
    PostgresBinaries.delete(base);
  }

  private void pgCtl(String... args) throws IOException, InterruptedException {
    PostgresBinaries.pgCtl(bin, data, log, base.resolve("pg_ctl.out"), args);
  }
}
