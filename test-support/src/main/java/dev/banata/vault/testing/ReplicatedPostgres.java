package dev.banata.vault.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * A primary PostgreSQL of its own and a streaming replica of it, both run by {@code pg_ctl} on
 * loopback ports: the primary with {@code wal_level=replica} and a {@code replication} entry in
 * {@code pg_hba.conf} for 127.0.0.1 (trust), the replica made by {@code pg_basebackup -R -X stream}
 * from the primary into a data directory of its own (hot standby: it answers read-only queries while
 * it replays the primary's WAL). The shared test server is never used for this: it is not ours to
 * reconfigure.
 *
 * <p>Binaries and the postgres user as root as for {@link RestartablePostgres}; no binaries is a
 * failure, not a skip. {@link #pauseReplay()} / {@link #resumeReplay()} give the replica as much
 * lag as a test needs ({@code pg_wal_replay_pause()}: WAL keeps arriving, nothing of it is applied).
 */
public final class ReplicatedPostgres implements AutoCloseable {

  private final Path bin;
  private final Path base;
  private final Path primaryData;
  private final Path replicaData;
  private final int primaryPort;
  private final int replicaPort;

  private ReplicatedPostgres(Path bin, Path base, int primaryPort, int replicaPort) {
    this.bin = bin;
    this.base = base;
    this.primaryData = base.resolve("primary");
    this.replicaData = base.resolve("replica");
    this.primaryPort = primaryPort;
    this.replicaPort = replicaPort;
  }

  /** Initialises and starts the primary, copies it with pg_basebackup and starts the replica; returns once the replica streams. */
  public static ReplicatedPostgres start() throws IOException, InterruptedException, SQLException {
    Path bin = PostgresBinaries.bindir("with a streaming replica");
    Path base = PostgresBinaries.directory("vault-replicated-postgres");
    ReplicatedPostgres servers = new ReplicatedPostgres(bin, base, PostgresBinaries.freePort(), PostgresBinaries.freePort());
    Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "stop-replicated-postgres"));
    PostgresBinaries.initdb(bin, servers.primaryData, base.resolve("initdb.out"));
    // initdb's default pg_hba.conf has this line already; written again so that the setup does not depend on it.
    Path hba = servers.primaryData.resolve("pg_hba.conf");
    Files.writeString(hba, "\nhost replication all 127.0.0.1/32 trust\n", StandardOpenOption.APPEND);
    servers.pgCtl(servers.primaryData, "start", "-o", servers.options(servers.primaryPort)
        + " -c wal_level=replica -c max_wal_senders=5 -c wal_keep_size=256MB");
    PostgresBinaries.run(PostgresBinaries.command(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(servers.primaryPort),
        "-U", "postgres", "-D", servers.replicaData.toString(), "-R", "-X", "stream", "--no-sync"), base.resolve("basebackup.out"));
    servers.pgCtl(servers.replicaData, "start", "-o", servers.options(servers.replicaPort) + " -c hot_standby=on");
    servers.awaitStreaming();
    return servers;
  }

  private String options(int port) {
    return PostgresBinaries.serverOptions(port, base);
  }

  public String primaryUrl() {
    return primaryUrl("postgres");
  }

  public String replicaUrl() {
    return replicaUrl("postgres");
  }

  /** The primary's database {@code database} (created on the primary, it exists on the replica once replayed). */
  public String primaryUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/" + database;
  }

  public String replicaUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/" + database;
  }

  /** {@code jdbc:postgresql://127.0.0.1:P1,127.0.0.1:P2/database?targetServerType=...}: both servers, pgjdbc picks by role. */
  public String multiHostUrl(String database, String targetServerType) {
    return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + replicaPort + "/" + database + "?targetServerType=" + targetServerType;
  }

  public int primaryPort() {
    return primaryPort;
  }

  public int replicaPort() {
    return replicaPort;
  }

  public String user() {
    return "postgres";
  }

  public Connection connectPrimary() throws SQLException {
    return DriverManager.getConnection(primaryUrl(), user(), "");
  }

  public Connection connectReplica() throws SQLException {
    return DriverManager.getConnection(replicaUrl(), user(), "");
  }

  /** Stops applying WAL on the replica (it keeps receiving it): from now on the replica falls behind. */
  public void pauseReplay() throws SQLException {
    try (Connection connection = connectReplica(); Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_wal_replay_pause()");
    }
  }

  /** Applies again what arrived meanwhile. */
  public void resumeReplay() throws SQLException {
    try (Connection connection = connectReplica(); Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_wal_replay_resume()");
    }
  }

  /** Waits until the replica has replayed everything the primary has written so far. */
  public void awaitCaughtUp() throws SQLException, InterruptedException {
    String lsn;
    try (Connection connection = connectPrimary(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_current_wal_lsn()")) {
      row.next();
      lsn = row.getString(1);
    }
    Instant deadline = Instant.now().plusSeconds(60);
    try (Connection connection = connectReplica(); Statement statement = connection.createStatement()) {
      while (true) {
        try (ResultSet row = statement.executeQuery("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '" + lsn + "') >= 0")) {
          row.next();
          if (row.getBoolean(1)) {
            return;
          }
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("the replica did not replay up to " + lsn + " within 60 s:\n" + tail(replicaData));
        }
        Thread.sleep(10);
      }
    }
  }

  private void awaitStreaming() throws InterruptedException, SQLException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (true) {
      try (Connection connection = connectPrimary(); Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
        row.next();
        if (row.getInt(1) > 0) {
          return;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the replica does not stream from the primary:\n" + tail(replicaData));
      }
      Thread.sleep(50);
    }
  }

  /** The last lines of both servers' logs, for a failure message. */
  public String tail() {
    return "--- primary\n" + tail(primaryData) + "\n--- replica\n" + tail(replicaData);
  }

  private String tail(Path data) {
    return PostgresBinaries.tail(log(data));
  }

  private Path log(Path data) {
    return base.resolve(data.getFileName() + ".log");
  }

  @Override
  public void close() {
    for (Path data : List.of(replicaData, primaryData)) {
      PostgresBinaries.pgCtlStop(bin, data, log(data), base.resolve("pg_ctl.out"));
    }
    PostgresBinaries.delete(base);
  }

  private void pgCtl(Path data, String... args) throws IOException, InterruptedException {
    PostgresBinaries.pgCtl(bin, data, log(data), base.resolve("pg_ctl.out"), args);
  }
}
