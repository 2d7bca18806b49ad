package dev.banata.vault.jdbc;

import dev.banata.vault.config.ConfigException;
import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.config.VaultConfigLoader;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.KeyRingSource;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.internal.keys.RefreshingKeyRingSource;
import dev.banata.vault.keys.MasterSecretSource;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.metrics.VaultMetrics;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Builds a {@link VaultRuntime} from the vault properties of a connection: reads the configuration,
 * the master secrets from their source (the environment by default), and the key versions of {@code vault_key} through the
 * delegate database. Every failure is an {@link SQLException} (SQLState 08001) whose message says
 * what to fix, never a secret.
 */
final class RuntimeFactory {

  private RuntimeFactory() {}

  static VaultRuntime create(VaultConfig config, Properties vaultProperties, DataSource keyStore) throws SQLException {
    return create(config, vaultProperties, keyStore, null, Thread.currentThread().getContextClassLoader());
  }

  /**
   * @param secretSource where the master secrets are read; null: the one {@code vault.master-secret-source}
   *     (and {@code vault.master-secret-file}) select, see {@link MasterSecretSources#select}
   * @param loader where {@link dev.banata.vault.keys.MasterSecretProvider}s are looked for
   */
  static VaultRuntime create(VaultConfig config, Properties vaultProperties, DataSource keyStore,
      MasterSecretSource secretSource, ClassLoader loader) throws SQLException {
    int planCacheSize = Math.max(1, positiveInt(vaultProperties, ConnectionProperty.PLAN_CACHE_SIZE));
    ClientSort clientSort = ClientSort.of(vaultProperties);
    VaultMetrics metrics = VaultMetrics.named(metricsName(vaultProperties));
    String registerMBeans = ConnectionProperty.REGISTER_MBEANS.get(vaultProperties).strip();
    if (registerMBeans.equals("true")) {
      metrics.registerMBean();
    } else if (!registerMBeans.equals("false")) {
      throw VaultSqlException.of(ConnectionProperty.REGISTER_MBEANS.propertyName() + " must be true or false",
          VaultSqlState.CONNECTION_FAILURE);
    }
    if (config.tables().isEmpty()) {
      return new VaultRuntime(config, planCacheSize, KeyRingSource.none(), metrics, clientSort);
    }
    try {
      MasterSecrets secrets = loadSecrets(secretSource != null ? secretSource
          : MasterSecretSources.select(vaultProperties, config.keys(), loader));
      int refreshSeconds = positiveInt(vaultProperties, ConnectionProperty.KEY_REFRESH_SECONDS);
      RefreshingKeyRingSource ring = RefreshingKeyRingSource.start(keyStore, secrets, Duration.ofSeconds(refreshSeconds), metrics);
      return new VaultRuntime(config, planCacheSize, ring, metrics, clientSort);
    } catch (CryptoException e) {
      throw VaultSqlException.of(e.getMessage(), VaultSqlState.CONNECTION_FAILURE);
    }
  }

  /** The name {@code vault.metrics-name} gives (default {@code vault}). */
  static String metricsName(Properties vaultProperties) {
    String name = ConnectionProperty.METRICS_NAME.get(vaultProperties);
    return name == null || name.isBlank() ? ConnectionProperty.METRICS_NAME.defaultValue() : name.strip();
  }

  /**
   * The secrets of {@code source}. A failure of an application's own source is reported by its class
   * only, without its message or cause, which the vault cannot vouch for (they might quote the secret).
   */
  private static MasterSecrets loadSecrets(MasterSecretSource source) {
    MasterSecrets secrets;
    try {
      secrets = MasterSecretSetAccess.load(source);
    } catch (CryptoException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CryptoException(CryptoException.Reason.SECRET_MISSING,
          "the master secret source failed (" + e.getClass().getName() + "); the vault cannot start without its master secret");
    }
    if (secrets == null) {
      throw new CryptoException(CryptoException.Reason.SECRET_MISSING, "the master secret source returned no secrets");
    }
    return secrets;
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
