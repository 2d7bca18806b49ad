package dev.banata.vault.boot;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code banata.vault.*} properties: the starter's switch and the driver's connection properties
 * ({@code dev.banata.vault.config.ConnectionProperty}), under Spring Boot names. Unset options keep
 * the driver's defaults.
 */
@ConfigurationProperties(VaultProperties.PREFIX)
public class VaultProperties {

  public static final String PREFIX = "banata.vault";

  /** Whether the starter puts the vault in front of the application's DataSource and creates the Vault bean. */
  private boolean enabled = true;

  /**
   * Location of vault.yaml: a file path, file:path or classpath:name (the driver's vault.config). Default:
   * classpath:vault.yaml when present, else annotations only.
   */
  private String config;

  /**
   * Packages (with sub-packages) whose classes with @Encrypted fields declare encrypted columns. Default:
   * the application's auto-configuration packages (those of its @SpringBootApplication class) and its
   * @EntityScan packages. Listed
   * by Spring's class path scanning, so they may sit inside an executable jar.
   */
  private List<String> annotatedPackages;

  /** Entity classes whose @Encrypted fields declare encrypted columns (the driver's vault.annotated-classes). */
  private List<String> annotatedClasses = new ArrayList<>();

  /** Maximum number of distinct SQL strings whose analysed plan is kept (the driver's vault.plan-cache-size; default 2048). */
  private Integer planCacheSize;

  /** How often the key versions in vault_key are re-read, in seconds; 0: only when needed (the driver's vault.key-refresh-seconds; default 30). */
  private Integer keyRefreshSeconds;

  /**
   * Where the master secrets come from: environment, file, system-property, or the name of a registered
   * source or MasterSecretProvider (the driver's vault.master-secret-source). Default: the Spring property
   * banata.vault.master-secret when it is set, else file when master-secret-file is set, else the environment
   * variables vault.yaml's keys name (BETTER_AUTH_SECRET).
   */
  private String masterSecretSource;

  /** File holding the master secret, e.g. a Kubernetes secret mount (the driver's vault.master-secret-file). */
  private String masterSecretFile;

  /** File holding earlier master secrets, one per line (the driver's vault.previous-master-secrets-file). */
  private String previousMasterSecretsFile;

  /** The name the vault's meters carry as tag "name" (the driver's vault.metrics-name; default vault). */
  private String metricsName;

  /** Whether the vault's figures are registered as the JMX MBean dev.banata.vault:type=VaultMetrics (the driver's vault.register-mbeans; default false). */
  private Boolean registerMbeans;

  /** Most rows the driver orders itself (ORDER BY on an encrypted column without LIMIT); more fail with SQLState 54000 (the driver's vault.client-sort-max-rows; default 100000). */
  private Integer clientSortMaxRows;

  /** Language tag whose java.text.Collator orders text when the driver orders rows itself (the driver's vault.client-sort-locale; default: code-point order, as PostgreSQL's C collation). */
  private String clientSortLocale;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getConfig() {
    return config;
  }

  public void setConfig(String config) {
    this.config = config;
  }

  /** Null when not set: the application's packages are used. */
  public List<String> getAnnotatedPackages() {
    return annotatedPackages;
  }

  public void setAnnotatedPackages(List<String> annotatedPackages) {
    this.annotatedPackages = annotatedPackages;
  }

  public List<String> getAnnotatedClasses() {
    return annotatedClasses;
  }

  public void setAnnotatedClasses(List<String> annotatedClasses) {
    this.annotatedClasses = annotatedClasses;
  }

  public Integer getPlanCacheSize() {
    return planCacheSize;
  }

  public void setPlanCacheSize(Integer planCacheSize) {
    this.planCacheSize = planCacheSize;
  }

  public Integer getKeyRefreshSeconds() {
    return keyRefreshSeconds;
  }

  public void setKeyRefreshSeconds(Integer keyRefreshSeconds) {
    this.keyRefreshSeconds = keyRefreshSeconds;
  }

  public String getMasterSecretSource() {
    return masterSecretSource;
  }

  public void setMasterSecretSource(String masterSecretSource) {
    this.masterSecretSource = masterSecretSource;
  }

  public String getMasterSecretFile() {
    return masterSecretFile;
  }

  public void setMasterSecretFile(String masterSecretFile) {
    this.masterSecretFile = masterSecretFile;
  }

  public String getPreviousMasterSecretsFile() {
    return previousMasterSecretsFile;
  }

  public void setPreviousMasterSecretsFile(String previousMasterSecretsFile) {
    this.previousMasterSecretsFile = previousMasterSecretsFile;
  }

  public String getMetricsName() {
    return metricsName;
  }

  public void setMetricsName(String metricsName) {
    this.metricsName = metricsName;
  }

  public Boolean getRegisterMbeans() {
    return registerMbeans;
  }

  public void setRegisterMbeans(Boolean registerMbeans) {
    this.registerMbeans = registerMbeans;
  }

  public Integer getClientSortMaxRows() {
    return clientSortMaxRows;
  }

  public void setClientSortMaxRows(Integer clientSortMaxRows) {
    this.clientSortMaxRows = clientSortMaxRows;
  }

  public String getClientSortLocale() {
    return clientSortLocale;
  }

  public void setClientSortLocale(String clientSortLocale) {
    this.clientSortLocale = clientSortLocale;
  }
}
