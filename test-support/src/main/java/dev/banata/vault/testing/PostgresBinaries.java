package dev.banata.vault.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The installed PostgreSQL's programs, for the tests that start servers of their own
 * ({@link StatementLoggingPostgres}, {@link RestartablePostgres}, {@link ReplicatedPostgres}) and the
 * programs that run in front of them ({@link PgBouncer}), and what those classes share to start and
 * stop them: initdb, the server options, pg_ctl, stopping a process, the last lines of a log,
 * removing the directory. initdb, postgres and pgbouncer refuse to run as root, so as root they run
 * as the {@code postgres} user.
 */
final class PostgresBinaries {

  static final String BINDIR_ENV = "VAULT_TEST_PG_BINDIR";

  private PostgresBinaries() {}

  static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The directory holding initdb, postgres and pg_ctl; a failure (not a skip) when there is none. */
  static Path bindir(String purpose) throws IOException, InterruptedException {
    String configured = System.getenv(BINDIR_ENV);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    try {
      Process pgConfig = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(pgConfig.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (pgConfig.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
        return Path.of(out);
      }
    } catch (IOException e) {
      // No pg_config on the PATH (it comes with libpq-dev): try Debian's place for the server.
    }
    Path debian = Path.of("/usr/lib/postgresql/15/bin");
    if (Files.isExecutable(debian.resolve("initdb"))) {
      return debian;
    }
    throw new IllegalStateException("this test starts a PostgreSQL of its own (" + purpose + ") and needs its binaries: "
        + "install postgresql-15 (pg_config --bindir must hold initdb and postgres) or set " + BINDIR_ENV);
  }

  /** A temporary directory the server's user can write (as root: owned by postgres). */
  static Path directory(String prefix) throws IOException {
    Path base = Files.createTempDirectory(prefix);
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (root()) {
      UserPrincipal postgres = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(base, postgres);
    }
    return base;
  }

  /** As root, runs {@code args} as the postgres user (setpriv execs, so signals reach the program itself). */
  static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    if (root()) {
      command.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
    }
    command.addAll(List.of(args));
    return command;
  }

  static void run(List<String> command, Path output) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(output));
    }
  }

  /** A new cluster in {@code data}: user postgres, trusted local connections, UTF-8. */
  static void initdb(Path bin, Path data, Path output) throws IOException, InterruptedException {
    run(command(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"),
        output);
  }

  /**
   * The {@code -c name=value} settings of every server of a test's own: loopback on {@code port}, its
   * socket in {@code base}, no fsync (the tests' data is thrown away), its log to the file it is given.
   */
  static List<String> serverSettings(int port, Path base) {
    return List.of("-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + base,
        "-c", "fsync=off", "-c", "logging_collector=off");
  }

  /** {@link #serverSettings} as one {@code pg_ctl -o} string. */
  static String serverOptions(int port, Path base) {
    return String.join(" ", serverSettings(port, base));
  }

  /** {@code pg_ctl <args> -D data -l log -w -t 120}, its output to {@code output}. */
  static void pgCtl(Path bin, Path data, Path log, Path output, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-D", data.toString(), "-l", log.toString(), "-w", "-t", "120"));
    run(command(command.toArray(String[]::new)), output);
  }

  /** {@code pg_ctl stop -m immediate} when the server in {@code data} runs; quietly nothing when it does not. */
  static void pgCtlStop(Path bin, Path data, Path log, Path output) {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      try {
        pgCtl(bin, data, log, output, "stop", "-m", "immediate");
      } catch (IOException | InterruptedException | IllegalStateException e) {
        // Already stopped, or the JVM is ending: nothing left to do but remove the files.
      }
    }
  }

  /** Ends {@code process}: SIGTERM, then after {@code seconds} SIGKILL. */
  static void stop(Process process, int seconds) {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The last 40 lines of {@code log}, for a failure message. */
  static String tail(Path log) {
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Removes {@code base} and everything in it. */
  static void delete(Path base) {
    try (Stream<Path> files = Files.walk(base)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory; nothing depends on its removal.
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
