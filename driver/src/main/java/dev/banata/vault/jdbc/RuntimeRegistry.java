package dev.banata.vault.jdbc;

import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtimes of the driver, one per distinct (vault properties, delegate database): every
 * connection opened with the same configuration against the same database shares one plan cache,
 * one key ring and one catalog. Runtimes live as long as the driver class.
 */
final class RuntimeRegistry {

  /** What makes two connections share a runtime. The password is not part of it (and never kept). */
  private record Key(Map<String, String> vaultProperties, String delegateUrl, String user) {}

  @FunctionalInterface
  interface Factory {
    VaultRuntime create() throws SQLException;
  }

  private final Map<Key, VaultRuntime> runtimes = new ConcurrentHashMap<>();

  VaultRuntime runtimeFor(Properties vaultProperties, String delegateUrl, String user, Factory factory) throws SQLException {
    Map<String, String> properties = new TreeMap<>();
    vaultProperties.stringPropertyNames().forEach(name -> properties.put(name, vaultProperties.getProperty(name)));
    Key key = new Key(Map.copyOf(properties), delegateUrl, user);
    VaultRuntime existing = runtimes.get(key);
    if (existing != null) {
      return existing;
    }
    synchronized (this) {
      existing = runtimes.get(key);
      if (existing == null) {
        // Built under the lock: starting a key ring reads the database once; two threads must not both do it.
        existing = factory.create();
        runtimes.put(key, existing);
      }
      return existing;
    }
  }
}
