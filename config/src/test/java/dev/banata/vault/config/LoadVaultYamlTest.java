package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadVaultYamlTest {

  @TempDir Path directory;

  @Test
  void theDesignExampleLoadsWithEveryDefaultApplied() {
    VaultConfig config = new ConfigFiles(directory).load("""
        keys:
          secret-env: BETTER_AUTH_SECRET
          previous-secrets-env: BETTER_AUTH_SECRET_PREVIOUS
        tables:
          customers:
            primary-key: id
            columns:
              email:      { mode: deterministic }
              ssn:        { mode: randomized, context: pii }
              birth_date: { mode: randomized, type: date }
        on-unparseable-sql: reject
        plaintext-reads: reject
        """);

    EncryptedColumn email = config.column(Identifier.of("customers"), Identifier.of("email")).orElseThrow();
    assertThat(email.mode()).isEqualTo(Mode.DETERMINISTIC);
    assertThat(email.context()).isEqualTo("customers.email");
    assertThat(email.type()).isEqualTo(ValueType.TEXT);
    assertThat(email.origin()).isEqualTo(directory.resolve("vault.yaml") + ":8 (tables.customers.columns.email)");
    EncryptedColumn ssn = config.column(Identifier.of("customers"), Identifier.of("ssn")).orElseThrow();
    assertThat(ssn.context()).isEqualTo("pii");
    assertThat(ssn.mode()).isEqualTo(Mode.RANDOMIZED);
    assertThat(config.column(Identifier.of("customers"), Identifier.of("birth_date")).orElseThrow().type()).isEqualTo(ValueType.DATE);
    assertThat(config.table(Identifier.of("customers")).orElseThrow().primaryKey()).contains(Identifier.of("id"));
    assertThat(config.keys()).isEqualTo(KeySettings.DEFAULT);
    assertThat(config.onUnparseableSql()).isEqualTo(UnparseableSqlPolicy.REJECT);
    assertThat(config.plaintextReads()).isEqualTo(PlaintextReadPolicy.REJECT);
  }

  @Test
  void keySettingsAndPoliciesAreRead() {
    VaultConfig config = new ConfigFiles(directory).load("""
        keys:
          secret-env: APP_MASTER_SECRET
          previous-secrets-env: APP_MASTER_SECRET_OLD
        on-unparseable-sql: passthrough
        plaintext-reads: allow
        """);

    assertThat(config.keys()).isEqualTo(new KeySettings("APP_MASTER_SECRET", "APP_MASTER_SECRET_OLD"));
    assertThat(config.onUnparseableSql()).isEqualTo(UnparseableSqlPolicy.PASSTHROUGH);
    assertThat(config.plaintextReads()).isEqualTo(PlaintextReadPolicy.ALLOW);
    assertThat(config.tables()).isEmpty();
  }

  @Test
  void oneKeySettingLeftOutKeepsItsDefault() {
    VaultConfig config = new ConfigFiles(directory).load("""
        keys:
          secret-env: APP_MASTER_SECRET
        """);

    assertThat(config.keys()).isEqualTo(new KeySettings("APP_MASTER_SECRET", "BETTER_AUTH_SECRET_PREVIOUS"));
  }

  @Test
  void unquotedNamesAreCaseInsensitiveAndQuotedNamesExact() {
    VaultConfig config = new ConfigFiles(directory).load("""
        tables:
          Customers:
            primary-key: ID
            columns:
              EMail: { mode: deterministic }
          '"Orders"':
            primary-key: '"OrderId"'
            columns:
              '"CardNumber"': {}
        """);

    assertThat(config.column(Identifier.of("customers"), Identifier.of("email"))).isPresent();
    assertThat(config.column(Identifier.of("CUSTOMERS"), Identifier.of("Email"))).isPresent();
    assertThat(config.table(Identifier.of("customers")).orElseThrow().primaryKey()).contains(Identifier.of("id"));
    assertThat(config.column(Identifier.of("\"Orders\""), Identifier.of("\"CardNumber\""))).isPresent();
    assertThat(config.column(Identifier.of("orders"), Identifier.of("cardnumber"))).isEmpty();
    assertThat(config.table(Identifier.of("\"Orders\"")).orElseThrow().primaryKey()).contains(Identifier.exact("OrderId"));
    assertThat(config.column(Identifier.of("\"Orders\""), Identifier.of("\"CardNumber\"")).orElseThrow().context())
        .isEqualTo("Orders.CardNumber");
  }

  @Test
  void aColumnWithoutSettingsIsRandomizedText() {
    VaultConfig config = new ConfigFiles(directory).load("""
        tables:
          notes:
            primary-key: id
            columns:
              body:
        """);

    EncryptedColumn body = config.column(Identifier.of("notes"), Identifier.of("body")).orElseThrow();
    assertThat(body.mode()).isEqualTo(Mode.RANDOMIZED);
    assertThat(body.type()).isEqualTo(ValueType.TEXT);
  }

  @Test
  void everyValueTypeHasItsYamlName() {
    StringBuilder yaml = new StringBuilder("tables:\n  typed:\n    primary-key: id\n    columns:\n");
    for (ValueType type : ValueType.values()) {
      if (type != ValueType.AUTO) {
        yaml.append("      c_").append(type.name().toLowerCase()).append(": { type: ").append(type.name().toLowerCase()).append(" }\n");
      }
    }
    VaultConfig config = new ConfigFiles(directory).load(yaml.toString());

    for (ValueType type : ValueType.values()) {
      if (type != ValueType.AUTO) {
        assertThat(config.column(Identifier.of("typed"), Identifier.of("c_" + type.name().toLowerCase())).orElseThrow().type())
            .isEqualTo(type);
      }
    }
  }

  @Test
  void anEmptyFileIsAnEmptyConfiguration() {
    assertThat(new ConfigFiles(directory).load("# nothing encrypted yet\n").tables()).isEmpty();
  }

  @Test
  void withoutFileOrAnnotationsTheConfigurationIsEmpty() {
    // The test class path has no vault.yaml at its root.
    VaultConfig config = VaultConfigLoader.load(new Properties(), getClass().getClassLoader());

    assertThat(config.tables()).isEmpty();
    assertThat(config.keys()).isEqualTo(KeySettings.DEFAULT);
  }

  @Test
  void theDefaultVaultYamlIsFoundOnTheClassPath() throws Exception {
    Path root = directory.resolve("classes");
    java.nio.file.Files.createDirectories(root);
    java.nio.file.Files.writeString(root.resolve("vault.yaml"), """
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
        """);
    try (var loader = new java.net.URLClassLoader(new java.net.URL[] {root.toUri().toURL()}, getClass().getClassLoader())) {
      VaultConfig config = VaultConfigLoader.load(new Properties(), loader);

      assertThat(config.column(Identifier.of("customers"), Identifier.of("email"))).isPresent();
    }
  }

  @Test
  void aClasspathLocationNamesAResource() {
    Properties properties = new Properties();
    properties.setProperty("vault.config", "classpath:configs/with-customers.yaml");

    VaultConfig config = VaultConfigLoader.load(properties, getClass().getClassLoader());

    assertThat(config.column(Identifier.of("customers"), Identifier.of("email")).orElseThrow().origin())
        .isEqualTo("classpath:configs/with-customers.yaml:5 (tables.customers.columns.email)");
  }

  @Test
  void aMissingClasspathResourceNamedExplicitlyIsAnError() {
    Properties properties = new Properties();
    properties.setProperty("vault.config", "classpath:nowhere.yaml");

    assertThatThrownBy(() -> VaultConfigLoader.load(properties, getClass().getClassLoader()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("connection property vault.config=classpath:nowhere.yaml: no resource nowhere.yaml on the class path");
  }

  @Test
  void aMissingFileNamedExplicitlyIsAnError() {
    Properties properties = ConfigFiles.properties(directory.resolve("missing.yaml"));

    assertThatThrownBy(() -> VaultConfigLoader.load(properties, getClass().getClassLoader()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("connection property vault.config=" + directory.resolve("missing.yaml") + ": no such file");
  }

  @Test
  void anUnknownVaultConnectionPropertyIsAnError() {
    Properties properties = new Properties();
    properties.setProperty("vault.plan-cache-sise", "10");
    properties.setProperty("sslmode", "require"); // the delegate's business, not ours

    assertThatThrownBy(() -> VaultConfigLoader.load(properties, getClass().getClassLoader()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("connection property vault.plan-cache-sise: unknown vault property; known: vault.config,");
  }

  @Test
  void loadingTwiceGivesEqualConfigurations() {
    ConfigFiles files = new ConfigFiles(directory);
    String yaml = """
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
              ssn: {}
        """;

    VaultConfig first = files.load(yaml, Map.of());
    VaultConfig second = files.load(yaml, Map.of());

    assertThat(second.tables()).containsExactlyElementsOf(first.tables());
  }

  @Test
  void theLocationOfTheDefaultConfigurationIsTheDefaultResource() {
    assertThat(VaultConfigLoader.locationOf(new Properties())).isEqualTo("classpath:vault.yaml");
    Properties properties = new Properties();
    properties.setProperty("vault.config", " /etc/app/vault.yaml ");
    assertThat(VaultConfigLoader.locationOf(properties)).isEqualTo("/etc/app/vault.yaml");
  }

  @Test
  void propertiesThatSelectTheSameConfigurationHaveEqualKeys() {
    Properties first = new Properties();
    first.setProperty("vault.config", "classpath:vault.yaml");
    first.setProperty("user", "app");
    Properties second = new Properties();
    second.setProperty("password", "not part of the key");
    Properties third = new Properties();
    third.setProperty("vault.annotated-packages", "com.example");

    assertThat(VaultConfigLoader.configurationKey(first)).isEqualTo(VaultConfigLoader.configurationKey(second));
    assertThat(VaultConfigLoader.configurationKey(third)).isNotEqualTo(VaultConfigLoader.configurationKey(second));
  }
}
