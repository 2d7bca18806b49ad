package dev.banata.vault.config;

import dev.banata.vault.internal.config.ClassSource;
import dev.banata.vault.internal.config.MessagePrefix;
import dev.banata.vault.internal.config.VaultConfigLoaderAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * The one way the driver (and the admin command) turns connection properties into a
 * {@link VaultConfig}:
 *
 * <ol>
 *   <li>the file named by {@code vault.config} (a path, or {@code classpath:name}), which must
 *       exist; without that property {@code classpath:vault.yaml} when present;
 *   <li>the entity classes and packages named by the file's {@code annotated-classes} /
 *       {@code annotated-packages} and by the {@code vault.annotated-classes} /
 *       {@code vault.annotated-packages} properties, read from class files without loading them;
 *   <li>merged: a column declared in several places must be declared the same way everywhere.
 * </ol>
 *
 * With neither a file nor annotated classes the result is {@link VaultConfig#empty()}.
 *
 * <p>Loading has no side effect but logging its {@linkplain VaultConfig#warnings() warnings} (System.Logger,
 * WARNING, once per load): no class is loaded or initialized, nothing is cached or written. It
 * is deterministic for the same files, class path and environment, so a caller may cache the
 * result per {@link #locationOf(Properties) location}. Every error is a {@link ConfigException}
 * whose message names the file and line (or class and field) and the key; messages never contain
 * the value of an environment variable.
 *
 * <p>Our own modules also load from an application's archive (the admin command) and pick the
 * encrypted entities of a list of classes (the Spring Boot starter): {@code internal.config.VaultConfigLoaderAccess}.
 */
public final class VaultConfigLoader {

  /** The default location, used when {@code vault.config} is not set and the resource exists. */
  public static final String DEFAULT_LOCATION = "classpath:vault.yaml";

  private static final String CLASSPATH = "classpath:";

  private static final System.Logger LOG = System.getLogger(VaultConfigLoader.class.getName());

  static {
    VaultConfigLoaderAccess.install(new VaultConfigLoaderAccess.Hooks() {
      @Override
      public VaultConfig load(Properties connectionProperties, ClassSource classes, Function<String, String> environment) {
        return VaultConfigLoader.load(connectionProperties, classes, environment);
      }

      @Override
      public List<String> encryptedEntities(Collection<String> classNames, ClassSource classes) {
        AnnotatedEntityReader reader = new AnnotatedEntityReader(classes);
        return classNames.stream().filter(reader::isEncryptedEntity).toList();
      }
    });
  }

  private VaultConfigLoader() {}

  /** {@link #load(Properties, ClassLoader, Function)} with the process environment. */
  public static VaultConfig load(Properties connectionProperties, ClassLoader loader) {
    return load(connectionProperties, loader, System::getenv);
  }

  /**
   * Loads the configuration described by {@code connectionProperties} (the {@code vault.*} ones;
   * others are ignored). {@code loader} is where {@code classpath:} resources and annotated classes
   * are found (typically the thread's context class loader; null means this class's loader).
   * {@code environment} resolves {@code ${NAME}} in the file (tests pass a map's {@code get}).
   *
   * @throws ConfigException naming what to fix and where
   */
  public static VaultConfig load(Properties connectionProperties, ClassLoader loader, Function<String, String> environment) {
    return load(connectionProperties, ClassSource.of(loader == null ? VaultConfigLoader.class.getClassLoader() : loader), environment);
  }

  private static VaultConfig load(Properties connectionProperties, ClassSource classes, Function<String, String> environment) {
    Properties properties = connectionProperties == null ? new Properties() : connectionProperties;
    rejectUnknownProperties(properties);
    VaultConfig.Builder builder = VaultConfig.builder().requirePrimaryKeys();
    List<YamlConfigReader.Located> annotatedClasses = new ArrayList<>();
    List<YamlConfigReader.Located> annotatedPackages = new ArrayList<>();

    String explicit = ConnectionProperty.CONFIG.get(properties);
    String location = explicit == null || explicit.isBlank() ? DEFAULT_LOCATION : explicit.strip();
    String text = read(location, classes, explicit != null && !explicit.isBlank());
    if (text != null) {
      YamlConfigReader.AnnotationSources sources =
          YamlConfigReader.read(text, location, new EnvironmentInterpolation(environment), builder);
      annotatedClasses.addAll(sources.classes());
      annotatedPackages.addAll(sources.packages());
    }
    annotatedClasses.addAll(listProperty(properties, ConnectionProperty.ANNOTATED_CLASSES));
    annotatedPackages.addAll(listProperty(properties, ConnectionProperty.ANNOTATED_PACKAGES));

    AnnotatedEntityReader entities = new AnnotatedEntityReader(classes);
    for (YamlConfigReader.Located entity : annotatedClasses) {
      entities.declareRequired(entity.value(), entity.shown(), entity.origin(), entity.via(), builder);
    }
    for (YamlConfigReader.Located pkg : annotatedPackages) {
      entities.declarePackage(pkg.value(), pkg.shown(), pkg.origin(), pkg.via(), builder);
    }
    VaultConfig config = builder.build();
    for (ConfigWarning warning : config.warnings()) {
      LOG.log(System.Logger.Level.WARNING, MessagePrefix.VAULT + warning.message());
    }
    return config;
  }

  /**
   * The configuration location these properties select: {@code vault.config}, else
   * {@value #DEFAULT_LOCATION} (which may not exist). See {@link #configurationKey} for a cache key.
   */
  static String locationOf(Properties connectionProperties) {
    String explicit = connectionProperties == null ? null : ConnectionProperty.CONFIG.get(connectionProperties);
    return explicit == null || explicit.isBlank() ? DEFAULT_LOCATION : explicit.strip();
  }

  /**
   * Everything in {@code connectionProperties} that {@link #load} depends on, as a value to key a
   * cache of loaded configurations by (together with the class loader): the location and the
   * annotated-class and annotated-package properties. Two property sets with equal keys load equal
   * configurations as long as the files, class path and environment are unchanged.
   */
  static List<String> configurationKey(Properties connectionProperties) {
    Properties properties = connectionProperties == null ? new Properties() : connectionProperties;
    return List.of(locationOf(properties),
        String.valueOf(ConnectionProperty.ANNOTATED_CLASSES.get(properties)),
        String.valueOf(ConnectionProperty.ANNOTATED_PACKAGES.get(properties)));
  }

  private static void rejectUnknownProperties(Properties properties) {
    for (String name : properties.stringPropertyNames()) {
      if (ConnectionProperty.isVaultProperty(name) && ConnectionProperty.byName(name).isEmpty()) {
        throw new ConfigException("connection property " + name + ": unknown vault property; known: "
            + String.join(", ", Arrays.stream(ConnectionProperty.values()).map(ConnectionProperty::propertyName).toList()));
      }
    }
  }

  /** The file's text, or null when the default location has no file. */
  private static String read(String location, ClassSource classes, boolean required) {
    String where = "connection property " + ConnectionProperty.CONFIG.propertyName() + "=" + location;
    try {
      if (location.startsWith(CLASSPATH)) {
        String resource = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
        byte[] bytes = classes.resource(resource);
        if (bytes == null) {
          if (required) {
            throw new ConfigException(where + ": no resource " + resource + " " + classes.place());
          }
          return null;
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(location), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(where + ": no such file (working directory " + Path.of("").toAbsolutePath() + ")");
    } catch (IOException e) {
      throw new ConfigException(where + ": cannot read the file: " + e.getMessage(), e);
    }
  }

  private static List<YamlConfigReader.Located> listProperty(Properties properties, ConnectionProperty property) {
    String value = property.get(properties);
    List<YamlConfigReader.Located> names = new ArrayList<>();
    if (value != null) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          String origin = "connection property " + property.propertyName() + " '" + name.strip() + "'";
          names.add(new YamlConfigReader.Located(name.strip(), name.strip(), origin, origin));
        }
      }
    }
    return names;
  }
}
