package dev.banata.vault.boot;

import dev.banata.vault.config.ConfigException;
import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.config.VaultConfigLoader;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.springframework.util.ResourceUtils;

/**
 * The {@code banata.vault.*} properties turned into the driver's {@code vault.*} connection properties,
 * and the configuration they load, loaded once at startup so that a mistake in {@code vault.yaml} or an
 * annotation stops the application before it serves anything (the driver alone would report it at the
 * first connection).
 */
public final class VaultDriverSettings {

  private final Properties driverProperties;
  private final VaultConfig config;
  private final Duration keyRefreshInterval;

  private VaultDriverSettings(Properties driverProperties, VaultConfig config, Duration keyRefreshInterval) {
    this.driverProperties = driverProperties;
    this.config = config;
    this.keyRefreshInterval = keyRefreshInterval;
  }

  /**
   * @param applicationPackages used when {@code banata.vault.annotated-packages} is not set; a package
   *     among them without encrypted classes is no error
   * @throws ConfigException naming the property, or the file, line and key
   */
  static VaultDriverSettings resolve(VaultProperties properties, List<String> applicationPackages, ClassLoader loader) {
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
    VaultConfig config = VaultConfigLoader.load(driver, loader);
    Duration refresh = Duration.ofSeconds(Long.parseLong(ConnectionProperty.KEY_REFRESH_SECONDS.get(driver)));
    return new VaultDriverSettings(driver, config, refresh);
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
