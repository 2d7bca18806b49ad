package dev.banata.vault.boot;

import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.StoredKeyVersion;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health {@code vault}: the key versions recorded in {@code vault_key} against the master secrets the
 * application has. UP with the primary and the live versions; DOWN when a live version's master
 * secret is configured neither as the current nor as a previous one (its ciphertexts cannot be
 * decrypted). Details hold version numbers, variable names and where the secrets come from only,
 * never a secret or a fingerprint.
 */
final class VaultHealthIndicator extends AbstractHealthIndicator {

  private final KeyVersionStore versions;
  private final MasterSecrets secrets;
  private final KeySettings keys;
  private final String secretSource;

  /** @param secretSource where the secrets were read, as its {@code toString} says (a place, never a value) */
  VaultHealthIndicator(DataSource dataSource, MasterSecrets secrets, KeySettings keys, String secretSource) {
    super("Banata Vault health check failed");
    this.versions = new KeyVersionStore(dataSource);
    this.secrets = secrets;
    this.keys = keys;
    this.secretSource = secretSource;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    builder.withDetail("masterSecretSource", secretSource);
    List<StoredKeyVersion> recorded = versions.versions();
    if (recorded.isEmpty()) {
      // No vault_key rows: version 1 of the current secret is implied (what install records).
      builder.up().withDetail("primaryKeyVersion", 1).withDetail("liveKeyVersions", List.of(1)).withDetail("keyVersionsRecorded", false);
      return;
    }
    List<StoredKeyVersion> live = recorded.stream().filter(StoredKeyVersion::isLive).toList();
    List<Integer> missing = live.stream().filter(version -> secrets.byFingerprint(version.fingerprint()).isEmpty())
        .map(StoredKeyVersion::version).toList();
    int primary = live.stream().mapToInt(StoredKeyVersion::version).max().orElse(0);
    builder.withDetail("primaryKeyVersion", primary)
        .withDetail("liveKeyVersions", live.stream().map(StoredKeyVersion::version).toList())
        .withDetail("keyVersionsRecorded", true);
    if (live.isEmpty()) {
      builder.down().withDetail("problem", "every key version in vault_key is retired; run vault-admin rotate");
    } else if (!missing.isEmpty()) {
      builder.down().withDetail("keyVersionsWithoutMasterSecret", missing)
          .withDetail("problem", "the master secret of key versions " + missing + " is neither " + keys.secretEnv()
              + " nor listed in " + keys.previousSecretsEnv() + "; values encrypted with them cannot be decrypted");
    } else {
      builder.up();
    }
  }
}
