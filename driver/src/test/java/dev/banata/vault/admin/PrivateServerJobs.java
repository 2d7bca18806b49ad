package dev.banata.vault.admin;

import dev.banata.vault.testing.RestartablePostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the admin-job tests on a private {@link RestartablePostgres} (one they restart, turn read-only
 * or fill) need around it: the admin command's target and environment, and plain JDBC to the server.
 */
final class PrivateServerJobs {

  private PrivateServerJobs() {}

  /** The admin command's arguments for {@code server} and {@code config}. */
  static String[] target(RestartablePostgres server, Path config) {
    return new String[] {"--url", server.url(), "--user", server.user(), "--config", config.toString()};
  }

  /** The operator's environment: {@code secret}, and no password (the private server trusts local connections). */
  static Map<String, String> env(String secret) {
    Map<String, String> env = new HashMap<>();
    env.put("BETTER_AUTH_SECRET", secret);
    env.put("VAULT_DB_PASSWORD", "");
    return env;
  }

  static PGSimpleDataSource plainDataSource(RestartablePostgres server) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(server.url());
    dataSource.setUser(server.user());
    return dataSource;
  }

  /** Runs {@code sql} in order on one plain connection. */
  static void execute(RestartablePostgres server, String... sql) throws SQLException {
    try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }
}
