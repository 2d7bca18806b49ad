package dev.banata.vault.jdbc;

import dev.banata.vault.config.ConfigException;
import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.config.VaultConfigLoader;
import dev.banata.vault.crypto.CryptoException;
import dev.banata.vault.crypto.MasterSecrets;
import dev.banata.vault.keys.LiveKeyRing;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Builds a {@link VaultRuntime} from the vault properties of a connection: reads the configuration,
 * the master secrets from the environment, and the key versions of {@code vault_key} through the
 * delegate database. Every failure is an {@link SQLException} (SQLState 08001) whose message says
 * what to fix, never a secret.
 */
final class RuntimeFactory {

  private RuntimeFactory() {}

  static VaultRuntime create(VaultConfig config, Properties vaultProperties, DataSource keyStore) throws SQLException {
    int planCacheSize = Math.max(1, positiveInt(vaultProperties, ConnectionProperty.PLAN_CACHE_SIZE));
    ClientSort clientSort = ClientSort.of(vaultProperties);
    if (config.tables().isEmpty()) {
      return new VaultRuntime(config, planCacheSize, KeySource.none(), clientSort);
    }
    try {
      MasterSecrets secrets = MasterSecrets.fromEnvironment(config.keys());
      int refreshSeconds = positiveInt(vaultProperties, ConnectionProperty.KEY_REFRESH_SECONDS);
      LiveKeyRing ring = LiveKeyRing.start(keyStore, secrets, Duration.ofSeconds(refreshSeconds));
      return new VaultRuntime(config, planCacheSize, KeySource.live(ring), clientSort);
    } catch (CryptoException e) {
      throw VaultSqlException.of(e.getMessage(), VaultSqlState.CONNECTION_FAILURE);
    }
  }

  /** The configuration named by {@code vault.config} (default: classpath:vault.yaml when present, else annotations only). */
  static VaultConfig config(Properties vaultProperties, ClassLoader loader) throws SQLException {
    try {
      return VaultConfigLoader.load(vaultProperties, loader);
    } catch (ConfigException e) {
      throw VaultSqlException.of(e.getMessage(), VaultSqlState.CONNECTION_FAILURE, e);
    }
  }

  private static int positiveInt(Properties properties, ConnectionProperty property) throws SQLException {
    String value = property.get(properties);
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw VaultSqlException.of(property.propertyName() + " must be a whole number >= 0",
        VaultSqlState.CONNECTION_FAILURE);
  }
}
