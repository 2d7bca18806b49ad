package dev.banata.vault.admin;

import dev.banata.vault.internal.database.DriverDataSource;
import dev.banata.vault.internal.database.VaultUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import picocli.CommandLine.Option;

/**
 * {@code --url}, {@code --user}, {@code --password}: where the command connects, shared by every
 * subcommand. Public for the names of the environment variables it reads (a script or a test that runs
 * the command in-process sets them); picocli fills the options, the subcommands resolve them.
 */
public final class DatabaseOptions {

  /** Environment variable read when {@code --url} is not given. */
  public static final String URL_ENV = "VAULT_DB_URL";
  /** Environment variable read when {@code --user} is not given. */
  public static final String USER_ENV = "VAULT_DB_USER";
  /** Environment variable read when {@code --password} is not given. */
  public static final String PASSWORD_ENV = "VAULT_DB_PASSWORD";

  // A value no one types: picocli substitutes it when --password is given without a value.
  private static final String PROMPT = "\u0000prompt";

  @Option(names = "--url", paramLabel = "JDBC-URL",
      description = "jdbc:postgresql://host:5432/db or the application's jdbc:vault:postgresql:... URL (vault: is stripped: "
          + "the command reads ciphertext as stored). Default: env " + URL_ENV + ".")
  String url;

  @Option(names = "--user", paramLabel = "NAME", description = "Database user. Default: env " + USER_ENV + ".")
  String user;

  @Option(names = "--password", arity = "0..1", fallbackValue = PROMPT, paramLabel = "PASSWORD",
      description = "Database password. Without a value: prompt on the terminal (no echo). "
          + "Default: env " + PASSWORD_ENV + "; when the server asks for a password and there is a terminal, a prompt.")
  String password;

  private static final String POSTGRES_PREFIX = "jdbc:postgresql:";

  /** Made by picocli for each subcommand that mixes these options in. */
  DatabaseOptions() {}

  /** Resolves the options against the environment; fails with {@link ExitCode#USAGE} on a bad URL. */
  Database resolve(Invocation invocation) {
    VaultUrl parsed = parse(url != null ? url : invocation.env(URL_ENV).orElse(null));
    String resolvedUser = user != null ? user : invocation.env(USER_ENV).orElse(null);
    char[] resolvedPassword;
    if (PROMPT.equals(password)) {
      resolvedPassword = invocation.promptPassword("Password for " + (resolvedUser == null ? "the database" : resolvedUser) + ": ")
          .orElseThrow(() -> new AdminFailure(ExitCode.USAGE, "--password without a value needs a terminal to prompt on; set " + PASSWORD_ENV + " instead"));
    } else if (password != null) {
      resolvedPassword = password.toCharArray();
    } else {
      resolvedPassword = invocation.env(PASSWORD_ENV).map(String::toCharArray).orElse(null);
    }
    return new Database(parsed, resolvedUser, resolvedPassword, invocation);
  }

  /**
   * The {@code --url} taken apart by the driver's own parser: the command reads and writes ciphertext
   * as stored, so it never goes through the vault driver; a {@code jdbc:vault:postgresql:} URL loses its
   * {@code vault:} (exactly once), and {@code vault.*} query parameters are kept aside
   * ({@code vault.config} can name the configuration). Anything but PostgreSQL is a {@link ExitCode#USAGE} failure.
   */
  static VaultUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new AdminFailure(ExitCode.USAGE, "--url is required (or set VAULT_DB_URL): jdbc:postgresql://host:5432/db or jdbc:vault:postgresql://host:5432/db");
    }
    VaultUrl parsed;
    try {
      parsed = VaultUrl.parse(url.trim());
    } catch (IllegalArgumentException e) {
      throw new AdminFailure(ExitCode.USAGE, "--url: " + e.getMessage(), e);
    }
    if (!parsed.delegateUrl().startsWith(POSTGRES_PREFIX)) {
      throw new AdminFailure(ExitCode.USAGE, "--url must start with jdbc:postgresql: or jdbc:vault:postgresql: (the admin command speaks PostgreSQL)");
    }
    return parsed;
  }

  /** A resolved connection target. Connecting failures become {@link ExitCode#DATABASE} with pgjdbc's reason. */
  static final class Database {

    private final VaultUrl url;
    private final String user;
    private volatile char[] password;
    private final Invocation invocation;

    Database(VaultUrl url, String user, char[] password, Invocation invocation) {
      this.url = url;
      this.user = user;
      this.password = password;
      this.invocation = invocation;
    }

    VaultUrl url() {
      return url;
    }

    /** Another server (a replica of this one) with the same user and password. */
    Database at(VaultUrl other) {
      return new Database(other, user, password, invocation);
    }

    /** Opens a plain pgjdbc connection (autocommit on). */
    Connection connect() {
      try {
        return dataSource().getConnection();
      } catch (SQLException e) {
        if (password == null && asksForPassword(e)) {
          Optional<char[]> typed = invocation.promptPassword("Password for " + (user == null ? "the database" : user) + ": ");
          if (typed.isPresent()) {
            password = typed.get();
            return connect();
          }
        }
        throw new AdminFailure(ExitCode.DATABASE, "cannot connect to " + url.describe() + ": " + oneLine(e.getMessage()), e);
      }
    }

    /**
     * The database as a {@link DataSource} for the parts of the library that take one: plain pgjdbc
     * connections with the login known now (a password typed at a prompt included).
     */
    DataSource dataSource() throws SQLException {
      return new DriverDataSource(DriverManager.getDriver(url.delegateUrl()), url.delegateUrl(), properties());
    }

    private Properties properties() {
      Properties properties = new Properties();
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (password != null) {
        properties.setProperty("password", new String(password));
      }
      properties.setProperty("ApplicationName", "vault-admin");
      // pgjdbc puts the server's DETAIL into exception messages, and a DETAIL can hold a stored
      // value: a unique violation's key, a check violation's whole failing row (plaintext, during
      // encrypt-existing or decrypt-existing). Our messages name constraints, not values.
      properties.setProperty("logServerErrorDetail", "false");
      return properties;
    }

    private static boolean asksForPassword(SQLException e) {
      String message = e.getMessage();
      return message != null && message.contains("no password was provided");
    }

    private static String oneLine(String message) {
      return message == null ? "no reason given" : message.replaceAll("\\s+", " ").trim();
    }
  }
}
