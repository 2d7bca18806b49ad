package dev.banata.vault.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.banata.vault.config.KeySettings;
import dev.banata.vault.crypto.MasterSecrets;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The analyzer on the exceptions production code throws (the master-secret reader, the driver's
 * message form), wrapped the way Spring wraps a failing bean. No database: these need none.
 */
class FailureAnalysisNamesTheProblemAndTheWayOutTest {

  private final VaultFailureAnalyzer analyzer = new VaultFailureAnalyzer();

  @Test
  void aTooShortSecretIsNamedWithoutShowingIt() {
    String shortSecret = "short-but-secret-value";
    Throwable thrown = catchThrowable(() -> MasterSecrets.fromEnvironment(KeySettings.DEFAULT, Map.of("BETTER_AUTH_SECRET", shortSecret)::get));

    FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("vault", "Failed to instantiate", thrown));

    assertThat(analysis.getDescription()).isEqualTo("Banata Vault could not start: BETTER_AUTH_SECRET must be at least 32 characters");
    assertThat(analysis.getAction()).startsWith("Use a master secret of at least 32 random characters");
    assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(shortSecret);
  }

  @Test
  void theDriversMessageReachingHibernateIsFoundInTheCauseChain() {
    Throwable thrown = catchThrowable(() -> MasterSecrets.fromEnvironment(KeySettings.DEFAULT, name -> null));
    // The driver reports it as SQLException "Banata Vault: <message>" (RuntimeFactory), which Hibernate wraps.
    SQLException driver = new SQLException("Banata Vault: " + thrown.getMessage(), "08001");

    FailureAnalysis analysis = analyzer.analyze(new IllegalStateException("Unable to build Hibernate SessionFactory",
        new RuntimeException("Unable to open JDBC Connection", driver)));

    assertThat(analysis.getDescription()).isEqualTo("Banata Vault could not start: BETTER_AUTH_SECRET is required");
    assertThat(analysis.getAction()).startsWith("Set the environment variable BETTER_AUTH_SECRET to the application's master secret");
  }

  @Test
  void otherFailuresAreLeftToSpringBoot() {
    assertThat(analyzer.analyze(new IllegalStateException("port 8080 in use", new SQLException("connection refused", "08001")))).isNull();
  }
}
