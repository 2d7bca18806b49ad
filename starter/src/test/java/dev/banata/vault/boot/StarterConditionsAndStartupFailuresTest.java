package dev.banata.vault.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.Vault;
import dev.banata.vault.boot.app.StarterTestApplication;
import dev.banata.vault.boot.own.OwnDataSourceApplication;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.internal.secrets.VaultSchema;
import dev.banata.vault.jdbc.VaultDataSource;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The starter's switches and failures, each on a real application start (SpringApplication, the
 * application's auto-configuration, the test database): disabled, a data source that is not HikariCP,
 * a key version without its master secret, a missing master secret, a broken vault.yaml.
 */
@DatabaseTest
@ExtendWith(OutputCaptureExtension.class)
class StarterConditionsAndStartupFailuresTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @BeforeAll
  static void tables() throws SQLException {
    db.execute("CREATE TABLE contacts (id bigint PRIMARY KEY, name text, email text, phone text)");
  }

  @BeforeEach
  void noContacts() throws SQLException {
    db.execute("DELETE FROM contacts", "DROP TABLE IF EXISTS vault_secret, vault_audit_event, vault_key, vault_schema_version CASCADE");
  }

  private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
    SpringApplication spring = new SpringApplication(application);
    spring.setWebApplicationType(WebApplicationType.NONE);
    java.util.Map<String, String> arguments = new java.util.LinkedHashMap<>();
    arguments.put("spring.datasource.url", db.url());
    arguments.put("spring.datasource.username", db.user());
    arguments.put("spring.datasource.password", db.password() == null ? "" : db.password());
    for (String property : properties) {
      int equals = property.indexOf('=');
      arguments.put(property.substring(0, equals), property.substring(equals + 1)); // a test's own value replaces the default
    }
    return spring.run(arguments.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new));
  }

  private static String storedEmail() throws SQLException {
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM contacts")) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }

  @Test
  void disabledTheDataSourceStaysPlainAndThereIsNoVaultBean() throws SQLException {
    try (ConfigurableApplicationContext context = start(StarterTestApplication.class, "banata.vault.enabled=false")) {
      assertThat(context.getBean(DataSource.class)).isInstanceOfSatisfying(HikariDataSource.class, hikari -> {
        assertThat(hikari.getJdbcUrl()).isEqualTo(db.url());
        assertThat(hikari.getExceptionOverrideClassName()).isNull();
      });
      assertThat(context.getBeansOfType(Vault.class)).isEmpty();
      assertThat(context.getBeansOfType(HealthIndicator.class)).doesNotContainKey("vaultHealthIndicator");

      context.getBean(JdbcTemplate.class).update("INSERT INTO contacts (id, name, email) VALUES (1, 'Ada', 'ada@example.com')");
    }
    assertThat(storedEmail()).isEqualTo("ada@example.com");
  }

  /** What a single vault layer gives back for the stored email; a second layer would leave an envelope. */
  private static String emailReadThroughOneVaultLayer() throws SQLException {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("user", db.user());
    if (db.password() != null) {
      properties.setProperty("password", db.password());
    }
    properties.setProperty("vault.annotated-classes", "dev.banata.vault.boot.app.Contact");
    try (Connection vault = java.sql.DriverManager.getConnection(db.vaultUrl(), properties);
        Statement statement = vault.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM contacts")) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }

  @Test
  void disabledTheManualJdbcVaultUrlStillWorks() throws SQLException {
    // The set-up without the starter (docs/FRAMEWORKS.md): the URL and driver class name the vault.
    try (ConfigurableApplicationContext context = start(StarterTestApplication.class, "banata.vault.enabled=false",
        "spring.datasource.url=" + db.vaultUrl(), "spring.datasource.driver-class-name=dev.banata.vault.jdbc.VaultDriver",
        "spring.datasource.hikari.data-source-properties.vault.annotated-classes=dev.banata.vault.boot.app.Contact")) {
      context.getBean(JdbcTemplate.class).update("INSERT INTO contacts (id, name, email) VALUES (1, 'Ada', 'ada@example.com')");
    }
    assertThat(FieldCipher.isEnvelope(storedEmail())).isTrue();
    assertThat(emailReadThroughOneVaultLayer()).isEqualTo("ada@example.com");
  }

  @Test
  void aJdbcVaultUrlLeftInPlaceIsNotEncryptedTwice() throws SQLException {
    try (ConfigurableApplicationContext context = start(StarterTestApplication.class,
        "spring.datasource.url=" + db.vaultUrl(), "spring.datasource.driver-class-name=dev.banata.vault.jdbc.VaultDriver")) {
      context.getBean(JdbcTemplate.class).update("INSERT INTO contacts (id, name, email) VALUES (1, 'Ada', 'ada@example.com')");
    }
    assertThat(FieldCipher.isEnvelope(storedEmail())).isTrue();
    assertThat(emailReadThroughOneVaultLayer()).isEqualTo("ada@example.com");
  }

  @Test
  void aDataSourceThatIsNotHikariIsWrappedByVaultDataSource() throws SQLException {
    try (ConfigurableApplicationContext context = start(OwnDataSourceApplication.class,
        "banata.vault.annotated-classes=dev.banata.vault.boot.app.Contact")) {
      assertThat(context.getBean(DataSource.class)).isInstanceOf(VaultDataSource.class);

      context.getBean(JdbcTemplate.class).update("INSERT INTO contacts (id, name, email) VALUES (1, 'Ada', 'ada@example.com')");
      assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT name FROM contacts WHERE email = ?", String.class, "ada@example.com"))
          .isEqualTo("Ada");
    }
    assertThat(FieldCipher.isEnvelope(storedEmail())).isTrue();
    assertThat(emailReadThroughOneVaultLayer()).isEqualTo("ada@example.com");
  }

  @Test
  void aPoolStartedByTheApplicationIsWrappedAndClosedWithTheContext() throws SQLException {
    HikariDataSource pool;
    try (ConfigurableApplicationContext context = start(dev.banata.vault.boot.started.StartedPoolApplication.class,
        "banata.vault.annotated-classes=dev.banata.vault.boot.app.Contact")) {
      DataSource dataSource = context.getBean(DataSource.class);
      assertThat(dataSource).isInstanceOf(VaultDataSource.class);
      pool = dataSource.unwrap(HikariDataSource.class);
      assertThat(pool.getJdbcUrl()).isEqualTo(db.url());

      context.getBean(JdbcTemplate.class).update("INSERT INTO contacts (id, name, email) VALUES (1, 'Ada', 'ada@example.com')");
      assertThat(pool.isClosed()).isFalse();
    }
    assertThat(pool.isClosed()).isTrue();
    assertThat(FieldCipher.isEnvelope(storedEmail())).isTrue();
    assertThat(emailReadThroughOneVaultLayer()).isEqualTo("ada@example.com");
  }

  @Test
  void entityScanPackagesJoinTheApplicationsOwnPackages() {
    try (ConfigurableApplicationContext context = start(dev.banata.vault.boot.scanned.app.EntityScanApplication.class)) {
      assertThat(context.getBean(VaultDriverSettings.class).annotatedClasses()).containsExactly("dev.banata.vault.boot.scanned.model.Invoice");
    }
  }

  @Test
  void aLiveKeyVersionWithoutItsMasterSecretMakesTheHealthDown() throws SQLException {
    MasterSecrets current = MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT));
    VaultSchema.install(db.plainDataSource(), current);
    // Version 1 now belongs to a secret this application does not have; version 2 (primary) to its own.
    db.execute("UPDATE vault_key SET fingerprint = 'not-any-configured-secret' WHERE version = 1");
    new KeyVersionStore(db.plainDataSource()).registerNewPrimary(current);

    try (ConfigurableApplicationContext context = start(StarterTestApplication.class)) {
      Health health = context.getBean("vaultHealthIndicator", HealthIndicator.class).health(true);

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("primaryKeyVersion", 2).containsEntry("liveKeyVersions", List.of(1, 2))
          .containsEntry("keyVersionsWithoutMasterSecret", List.of(1));
      assertThat(String.valueOf(health.getDetails().get("problem"))).contains("BETTER_AUTH_SECRET_PREVIOUS");
      assertThat(health.toString()).doesNotContain(System.getenv("BETTER_AUTH_SECRET"));
    }
  }

  @Test
  void aMissingMasterSecretStopsStartupWithTheAnalyzersDescriptionAndAction(CapturedOutput output) {
    Throwable failure = startupFailure("banata.vault.config=classpath:vault-starter-test/unset-secret.yaml");

    FailureAnalysis analysis = new VaultFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription()).isEqualTo("Banata Vault could not start: VAULT_STARTER_TEST_UNSET_SECRET is required");
    assertThat(analysis.getAction()).startsWith("Set the environment variable VAULT_STARTER_TEST_UNSET_SECRET to the application's master secret")
        .contains("banata.vault.enabled=false");
    // What Spring Boot printed: the analyzer is registered (spring.factories) and chosen for this failure.
    assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "Description:", analysis.getDescription(), "Action:",
        "Set the environment variable VAULT_STARTER_TEST_UNSET_SECRET");
  }

  @Test
  void aBrokenVaultYamlStopsStartupNamingTheFileLineAndKey(CapturedOutput output) {
    Throwable failure = startupFailure("banata.vault.config=classpath:vault-starter-test/unknown-key.yaml");

    FailureAnalysis analysis = new VaultFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription()).startsWith("Banata Vault could not start: classpath:vault-starter-test/unknown-key.yaml:5:")
        .contains("colour");
    assertThat(analysis.getAction()).startsWith("Correct the file, class or property the message names");
    assertThat(output.getAll()).contains("APPLICATION FAILED TO START", analysis.getDescription());
  }

  @Test
  void aNamedPackageWithoutEncryptedClassesStopsStartup() {
    Throwable failure = startupFailure("banata.vault.annotated-packages=org.springframework.jdbc.core");

    assertThat(new VaultFailureAnalyzer().analyze(failure).getDescription()).isEqualTo("Banata Vault could not start: "
        + "banata.vault.annotated-packages: no class with @Encrypted fields in package org.springframework.jdbc.core or its sub-packages");
  }

  private static Throwable startupFailure(String... properties) {
    try (ConfigurableApplicationContext context = start(StarterTestApplication.class, properties)) {
      throw new AssertionError("the application started: " + context);
    } catch (RuntimeException failure) {
      return failure;
    }
  }
}
