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
import java.util.List;

/**
 * The installed PostgreSQL's programs, for the tests that start servers of their own
 * ({@link StatementLoggingPostgres}, {@link RestartablePostgres}) and the programs that run in
 * front of them ({@link PgBouncer}). initdb, postgres and pgbouncer refuse to run as root, so as
 * root they run as the {@code postgres} user.
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

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
