package dev.banata.vault.benchmarks.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.jdbc.VaultDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The PostgreSQL the driver benchmark runs against, and the schema of one benchmark fork on it.
 *
 * <p>The server is never started here (nothing is downloaded): it is the machine's server at
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as user {@code postgres}, or whatever
 * {@code VAULT_BENCH_JDBC_URL} / {@code VAULT_BENCH_JDBC_USER} / {@code VAULT_BENCH_JDBC_PASSWORD}
 * (environment, or the system properties {@code vault.bench.jdbc.url|user|password}) say. Each fork
 * works in a schema of its own, created by {@link #open()} and dropped with everything in it by
 * {@link #close()}; the vault driver selects it with pgjdbc's {@code currentSchema}, so the key ring
 * reads no {@code vault_key} table but its own (none: version 1 of the current secret).
 */
final class BenchmarkDatabase implements AutoCloseable {

  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private final String baseUrl;
  private final String user;
  private final String password;
  private final String schema;

  private BenchmarkDatabase(String baseUrl, String user, String password, String schema) {
    this.baseUrl = baseUrl;
    this.user = user;
    this.password = password;
    this.schema = schema;
  }

  /** Creates a fresh schema named after this process, so concurrent runs never share tables. */
  static BenchmarkDatabase open() throws SQLException {
    String url = setting("VAULT_BENCH_JDBC_URL", "vault.bench.jdbc.url", DEFAULT_URL);
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("VAULT_BENCH_JDBC_URL must be a plain jdbc:postgresql: URL (the benchmark adds jdbc:vault: itself)");
    }
    String schema = ("bench_driver_" + ProcessHandle.current().pid() + "_" + Long.toString(System.nanoTime() & 0xFFFFFF, 36))
        .toLowerCase(Locale.ROOT);
    BenchmarkDatabase database = new BenchmarkDatabase(url, setting("VAULT_BENCH_JDBC_USER", "vault.bench.jdbc.user", "postgres"),
        setting("VAULT_BENCH_JDBC_PASSWORD", "vault.bench.jdbc.password", ""), schema);
    database.executeOutsideSchema("CREATE SCHEMA " + schema);
    return database;
  }

  private static String setting(String environmentName, String propertyName, String fallback) {
    String property = System.getProperty(propertyName);
    if (property != null && !property.isBlank()) {
      return property;
    }
    String environment = System.getenv(environmentName);
    return environment != null && !environment.isBlank() ? environment : fallback;
  }

  /** This fork's schema, for a client that ignores {@code currentSchema} (ShardingSphere binds unqualified names to {@code public}). */
  String schema() {
    return schema;
  }

  /** Plain pgjdbc URL selecting this fork's schema. */
  String plainUrl() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** The same URL behind the vault driver. */
  String vaultUrl() {
    return "jdbc:vault:" + plainUrl().substring("jdbc:".length());
  }

  Connection plainConnection() throws SQLException {
    return DriverManager.getConnection(plainUrl(), user, password);
  }

  /** A HikariCP pool over plain pgjdbc, the way variants (a) and (b) run. */
  HikariDataSource plainPool(int size) {
    HikariConfig config = poolConfig(size);
    config.setJdbcUrl(plainUrl());
    return new HikariDataSource(config);
  }

  /** A HikariCP pool over the vault driver (jdbcUrl + driverClassName, as an application configures it). */
  HikariDataSource vaultPool(int size, Path vaultYaml) {
    HikariConfig config = poolConfig(size);
    config.setJdbcUrl(vaultUrl());
    config.setDriverClassName(VaultDriver.class.getName());
    config.addDataSourceProperty("vault.config", vaultYaml.toAbsolutePath().toString());
    return new HikariDataSource(config);
  }

  private HikariConfig poolConfig(int size) {
    HikariConfig config = new HikariConfig();
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setPoolName("bench-" + schema);
    return config;
  }

  /** A vault.yaml declaring {@code table}: email deterministic, ssn randomized (contexts default to table.column). */
  static Path writeVaultYaml(String table) throws IOException {
    Path file = Files.createTempFile("vault-bench-", ".yaml");
    Files.writeString(file, """
        tables:
          %s:
            primary-key: id
            columns:
              email: { mode: deterministic }
              ssn:   { mode: randomized }
        """.formatted(table));
    return file;
  }

  void execute(String... sql) throws SQLException {
    try (Connection connection = plainConnection(); Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  private void executeOutsideSchema(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(baseUrl, user, password); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Drops the schema and every table in it. */
  @Override
  public void close() throws SQLException {
    executeOutsideSchema("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }
}
