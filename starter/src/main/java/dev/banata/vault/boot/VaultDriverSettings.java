package dev.banata.vault.boot;

import dev.banata.vault.config.ConfigException;
import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.config.VaultConfigLoader;
import dev.banata.vault.keys.MasterSecretSource;
import dev.banata.vault.keys.MasterSecretSources;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.util.ResourceUtils;

/**
 * The {@code banata.vault.*} properties turned into the driver's {@code vault.*} connection properties,
 * and the configuration they load, loaded once at startup so that a mistake in {@code vault.yaml} or an
 * annotation stops the application before it serves anything (the driver alone would report it at the
 * first connection).
 *
 * <p>A bean of the auto-configuration, package-private as Spring Boot keeps its own auto-configurations'
 * bean types: Spring creates, injects and closes a bean of a package-private type, and an application has
 * no use for this one (what it sets are the {@code banata.vault.*} properties).
 */
final class VaultDriverSettings implements AutoCloseable {

  private static final AtomicInteger SPRING_SOURCES = new AtomicInteger();

  private final Properties driverProperties;
  private final VaultConfig config;
  private final Duration keyRefreshInterval;
  private final MasterSecretSource masterSecretSource;
  /** The name the Spring Environment source is registered under with the driver, or null. */
  private final String registeredSource;

  private VaultDriverSettings(Properties driverProperties, VaultConfig config, Duration keyRefreshInterval,
      MasterSecretSource masterSecretSource, String registeredSource) {
    this.driverProperties = driverProperties;
    this.config = config;
    this.keyRefreshInterval = keyRefreshInterval;
    this.masterSecretSource = masterSecretSource;
    this.registeredSource = registeredSource;
  }

  static VaultDriverSettings resolve(VaultProperties properties, List<String> applicationPackages, ClassLoader loader) {
    return resolve(properties, applicationPackages, loader, null);
  }

  /**
   * @param applicationPackages used when {@code banata.vault.annotated-packages} is not set; a package
   *     among them without encrypted classes is no error
   * @throws ConfigException naming the property, or the file, line and key
   */
  static VaultDriverSettings resolve(VaultProperties properties, List<String> applicationPackages, ClassLoader loader,
      MasterSecretSource springSecret) {
    Properties driver = new Properties();
    if (properties.getConfig() != null && !properties.getConfig().isBlank()) {
      driver.setProperty(ConnectionProperty.CONFIG.propertyName(), driverLocation(properties.getConfig().strip()));
    }
    boolean packagesNamed = properties.getAnnotatedPackages() != null;
    List<String> packages = packagesNamed ? properties.getAnnotatedPackages() : applicationPackages;
    Set<String> classes = new LinkedHashSet<>();
    properties.getAnnotatedClasses().forEach(name -> classes.add(name.strip()));
    classes.addAll(EncryptedEntityScan.classesIn(packages, packagesNamed, loader));
    if (!classes.isEmpty()) {
      driver.setProperty(ConnectionProperty.ANNOTATED_CLASSES.propertyName(), String.join(",", classes));
    }
    putNonNegative(driver, ConnectionProperty.PLAN_CACHE_SIZE, "plan-cache-size", properties.getPlanCacheSize());
    putNonNegative(driver, ConnectionProperty.KEY_REFRESH_SECONDS, "key-refresh-seconds", properties.getKeyRefreshSeconds());
    putText(driver, ConnectionProperty.MASTER_SECRET_SOURCE, properties.getMasterSecretSource());
    putText(driver, ConnectionProperty.MASTER_SECRET_FILE, properties.getMasterSecretFile());
    putText(driver, ConnectionProperty.PREVIOUS_MASTER_SECRETS_FILE, properties.getPreviousMasterSecretsFile());
    putText(driver, ConnectionProperty.METRICS_NAME, properties.getMetricsName());
    putNonNegative(driver, ConnectionProperty.CLIENT_SORT_MAX_ROWS, "client-sort-max-rows", properties.getClientSortMaxRows());
    putText(driver, ConnectionProperty.CLIENT_SORT_LOCALE, properties.getClientSortLocale());
    if (properties.getRegisterMbeans() != null) {
      driver.setProperty(ConnectionProperty.REGISTER_MBEANS.propertyName(), properties.getRegisterMbeans().toString());
    }
    VaultConfig config = VaultConfigLoader.load(driver, loader);
    Duration refresh = Duration.ofSeconds(Long.parseLong(ConnectionProperty.KEY_REFRESH_SECONDS.get(driver)));
    String registered = null;
    if (springSecret != null) {
      if (driver.containsKey(ConnectionProperty.MASTER_SECRET_SOURCE.propertyName())
          || driver.containsKey(ConnectionProperty.MASTER_SECRET_FILE.propertyName())) {
        throw new ConfigException(SpringEnvironmentMasterSecretSource.CURRENT + " is set, and so is " + VaultProperties.PREFIX
            + ".master-secret-source or .master-secret-file: set one of them");
      }
      // The driver (opened by a pool through its jdbc:vault: URL) finds the source by this name.
      registered = "spring-environment-" + SPRING_SOURCES.incrementAndGet();
      MasterSecretSources.register(registered, springSecret);
      driver.setProperty(ConnectionProperty.MASTER_SECRET_SOURCE.propertyName(), registered);
    }
    MasterSecretSource selected = MasterSecretSources.select(driver, config.keys(), loader);
    return new VaultDriverSettings(driver, config, refresh, selected, registered);
  }

  private static void putText(Properties driver, ConnectionProperty property, String value) {
    if (value != null && !value.isBlank()) {
      driver.setProperty(property.propertyName(), value.strip());
    }
  }

  /**
   * Spring's {@code file:} form ({@code file:/etc/app/vault.yaml}, {@code file:///...}) as the driver's
   * plain path; {@code classpath:name} and paths are the driver's own forms already.
   */
  private static String driverLocation(String location) {
    if (!location.startsWith("file:")) {
      return location;
    }
    try {
      return ResourceUtils.getFile(location).getPath();
    } catch (java.io.FileNotFoundException | IllegalArgumentException e) {
      throw new ConfigException(VaultProperties.PREFIX + ".config: " + location + " is not a file location", e);
    }
  }

  private static void putNonNegative(Properties driver, ConnectionProperty property, String name, Integer value) {
    if (value == null) {
      return;
    }
    if (value < 0) {
      throw new ConfigException(VaultProperties.PREFIX + "." + name + ": must be a whole number >= 0, got " + value);
    }
    driver.setProperty(property.propertyName(), Integer.toString(value));
  }

  /** The {@code vault.*} connection properties (a copy). */
  public Properties driverProperties() {
    return (Properties) driverProperties.clone();
  }

  /** The configuration the driver loads from the same properties. */
  public VaultConfig config() {
    return config;
  }

  public Duration keyRefreshInterval() {
    return keyRefreshInterval;
  }

  /** Where the driver and the Vault bean read the master secrets (its {@code toString} says where, never what). */
  public MasterSecretSource masterSecretSource() {
    return masterSecretSource;
  }

  /** The {@code vault.metrics-name} the driver counts under. */
  public String metricsName() {
    String name = driverProperties.getProperty(ConnectionProperty.METRICS_NAME.propertyName());
    return name != null ? name : ConnectionProperty.METRICS_NAME.defaultValue();
  }

  /** Unregisters the Spring Environment source from the driver (runtimes already started keep their secrets). */
  @Override
  public void close() {
    if (registeredSource != null) {
      MasterSecretSources.unregister(registeredSource);
    }
  }

  /** The entity classes the vault reads {@code @Encrypted} fields from, as given to the driver. */
  public List<String> annotatedClasses() {
    String value = driverProperties.getProperty(ConnectionProperty.ANNOTATED_CLASSES.propertyName());
    return value == null ? List.of() : List.of(value.split(","));
  }

  @Override
  public String toString() {
    // Properties and configuration hold names and locations only, never a secret.
    return "VaultDriverSettings" + driverProperties;
  }
}
