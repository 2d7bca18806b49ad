package dev.banata.vault.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.EncryptRequest;
import dev.banata.vault.Vault;
import dev.banata.vault.VaultEventType;
import dev.banata.vault.boot.app.RecordedAuditEvents;
import dev.banata.vault.boot.app.StarterTestApplication;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.internal.secrets.VaultSchema;
import dev.banata.vault.jdbc.HikariRejectionOverride;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An application with the starter and an ordinary {@code jdbc:postgresql:} URL: the pool opens vault
 * connections, the raw table holds ciphertext, the Vault bean and the health indicator work, and
 * nothing prints the master secret.
 */
@SpringBootTest(classes = StarterTestApplication.class, properties = "spring.datasource.hikari.maximum-pool-size=1")
@ExtendWith(OutputCaptureExtension.class)
@DatabaseTest
class SpringBootApplicationGoesThroughTheVaultTest {

  private static final String SECRET = System.getenv("BETTER_AUTH_SECRET");

  @RegisterExtension static final TestSchema db = new TestSchema();

  @DynamicPropertySource
  static void testDatabase(DynamicPropertyRegistry properties) {
    properties.add("spring.datasource.url", db::url); // jdbc:postgresql://...: the application's own URL
    properties.add("spring.datasource.username", db::user);
    properties.add("spring.datasource.password", db::password);
  }

  @BeforeAll
  static void tables() throws SQLException {
    db.execute("CREATE TABLE contacts (id bigint PRIMARY KEY, name text, email text, phone text)");
    VaultSchema.install(db.plainDataSource(), MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT)));
  }

  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;
  @Autowired Environment environment;
  @Autowired Vault vault;
  @Autowired RecordedAuditEvents audit;
  @Autowired HealthIndicator vaultHealthIndicator;

  @BeforeEach
  void noContacts() {
    jdbc.update("DELETE FROM contacts");
  }

  @Test
  void thePoolIsTheApplicationsHikariPoolOpeningVaultConnectionsWithTheOverride() {
    assertThat(environment.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql:");
    assertThat(dataSource).isInstanceOfSatisfying(HikariDataSource.class, hikari -> {
      assertThat(hikari.getJdbcUrl()).isEqualTo("jdbc:vault:" + db.url().substring("jdbc:".length()));
      assertThat(hikari.getExceptionOverrideClassName()).isEqualTo(HikariRejectionOverride.class.getName());
      assertThat(hikari.getDataSourceProperties().getProperty("vault.annotated-classes")).isEqualTo("dev.banata.vault.boot.app.Contact");
    });
  }

  @Test
  void rowsWrittenThroughJdbcTemplateAreCiphertextInTheTableAndPlainInTheApplication() throws SQLException {
    jdbc.update("INSERT INTO contacts (id, name, email, phone) VALUES (?, ?, ?, ?)", 1L, "Ada", "ada@example.com", "+44 20 7946 0001");

    assertThat(jdbc.queryForObject("SELECT phone FROM contacts WHERE email = ?", String.class, "ada@example.com"))
        .isEqualTo("+44 20 7946 0001");
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name, email, phone FROM contacts")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString("name")).isEqualTo("Ada");
      assertThat(FieldCipher.isEnvelope(rows.getString("email"))).as(rows.getString("email")).isTrue();
      assertThat(FieldCipher.isEnvelope(rows.getString("phone"))).as(rows.getString("phone")).isTrue();
      assertThat(rows.getString("email") + rows.getString("phone")).doesNotContain("ada", "7946");
    }
  }

  @Test
  void aRefusedStatementKeepsThePooledConnection() {
    // One pooled connection: without the override HikariCP would evict it on SQLState 0A000 and the
    // next statement would run on a new server process.
    Integer before = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);

    assertThatThrownBy(() -> jdbc.queryForList("SELECT id FROM contacts WHERE email LIKE ?", Long.class, "ada%"))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .isInstanceOfSatisfying(SQLException.class, refused -> assertThat(refused.getSQLState()).isEqualTo("0A000"));

    assertThat(jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class)).isEqualTo(before);
  }

  @Test
  void theVaultBeanStoresSecretsOnTheSameDatabaseAndTellsTheListenerBeans() throws SQLException {
    String id = vault.encrypt(EncryptRequest.builder().name("stripe-api-key").data("sk_test_starter_4242")
        .context("payment-processing").metadata(Map.of("provider", "stripe")).build());

    assertThat(vault.decrypt(id, "payment-processing")).isEqualTo("sk_test_starter_4242");
    assertThat(audit.events).anySatisfy(event -> {
      assertThat(event.type()).isEqualTo(VaultEventType.ENCRYPTED);
      assertThat(event.secretId()).isEqualTo(id);
    });
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT encrypted_value FROM vault_secret WHERE id = '" + id + "'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isNotBlank().doesNotContain("sk_test");
    }
  }

  @Test
  void theHealthIndicatorReportsTheKeyVersions() {
    Health health = vaultHealthIndicator.health(true);

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("primaryKeyVersion", 1).containsEntry("keyVersionsRecorded", true)
        .containsEntry("liveKeyVersions", java.util.List.of(1));
  }

  @Test
  void neitherTheLogNorTheBeansShowTheMasterSecret(CapturedOutput output) {
    assertThat(SECRET).hasSizeGreaterThanOrEqualTo(32);
    vaultHealthIndicator.health(true);

    assertThat(output.getAll()).contains("Started").doesNotContain(SECRET);
    assertThat(String.valueOf(vaultHealthIndicator.health(true))).doesNotContain(SECRET);
    assertThat(vault.toString()).doesNotContain(SECRET);
    assertThat(dataSource.toString()).doesNotContain(SECRET);
    assertThat(String.valueOf(((HikariDataSource) dataSource).getDataSourceProperties())).doesNotContain(SECRET);
  }
}
