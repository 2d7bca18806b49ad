package dev.banata.vault.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.config.ConfigException;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.keys.MasterSecretSources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

/**
 * {@code banata.vault.master-secret} (and {@code banata.vault.previous-master-secrets}) from Spring's
 * Environment: read when the vault starts, handed to the driver under a registered name, gone when
 * the context closes; a second way of naming the secret is refused; messages never quote it.
 */
class MasterSecretFromSpringsEnvironmentTest {

  static final String SECRET = "spring-property-master-secret-0123456789ab";
  static final String OLDER = "older-spring-property-master-secret-012345";

  private static VaultDriverSettings resolve(VaultProperties properties, MockEnvironment environment) {
    return VaultDriverSettings.resolve(properties, List.of(), MasterSecretFromSpringsEnvironmentTest.class.getClassLoader(),
        SpringEnvironmentMasterSecretSource.isConfigured(environment) ? new SpringEnvironmentMasterSecretSource(environment) : null);
  }

  @Test
  void theCurrentAndPreviousSecretsComeFromTheEnvironment() {
    MockEnvironment environment = new MockEnvironment().withProperty("banata.vault.master-secret", SECRET)
        .withProperty("banata.vault.previous-master-secrets", OLDER);

    try (VaultDriverSettings settings = resolve(new VaultProperties(), environment)) {
      String name = settings.driverProperties().getProperty("vault.master-secret-source");
      assertThat(name).startsWith("spring-environment-");
      MasterSecrets secrets = MasterSecretSetAccess.load(settings.masterSecretSource());
      assertThat(secrets.all()).containsExactly(MasterSecret.create(SECRET), MasterSecret.create(OLDER));
      // What a pool's jdbc:vault: connection finds by the name.
      assertThat(MasterSecretSetAccess.load(MasterSecretSources.select(settings.driverProperties(), KeySettings.DEFAULT, null)).current())
          .isEqualTo(MasterSecret.create(SECRET));
      assertThat(settings.masterSecretSource()).hasToString("MasterSecretSource[Spring property banata.vault.master-secret]");
      assertThat(settings.toString()).doesNotContain(SECRET);

      settings.close();
      assertThatThrownBy(() -> MasterSecretSources.select(settings.driverProperties(), KeySettings.DEFAULT, null))
          .isInstanceOf(CryptoException.class).hasMessageContaining("no master secret source is named '" + name + "'");
    }
  }

  @Test
  void aShortSecretIsNamedByItsPropertyNeverQuoted() {
    MockEnvironment environment = new MockEnvironment().withProperty("banata.vault.master-secret", "too-short-secret");

    try (VaultDriverSettings settings = resolve(new VaultProperties(), environment)) {
      assertThatThrownBy(() -> settings.masterSecretSource().load()).isInstanceOf(CryptoException.class)
          .hasMessage("banata.vault.master-secret must be at least 32 characters");
    }
  }

  @Test
  void theSpringPropertyAndAFileAtOnceAreRefused() {
    VaultProperties properties = new VaultProperties();
    properties.setMasterSecretFile("/run/secrets/vault");

    assertThatThrownBy(() -> resolve(properties, new MockEnvironment().withProperty("banata.vault.master-secret", SECRET)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("banata.vault.master-secret is set, and so is banata.vault.master-secret-source or .master-secret-file:"
            + " set one of them");
  }

  @Test
  void withoutTheSpringPropertyTheFileOptionReachesTheDriver() {
    VaultProperties properties = new VaultProperties();
    properties.setMasterSecretFile("/run/secrets/vault");
    properties.setMetricsName("orders");

    try (VaultDriverSettings settings = resolve(properties, new MockEnvironment())) {
      assertThat(settings.driverProperties()).containsEntry("vault.master-secret-file", "/run/secrets/vault")
          .doesNotContainKey("vault.master-secret-source");
      assertThat(settings.masterSecretSource()).hasToString("MasterSecretSource[file " + Path.of("/run/secrets/vault") + "]");
      assertThat(settings.metricsName()).isEqualTo("orders");
    }
  }

  @Test
  void anUnreadableSecretFileIsShownAsSomethingToMount() {
    CryptoException failure = new CryptoException(CryptoException.Reason.SECRET_MISSING,
        "the master secret file /run/secrets/vault cannot be read (NoSuchFileException)");

    FailureAnalysis analysis = new VaultFailureAnalyzer().analyze(new IllegalStateException("context", failure));

    assertThat(analysis.getDescription())
        .isEqualTo("Banata Vault could not start: the master secret file /run/secrets/vault cannot be read (NoSuchFileException)");
    assertThat(analysis.getAction()).startsWith("Mount the file that holds the master secret");
  }
}
