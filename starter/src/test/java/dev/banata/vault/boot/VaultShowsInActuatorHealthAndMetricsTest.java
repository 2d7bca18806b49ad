package dev.banata.vault.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.banata.vault.Vault;
import dev.banata.vault.boot.app.StarterTestApplication;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import dev.banata.vault.EncryptRequest;
import dev.banata.vault.internal.secrets.VaultSchema;
import java.sql.SQLException;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A Spring Boot web application with Actuator and the starter, its master secret in a Spring
 * property ({@code banata.vault.master-secret}, not {@code BETTER_AUTH_SECRET}): {@code /actuator/health}
 * shows the vault UP, {@code /actuator/metrics} lists the vault's meters with their figures, and no
 * actuator answer and no log line shows the secret.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
    "spring.datasource.hikari.maximum-pool-size=2",
    "management.endpoints.web.exposure.include=health,metrics,env,configprops,beans",
    "management.endpoint.health.show-details=always",
    "banata.vault.master-secret=" + VaultShowsInActuatorHealthAndMetricsTest.SPRING_SECRET,
    "banata.vault.metrics-name=actuator-test"})
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
@DatabaseTest
class VaultShowsInActuatorHealthAndMetricsTest {

  static final String SPRING_SECRET = "spring-environment-master-secret-0123456789";

  @RegisterExtension static final TestSchema db = new TestSchema();

  @DynamicPropertySource
  static void testDatabase(DynamicPropertyRegistry properties) {
    properties.add("spring.datasource.url", db::url);
    properties.add("spring.datasource.username", db::user);
    properties.add("spring.datasource.password", db::password);
  }

  @BeforeAll
  static void tables() throws SQLException {
    db.execute("CREATE TABLE contacts (id bigint PRIMARY KEY, name text, email text, phone text)");
    // Key version 1 belongs to the Spring property's secret: with BETTER_AUTH_SECRET the vault would be DOWN.
    VaultSchema.install(db.plainDataSource(), MasterSecrets.of(MasterSecret.create(SPRING_SECRET)));
  }

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired Vault vault;

  private String body(String path) throws Exception {
    return mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
  }

  @Test
  void healthShowsTheVaultUpWithItsKeyVersionsAndWhereTheSecretComesFrom() throws Exception {
    mvc.perform(get("/actuator/health"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.components.vault.status").value("UP"))
        .andExpect(jsonPath("$.components.vault.details.primaryKeyVersion").value(1))
        .andExpect(jsonPath("$.components.vault.details.liveKeyVersions[0]").value(1))
        .andExpect(jsonPath("$.components.vault.details.masterSecretSource")
            .value("MasterSecretSource[Spring property banata.vault.master-secret]"));
  }

  @Test
  void metricsListTheVaultsMetersWithTheirFigures() throws Exception {
    jdbc.update("INSERT INTO contacts (id, name, email, phone) VALUES (?, ?, ?, ?)", 1L, "Ada", "ada@example.com", "+44 1");
    assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE email = ?", String.class, "ada@example.com")).isEqualTo("Ada");
    assertThatThrownBy(() -> jdbc.queryForList("SELECT id FROM contacts WHERE email LIKE ?", Long.class, "ada%"))
        .isInstanceOf(DataAccessException.class);

    mvc.perform(get("/actuator/metrics"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.names", Matchers.hasItems("vault.statements.planned", "vault.statements.refused",
            "vault.statements.analysis", "vault.plan.cache.hits", "vault.plan.cache.misses", "vault.plan.cache.evictions",
            "vault.plan.cache.size", "vault.keys.refreshes")));
    mvc.perform(get("/actuator/metrics/vault.statements.refused")
            .param("tag", "name:actuator-test").param("tag", "reason:pattern-match").param("tag", "column:email"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.measurements[0].value").value(Matchers.greaterThanOrEqualTo(1.0)))
        .andExpect(jsonPath("$.availableTags[*].tag", Matchers.hasItem("table")));
    mvc.perform(get("/actuator/metrics/vault.statements.planned").param("tag", "name:actuator-test"))
        .andExpect(jsonPath("$.measurements[0].value").value(Matchers.greaterThanOrEqualTo(2.0)));
  }

  @Test
  void theSecretFromTheSpringPropertyWorksAndNoActuatorAnswerOrLogLineShowsIt(CapturedOutput output) throws Exception {
    String id = vault.encrypt(EncryptRequest.builder().name("actuator-test-key").data("sk_test_actuator").build());
    assertThat(vault.decrypt(id)).isEqualTo("sk_test_actuator");
    jdbc.update("INSERT INTO contacts (id, name, email) VALUES (?, ?, ?)", 2L, "Grace", "grace@example.com");

    String answers = body("/actuator/health") + body("/actuator/metrics") + body("/actuator/metrics/vault.statements.refused")
        + body("/actuator/env") + body("/actuator/configprops") + body("/actuator/beans");
    assertThat(answers).contains("banata.vault.master-secret").doesNotContain(SPRING_SECRET);
    assertThat(output.getAll()).contains("Started").doesNotContain(SPRING_SECRET);
  }
}
