package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.keys.MasterSecretSources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MasterSecretValidationTest {

  private static final String GOOD = "0123456789abcdef0123456789abcdef"; // exactly 32 characters
  private static final String OLDER = "an-older-secret-that-is-long-enough-0001";

  @Test
  void missingSecretIsReportedWithTheVariableName() {
    assertThatThrownBy(() -> MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT, Map.<String, String>of()::get)))
        .isInstanceOf(CryptoException.class)
        .hasMessage("BETTER_AUTH_SECRET is required")
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.SECRET_MISSING);
    assertThatThrownBy(() -> MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT, Map.of("BETTER_AUTH_SECRET", "")::get)))
        .hasMessage("BETTER_AUTH_SECRET is required");
  }

  @Test
  void shortSecretIsReportedWithTheVariableNameAndNeverTheValue() {
    String shortSecret = GOOD.substring(1); // 31 characters
    assertThatThrownBy(() -> MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT, Map.of("BETTER_AUTH_SECRET", shortSecret)::get)))
        .isInstanceOf(CryptoException.class)
        .hasMessage("BETTER_AUTH_SECRET must be at least 32 characters")
        .hasMessageNotContaining(shortSecret)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.SECRET_TOO_SHORT);
  }

  @Test
  void configuredVariableNamesAppearInTheMessages() {
    KeySettings custom = new KeySettings("APP_MASTER_KEY", "APP_MASTER_KEY_OLD");
    assertThatThrownBy(() -> MasterSecretSetAccess.load(MasterSecretSources.environment(custom, Map.of("BETTER_AUTH_SECRET", GOOD)::get)))
        .hasMessage("APP_MASTER_KEY is required");
    assertThatThrownBy(() -> MasterSecretSetAccess.load(MasterSecretSources.environment(custom, Map.of("APP_MASTER_KEY", "short")::get)))
        .hasMessage("APP_MASTER_KEY must be at least 32 characters");
    assertThatThrownBy(() -> MasterSecretSetAccess.load(MasterSecretSources.environment(custom,
        Map.of("APP_MASTER_KEY", GOOD, "APP_MASTER_KEY_OLD", OLDER + ",short")::get)))
        .hasMessage("APP_MASTER_KEY_OLD entry 2 must be at least 32 characters");
  }

  @Test
  void exactly32CharactersIsEnoughAndPreviousSecretsAreFoundByFingerprint() {
    MasterSecrets secrets = MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT,
        Map.of("BETTER_AUTH_SECRET", GOOD, "BETTER_AUTH_SECRET_PREVIOUS", " " + OLDER + " ,, " + GOOD)::get));

    MasterSecret older = MasterSecret.create(OLDER);
    assertThat(secrets.current().fingerprint()).isEqualTo(MasterSecret.create(GOOD).fingerprint());
    assertThat(secrets.all()).extracting(MasterSecret::fingerprint)
        .containsExactly(secrets.current().fingerprint(), older.fingerprint());
    assertThat(secrets.byFingerprint(older.fingerprint())).contains(older);
    assertThat(secrets.byFingerprint("0000000000000000")).isEmpty();
  }

  @Test
  void fingerprintIsStableNonSecretAndDistinct() {
    MasterSecret a = MasterSecret.create(GOOD);
    assertThat(a.fingerprint()).matches("[0-9a-f]{16}").isEqualTo(MasterSecret.create(GOOD).fingerprint())
        .isNotEqualTo(MasterSecret.create(OLDER).fingerprint());
    assertThat(GOOD).doesNotContain(a.fingerprint());
  }

  @Test
  void secretsNeverAppearInToString() {
    MasterSecrets secrets = TestKeys.secrets(GOOD, OLDER);
    KeyRing ring = KeyRing.initial(secrets);
    String all = secrets.current() + " " + secrets + " " + ring + " "
        + ring.aead(1, KeyPurpose.FIELD_RANDOMIZED, "c") + " " + ring.deterministicAead(1, "c");
    assertThat(all).doesNotContain(GOOD).doesNotContain(OLDER).contains("redacted");
  }
}
