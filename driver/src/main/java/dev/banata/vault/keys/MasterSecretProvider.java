package dev.banata.vault.keys;

import java.util.Properties;

/**
 * A {@link MasterSecretSource} found by {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/dev.banata.vault.keys.MasterSecretProvider} and select it with the
 * connection property {@code vault.master-secret-source=<name>}, for applications that configure
 * only a {@code jdbc:vault:} URL. Needs a public no-argument constructor.
 */
public interface MasterSecretProvider {

  /** The value of {@code vault.master-secret-source} that selects it (not {@code environment}, {@code file}, {@code system-property}). */
  String name();

  /**
   * The source for a connection configured with {@code vaultProperties} (every {@code vault.*}
   * connection property, e.g. {@code vault.master-secret-file}); asked once per vault runtime.
   */
  MasterSecretSource source(Properties vaultProperties);
}
