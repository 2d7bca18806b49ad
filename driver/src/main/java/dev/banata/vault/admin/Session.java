package dev.banata.vault.admin;

import dev.banata.vault.config.ConfigException;
import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.config.VaultConfigLoader;
import dev.banata.vault.internal.config.ApplicationArchive;
import dev.banata.vault.internal.config.VaultConfigLoaderAccess;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.internal.rewrite.Progress;
import dev.banata.vault.keys.MasterSecretSources;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * What a subcommand works with once its options are resolved: the database, the configuration and
 * (when asked for) the master secrets. Each of them fails with its own exit code and a reason that
 * names what to fix, before anything is written.
 */
final class Session {

  private final Invocation invocation;
  private final DatabaseOptions.Database database;
  private final ConfigOptions configOptions;
  private VaultConfig config;

  private Session(Invocation invocation, DatabaseOptions.Database database, ConfigOptions configOptions) {
    this.invocation = invocation;
    this.database = database;
    this.configOptions = configOptions;
  }

  static Session open(Invocation invocation, DatabaseOptions databaseOptions, ConfigOptions configOptions) {
    return new Session(invocation, databaseOptions.resolve(invocation), configOptions);
  }

  Invocation invocation() {
    return invocation;
  }

  /** The database of {@code --url}, for reaching its replicas with the same login. */
  DatabaseOptions.Database database() {
    return database;
  }

  /** A new plain connection (autocommit); {@link ExitCode#DATABASE} when the database cannot be reached. */
  Connection connect() {
    return database.connect();
  }

  /** New connections on demand, for the jobs' reader and writers. */
  Supplier<Connection> connections() {
    return database::connect;
  }

  /** The same database as a {@link DataSource}, for the parts of the library that take one. */
  DataSource dataSource() {
    // Connect once first so that an unreachable database fails here with its exit code.
    try (Connection probe = connect()) {
      probe.isValid(1);
      return database.dataSource();
    } catch (java.sql.SQLException e) {
      throw new AdminFailure(ExitCode.DATABASE, "cannot connect to " + database.url().describe() + ": " + e.getMessage(), e);
    }
  }

  String describeDatabase() {
    return database.url().describe();
  }

  /** The configuration: {@code --config}, else the URL's {@code vault.config}, else {@code VAULT_CONFIG}, else {@code classpath:vault.yaml}. */
  VaultConfig config() {
    if (config == null) {
      Properties properties = database.url().vaultProperties();
      String location = configOptions == null ? null : configOptions.location;
      if (location == null && properties.getProperty(ConnectionProperty.CONFIG.propertyName()) == null) {
        location = invocation.env(ConfigOptions.CONFIG_ENV).orElse(null);
      }
      if (location != null) {
        properties.setProperty(ConnectionProperty.CONFIG.propertyName(), location);
      }
      Path application = configOptions == null ? null : configOptions.application;
      try {
        config = application == null
            ? VaultConfigLoader.load(properties, Thread.currentThread().getContextClassLoader(), invocation.environment())
            : loadFrom(application, properties);
      } catch (ConfigException e) {
        throw new AdminFailure(ExitCode.CONFIG, e.getMessage(), e);
      }
    }
    return config;
  }

  private VaultConfig loadFrom(Path application, Properties properties) {
    // The archive is needed only while the configuration is read: annotations are read from it as bytes.
    try (ApplicationArchive archive = ApplicationArchive.open(application)) {
      return VaultConfigLoaderAccess.load(properties, archive, invocation.environment());
    } catch (IOException e) {
      throw new AdminFailure(ExitCode.CONFIG, "cannot close " + application + ": " + e.getMessage(), e);
    }
  }

  /** The master secrets from the environment variables the configuration names. */
  MasterSecrets secrets() {
    try {
      return MasterSecretSetAccess.load(MasterSecretSources.environment(config().keys(), invocation.environment()));
    } catch (CryptoException e) {
      throw new AdminFailure(ExitCode.SECRET, e.getMessage() + "; nothing was changed", e);
    }
  }

  Progress progress(JobOptions options) {
    return invocation.progress(Duration.ofSeconds(options.progressSeconds));
  }
}
