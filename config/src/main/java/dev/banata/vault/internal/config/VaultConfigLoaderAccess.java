package dev.banata.vault.internal.config;

import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.config.VaultConfigLoader;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * Internal: what our own modules reach in {@link VaultConfigLoader} that its API does not show: loading
 * from an {@link ApplicationArchive} (the admin command's {@code --app}) and picking the encrypted
 * entities of a list of classes (the Spring Boot starter's scan). The JDK's {@code jdk.internal.access}
 * pattern, as the driver's {@code internal.secrets.VaultAccess}: {@code VaultConfigLoader} installs the
 * hooks when its class is initialized, which the first call here brings about.
 */
public final class VaultConfigLoaderAccess {

  /** Implemented by {@code VaultConfigLoader} alone. */
  public interface Hooks {
    VaultConfig load(Properties connectionProperties, ClassSource classes, Function<String, String> environment);

    List<String> encryptedEntities(Collection<String> classNames, ClassSource classes);
  }

  private static volatile Hooks hooks;

  private VaultConfigLoaderAccess() {}

  /** Called once, by {@code VaultConfigLoader}'s static initializer. */
  public static void install(Hooks installed) {
    if (hooks != null) {
      throw new IllegalStateException("VaultConfigLoaderAccess hooks are installed by VaultConfigLoader only");
    }
    hooks = installed;
  }

  /**
   * Loads the configuration as the driver would inside the application {@code application}: the same as
   * {@link VaultConfigLoader#load(Properties, ClassLoader, Function)}, except that {@code classpath:}
   * resources ({@code classpath:vault.yaml}, the default) and annotated classes and packages are found in
   * the archive (a Spring Boot jar, a jar or a classes directory), not on the caller's class path. For the
   * admin command, which runs outside the application.
   *
   * @throws dev.banata.vault.config.ConfigException naming what to fix and where
   */
  public static VaultConfig load(Properties connectionProperties, ApplicationArchive application, Function<String, String> environment) {
    return hooks().load(connectionProperties, application.source(), environment);
  }

  /**
   * Of {@code classNames}, those an {@code annotated-packages} scan would declare: classes that can be
   * tables and have {@code @Encrypted} fields reachable from them (mapped superclasses, embeddables,
   * DTOs and unreadable classes are left out). In the order given; nothing is loaded.
   *
   * <p>For callers that list a package's classes themselves and then name the result in
   * {@code vault.annotated-classes}: the Spring Boot starter, whose class path may be an executable
   * jar's nested jars, which {@code annotated-packages} does not look into.
   */
  public static List<String> encryptedEntities(Collection<String> classNames, ClassLoader loader) {
    return encryptedEntities(classNames, ClassSource.of(loader == null ? VaultConfigLoader.class.getClassLoader() : loader));
  }

  /** {@link #encryptedEntities(Collection, ClassLoader)}, the classes read from {@code classes}. */
  static List<String> encryptedEntities(Collection<String> classNames, ClassSource classes) {
    return hooks().encryptedEntities(classNames, classes);
  }

  private static Hooks hooks() {
    Hooks installed = hooks;
    if (installed == null) {
      try {
        // Nobody has loaded a configuration yet: initializing the class installs the hooks.
        Class.forName(VaultConfigLoader.class.getName(), true, VaultConfigLoader.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      installed = hooks;
    }
    return installed;
  }
}
