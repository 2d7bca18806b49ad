package dev.banata.vault.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Every connection property the vault driver reads, in one place: it feeds
 * {@code Driver.getPropertyInfo} and the README's reference table. Properties not listed here pass
 * to the delegate driver unchanged.
 */
public enum ConnectionProperty {

  CONFIG("vault.config", null,
      "Location of the YAML configuration: a file path or classpath:name. Default: classpath:vault.yaml when present, else annotations only.",
      List.of()),
  ANNOTATED_CLASSES("vault.annotated-classes", null,
      "Comma-separated entity class names whose @Encrypted fields declare encrypted columns, added to the file's annotated-classes.",
      List.of()),
  ANNOTATED_PACKAGES("vault.annotated-packages", null,
      "Comma-separated packages (with sub-packages) scanned for classes with @Encrypted fields, added to the file's annotated-packages.",
      List.of()),
  PLAN_CACHE_SIZE("vault.plan-cache-size", "2048",
      "Maximum number of distinct SQL strings whose analysed plan is kept per driver configuration.",
      List.of()),
  KEY_REFRESH_SECONDS("vault.key-refresh-seconds", "30",
      "How often a connection re-reads the key versions in vault_key, so a new primary version is used without a restart.",
      List.of()),
  CLIENT_SORT_MAX_ROWS("vault.client-sort-max-rows", "100000",
      "Most rows the driver orders itself (ORDER BY on an encrypted column without LIMIT); a query that returns more fails with SQLState 54000.",
      List.of()),
  CLIENT_SORT_LOCALE("vault.client-sort-locale", null,
      "Language tag (en, de-CH, ...) whose java.text.Collator orders text when the driver orders rows itself. Default: code-point order, as PostgreSQL's C collation.",
      List.of()),
  MASTER_SECRET_SOURCE("vault.master-secret-source", "environment",
      "Where the master secrets come from: environment (the variables keys.secret-env and keys.previous-secrets-env name),"
          + " file (vault.master-secret-file), system-property (Java system properties of those names), or the name of a"
          + " source registered with MasterSecretSources.register or provided as a MasterSecretProvider (ServiceLoader)."
          + " Default: file when vault.master-secret-file is set, else environment.",
      List.of()),
  MASTER_SECRET_FILE("vault.master-secret-file", null,
      "File holding the current master secret (e.g. a Kubernetes secret mount); surrounding whitespace is ignored.",
      List.of()),
  PREVIOUS_MASTER_SECRETS_FILE("vault.previous-master-secrets-file", null,
      "File holding earlier master secrets still used for decryption, one per line (or comma-separated); read with vault.master-secret-file.",
      List.of()),
  METRICS_NAME("vault.metrics-name", "vault",
      "The name under which the driver counts (VaultMetrics.named, tag name of the Micrometer meters); runtimes of one name add up.",
      List.of()),
  REGISTER_MBEANS("vault.register-mbeans", "false",
      "Whether the driver registers its figures as the JMX MBean dev.banata.vault:type=VaultMetrics,name=<vault.metrics-name>.",
      List.of("true", "false"));

  private final String propertyName;
  private final String defaultValue;
  private final String description;
  private final List<String> allowedValues;

  ConnectionProperty(String propertyName, String defaultValue, String description, List<String> allowedValues) {
    this.propertyName = propertyName;
    this.defaultValue = defaultValue;
    this.description = description;
    this.allowedValues = allowedValues;
  }

  public String propertyName() {
    return propertyName;
  }

  /** The default, or null when there is none. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The values it accepts, empty when it is free-form. */
  public List<String> allowedValues() {
    return allowedValues;
  }

  /** The value in {@code properties}, else the default (may be null). */
  public String get(Properties properties) {
    String value = properties == null ? null : properties.getProperty(propertyName);
    return value == null ? defaultValue : value;
  }

  /** The property called {@code name}, if it is one of ours. */
  public static Optional<ConnectionProperty> byName(String name) {
    return Arrays.stream(values()).filter(property -> property.propertyName.equals(name)).findFirst();
  }

  /** True for a property of ours (to be kept away from the delegate driver). */
  public static boolean isVaultProperty(String name) {
    return name.startsWith("vault.");
  }
}
