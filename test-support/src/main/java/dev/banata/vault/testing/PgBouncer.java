package dev.banata.vault.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PgBouncer on a loopback port in front of a PostgreSQL server, started from the installed binary
 * (Debian's {@code pgbouncer} package, which {@code .ci/run} installs). As root it runs as the
 * {@code postgres} user (PgBouncer refuses root). Clients log in without a password (auth_type
 * trust, the one user listed); PgBouncer logs in to the server with the given user and password.
 */
public final class PgBouncer implements AutoCloseable {

  private static final List<Path> PLACES = List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer"),
      Path.of("/usr/local/bin/pgbouncer"));

  private final Path base;
  private final Process process;
  private final int port;
  private final String database;

  private PgBouncer(Path base, Process process, int port, String database) {
    this.base = base;
    this.process = process;
    this.port = port;
    this.database = database;
  }

  /** The installed pgbouncer binary, if any. */
  public static Optional<Path> binary() {
    return PLACES.stream().filter(Files::isExecutable).findFirst();
  }

  /**
   * Starts PgBouncer with one database entry {@code database} for the server at {@code host:port}.
   *
   * @param databaseOptions extra options of the {@code [databases]} entry, e.g. {@code connect_query}
   * @param settings extra {@code [pgbouncer]} settings, e.g. {@code pool_mode=transaction}
   */
  public static PgBouncer start(String host, int serverPort, String database, String user, String password,
      Map<String, String> databaseOptions, Map<String, String> settings) throws IOException, InterruptedException {
    Path binary = binary().orElseThrow(() -> new IllegalStateException("pgbouncer is not installed (Debian package pgbouncer)"));
    Path base = PostgresBinaries.directory("vault-pgbouncer");
    int port = PostgresBinaries.freePort();
    StringBuilder entry = new StringBuilder(database + " = host=" + host + " port=" + serverPort + " dbname=" + database + " user=" + user);
    if (password != null && !password.isEmpty()) {
      entry.append(" password=").append(password);
    }
    databaseOptions.forEach((name, value) -> entry.append(' ').append(name).append("='").append(value.replace("'", "''")).append('\''));
    StringBuilder ini = new StringBuilder("[databases]\n" + entry + "\n\n[pgbouncer]\n"
        + "listen_addr = 127.0.0.1\nlisten_port = " + port + "\nunix_socket_dir =\n"
        + "auth_type = trust\nauth_file = " + base.resolve("users.txt") + "\n"
        + "logfile = " + base.resolve("pgbouncer.log") + "\npidfile = " + base.resolve("pgbouncer.pid") + "\n");
    settings.forEach((name, value) -> ini.append(name).append(" = ").append(value).append('\n'));
    Files.writeString(base.resolve("users.txt"), "\"" + user + "\" \"\"\n", StandardCharsets.UTF_8);
    Files.writeString(base.resolve("pgbouncer.ini"), ini, StandardCharsets.UTF_8);
    Process process = new ProcessBuilder(PostgresBinaries.command(binary.toString(), base.resolve("pgbouncer.ini").toString()))
        .redirectErrorStream(true).redirectOutput(base.resolve("pgbouncer.out").toFile()).start();
    PgBouncer bouncer = new PgBouncer(base, process, port, database);
    Runtime.getRuntime().addShutdownHook(new Thread(bouncer::close, "stop-pgbouncer"));
    bouncer.awaitReady();
    return bouncer;
  }

  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}, then {@code query} (without {@code ?}) when not empty. */
  public String jdbcUrl(String query) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + (query.isEmpty() ? "" : "?" + query);
  }

  /** PgBouncer's log, for failure messages and for what it says it did. */
  public String log() {
    try {
      Path file = base.resolve("pgbouncer.log");
      return Files.exists(file) ? Files.readString(file) : Files.readString(base.resolve("pgbouncer.out"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    PostgresBinaries.stop(process, 10);
    PostgresBinaries.delete(base);
  }

  private void awaitReady() throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      // A TCP probe: which startup parameters PgBouncer accepts from pgjdbc is what the tests measure.
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("PgBouncer did not start:\n" + log(), e);
        }
        Thread.sleep(100);
      }
    }
  }
}
