package dev.banata.vault.jdbc;

import dev.banata.vault.config.ConfigException;
import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.VaultConfig;
import java.util.Properties;

/** Interim: until the YAML loader is merged, only the default (no file) is supported. */
final class ConfigLocation {

  private ConfigLocation() {}

  static VaultConfig load(Properties vaultProperties, ClassLoader loader) {
    if (ConnectionProperty.CONFIG.get(vaultProperties) != null) {
      throw new ConfigException("vault.config is not supported by this build yet");
    }
    return VaultConfig.empty();
  }
}
