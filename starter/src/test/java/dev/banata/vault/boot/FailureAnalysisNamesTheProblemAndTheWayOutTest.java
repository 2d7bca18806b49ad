package dev.banata.vault.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.keys.MasterSecretSources;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The analyzer on the exceptions production code throws (the master-secret reader, the driver),
 * wrapped the way Spring and Hibernate wrap them. No database: these fail before reaching one.
 */
class FailureAnalysisNamesTheProblemAndTheWayOutTest {

  private final VaultFailureAnalyzer analyzer = new VaultFailureAnalyzer();

  @Test
  void aTooShortSecretIsNamedWithoutShowingIt() {
    String shortSecret = "short-but-secret-value";
    Throwable thrown = catchThrowable(() -> MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT, Map.of("BETTER_AUTH_SECRET", shortSecret)::get)));

    FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("vault", "Failed to instantiate", thrown));

    assertThat(analysis.getDescription()).isEqualTo("Banata Vault could not start: BETTER_AUTH_SECRET must be at least 32 characters");
    assertThat(analysis.getAction()).startsWith("Use a master secret of at least 32 random characters");
    assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(shortSecret);
  }

  @Test
  void theDriversOwnRefusalReachingHibernateIsFoundInTheCauseChain() {
    // The real driver: a configured column and an unset master secret variable fail the connection
    // before any database is reached (port 1 would refuse it anyway).
    Throwable driver = catchThrowable(() -> DriverManager.getConnection(
        "jdbc:vault:postgresql://127.0.0.1:1/none?vault.config=classpath:vault-starter-test/unset-secret-with-table.yaml"));
    assertThat(driver).isInstanceOf(SQLException.class);

    FailureAnalysis analysis = analyzer.analyze(new IllegalStateException("Unable to build Hibernate SessionFactory",
        new RuntimeException("Unable to open JDBC Connection", driver)));

    assertThat(analysis.getDescription()).isEqualTo("Banata Vault could not start: VAULT_STARTER_TEST_UNSET_SECRET is required");
    assertThat(analysis.getAction()).startsWith("Set the environment variable VAULT_STARTER_TEST_UNSET_SECRET to the application's master secret");
  }

  @Test
  void otherFailuresAreLeftToSpringBoot() {
    assertThat(analyzer.analyze(new IllegalStateException("port 8080 in use", new SQLException("connection refused", "08001")))).isNull();
  }
}
