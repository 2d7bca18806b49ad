package dev.banata.vault.keys;

import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.DescribedMasterSecretSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The built-in {@link MasterSecretSource}s and the choice among them that the connection property
 * {@code vault.master-secret-source} makes. This is where the configuration ({@link KeySettings},
 * {@link ConnectionProperty}) meets the crypto layer, which knows neither.
 *
 * <p>Messages name variables, properties and files, never a value read from them.
 */
public final class MasterSecretSources {

  /** {@code vault.master-secret-source} values built in. */
  public static final String ENVIRONMENT = "environment";
  public static final String FILE = "file";
  public static final String SYSTEM_PROPERTY = "system-property";

  private static final Map<String, MasterSecretSource> REGISTERED = new ConcurrentHashMap<>();

  private MasterSecretSources() {}

  /** The current secret from the variable {@code settings.secretEnv()}, earlier ones from {@code settings.previousSecretsEnv()}. */
  public static MasterSecretSource environment(KeySettings settings) {
    return environment(settings, System::getenv);
  }

  /**
   * As {@link #environment(KeySettings)}, reading variables through {@code environment}. Earlier secrets
   * are comma-separated (empty entries are skipped; a secret cannot contain a comma).
   *
   * @throws CryptoException (from {@code load}) "BETTER_AUTH_SECRET is required",
   *     "BETTER_AUTH_SECRET must be at least 32 characters" (with the configured names; a short
   *     previous secret names its variable and position)
   */
  public static MasterSecretSource environment(KeySettings settings, Function<String, String> environment) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(environment, "environment");
    return named("environment variable " + settings.secretEnv(), () -> fromVariables(settings, environment));
  }

  /**
   * Java system properties named like the variables of {@code settings} ({@code -DBETTER_AUTH_SECRET=...},
   * or {@code System.setProperty} before the first connection). Mind that command-line arguments
   * are visible to other users of the machine; see docs/SECURITY.md.
   */
  public static MasterSecretSource systemProperties(KeySettings settings) {
    Objects.requireNonNull(settings, "settings");
    return named("system property " + settings.secretEnv(), () -> fromVariables(settings, System::getProperty));
  }

  /**
   * The current secret from {@code currentFile} (e.g. a Kubernetes secret mounted as a file), earlier
   * ones from {@code previousFile} when it is not null, one per line or comma-separated. Leading and
   * trailing whitespace (the newline editors and {@code kubectl create secret --from-file} leave) is
   * not part of a secret. Read when {@code load} is called.
   *
   * @throws CryptoException (from {@code load}) {@code SECRET_MISSING} naming the file when it cannot
   *     be read or is empty, {@code SECRET_TOO_SHORT} naming the file
   */
  public static MasterSecretSource file(Path currentFile, Path previousFile) {
    Objects.requireNonNull(currentFile, "currentFile");
    return named("file " + currentFile, () -> {
      String secret = read(currentFile);
      if (secret.isEmpty()) {
        throw new CryptoException(CryptoException.Reason.SECRET_MISSING, "the master secret file " + currentFile + " is empty");
      }
      MasterSecret current = MasterSecret.create(secret, "the master secret in " + currentFile);
      List<MasterSecret> previous = new ArrayList<>();
      if (previousFile != null) {
        String[] entries = read(previousFile).split("[,\\n]", -1);
        for (int i = 0; i < entries.length; i++) {
          String entry = entries[i].strip();
          if (!entry.isEmpty()) {
            previous.add(MasterSecret.create(entry, "entry " + (i + 1) + " of the previous master secrets file " + previousFile));
          }
        }
      }
      return MasterSecretSet.of(MasterSecrets.of(current, previous));
    });
  }

  /**
   * Makes {@code source} the one that {@code vault.master-secret-source=name} selects, in this JVM (for
   * applications that configure a {@code jdbc:vault:} URL and fetch the secret in code, e.g. from a
   * KMS). A name registered again replaces the earlier source for runtimes started afterwards.
   */
  public static void register(String name, MasterSecretSource source) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    if (isBuiltIn(name)) {
      throw new IllegalArgumentException(name + " is a built-in master secret source");
    }
    REGISTERED.put(name, source);
  }

  /** Forgets the source registered as {@code name} (runtimes already started keep their secrets). */
  public static void unregister(String name) {
    REGISTERED.remove(name);
  }

  /**
   * The source that {@code vaultProperties} select: {@code vault.master-secret-source} when set; else
   * {@code file} when {@code vault.master-secret-file} is set; else the environment. A name other than
   * the built-in ones is looked up among the {@link #register registered} sources, then among the
   * {@link MasterSecretProvider}s that {@code loader} finds.
   *
   * @throws CryptoException {@code SECRET_MISSING} when the source named does not exist or
   *     {@code file} is chosen without a file
   */
  public static MasterSecretSource select(Properties vaultProperties, KeySettings settings, ClassLoader loader) {
    Objects.requireNonNull(vaultProperties, "vaultProperties");
    Objects.requireNonNull(settings, "settings");
    String file = blankToNull(vaultProperties.getProperty(ConnectionProperty.MASTER_SECRET_FILE.propertyName()));
    String previousFile = blankToNull(vaultProperties.getProperty(ConnectionProperty.PREVIOUS_MASTER_SECRETS_FILE.propertyName()));
    String chosen = blankToNull(vaultProperties.getProperty(ConnectionProperty.MASTER_SECRET_SOURCE.propertyName()));
    String name = chosen != null ? chosen : file != null ? FILE : ENVIRONMENT;
    switch (name) {
      case ENVIRONMENT:
        return environment(settings);
      case SYSTEM_PROPERTY:
        return systemProperties(settings);
      case FILE:
        if (file == null) {
          throw new CryptoException(CryptoException.Reason.SECRET_MISSING, ConnectionProperty.MASTER_SECRET_SOURCE.propertyName()
              + "=file needs " + ConnectionProperty.MASTER_SECRET_FILE.propertyName() + " (the file holding the master secret)");
        }
        return file(Path.of(file), previousFile == null ? null : Path.of(previousFile));
      default:
        MasterSecretSource registered = REGISTERED.get(name);
        if (registered != null) {
          return registered instanceof DescribedMasterSecretSource ? registered : named("registered source " + name, registered);
        }
        ClassLoader providers = loader != null ? loader : MasterSecretSources.class.getClassLoader();
        for (MasterSecretProvider provider : ServiceLoader.load(MasterSecretProvider.class, providers)) {
          if (name.equals(provider.name())) {
            return named("provider " + name, Objects.requireNonNull(provider.source((Properties) vaultProperties.clone()), provider.name()));
          }
        }
        throw new CryptoException(CryptoException.Reason.SECRET_MISSING, ConnectionProperty.MASTER_SECRET_SOURCE.propertyName()
            + ": no master secret source is named '" + name + "' (built in: environment, file, system-property; others are"
            + " registered with MasterSecretSources.register or listed as a MasterSecretProvider service)");
    }
  }

  private static boolean isBuiltIn(String name) {
    return name.equals(ENVIRONMENT) || name.equals(FILE) || name.equals(SYSTEM_PROPERTY);
  }

  private static MasterSecretSet fromVariables(KeySettings settings, Function<String, String> variables) {
    MasterSecret current = MasterSecret.create(variables.apply(settings.secretEnv()), settings.secretEnv());
    List<MasterSecret> previous = new ArrayList<>();
    String list = variables.apply(settings.previousSecretsEnv());
    if (list != null) {
      String[] entries = list.split(",", -1);
      for (int i = 0; i < entries.length; i++) {
        String entry = entries[i].strip();
        if (!entry.isEmpty()) {
          previous.add(MasterSecret.create(entry, settings.previousSecretsEnv() + " entry " + (i + 1)));
        }
      }
    }
    return MasterSecretSet.of(MasterSecrets.of(current, previous));
  }

  /**
   * The file's text. The message names the file and the kind of failure only: an exception's own
   * message could quote what it read.
   */
  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException | RuntimeException e) {
      throw new CryptoException(CryptoException.Reason.SECRET_MISSING,
          "the master secret file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** A source whose {@code toString} says where it reads, never what. */
  private static MasterSecretSource named(String description, MasterSecretSource source) {
    return new DescribedMasterSecretSource() {
      @Override
      public MasterSecretSet load() {
        return source.load();
      }

      @Override
      public String toString() {
        return "MasterSecretSource[" + description + "]";
      }
    };
  }
}
