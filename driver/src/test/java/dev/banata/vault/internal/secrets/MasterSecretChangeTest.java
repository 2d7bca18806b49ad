package dev.banata.vault.internal.secrets;

import static dev.banata.vault.internal.secrets.VaultTestKit.SECRET_A;
import static dev.banata.vault.internal.secrets.VaultTestKit.SECRET_B;
import static dev.banata.vault.internal.secrets.VaultTestKit.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.KeyRotationResult;
import dev.banata.vault.Vault;
import dev.banata.vault.VaultException;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The documented way to change BETTER_AUTH_SECRET: set the new one, keep the old one in
 * BETTER_AUTH_SECRET_PREVIOUS, rotate, then drop the old one.
 */
@DatabaseTest
class MasterSecretChangeTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @Test
  void changingTheMasterSecretWithARotationKeepsEverySecretReadable() throws Exception {
    Map<String, String> stored = new HashMap<>();
    Map<String, String> contexts = new HashMap<>();
    try (Vault before = VaultTestKit.installAndOpen(db, VaultTestKit.ONLY_A)) {
      for (int i = 0; i < 40; i++) {
        String context = i % 2 == 0 ? "ctx-" + i : null;
        String id = before.encrypt(secret("s" + i, "value-" + i).context(context).organizationId(i % 4 == 0 ? "org_x" : null).build());
        stored.put(id, "value-" + i);
        contexts.put(id, context);
      }
    }

    Map<String, String> environment = Map.of(
        "BETTER_AUTH_SECRET", "test-master-secret-B-0123456789abcdefghijklmnop",
        "BETTER_AUTH_SECRET_PREVIOUS", "test-master-secret-A-0123456789abcdefghijklmnop");
    int newVersion;
    try (Vault during = Vault.builder(VaultTestKit.pooled(db)).environment(environment::get).build()) {
      // Until the rotation, version 1 (secret A, now a previous secret) stays primary.
      stored.forEach((id, value) -> assertThat(during.decrypt(id, contexts.get(id))).isEqualTo(value));
      String writtenBeforeRotation = during.encrypt(secret("late", "late-value").build());
      stored.put(writtenBeforeRotation, "late-value");
      contexts.put(writtenBeforeRotation, null);

      KeyRotationResult result = during.rotateKey();

      assertThat(result.status()).isEqualTo(KeyRotationResult.Status.COMPLETED);
      assertThat(result.reencrypted()).isEqualTo(41);
      newVersion = result.newVersion();
    }
    assertThat(VaultTestKit.queryStrings(db, "SELECT version || ' ' || fingerprint FROM vault_key ORDER BY version"))
        .containsExactly("1 " + SECRET_A.fingerprint(), newVersion + " " + SECRET_B.fingerprint());

    Map<String, String> afterEnvironment = Map.of("BETTER_AUTH_SECRET", "test-master-secret-B-0123456789abcdefghijklmnop");
    try (Vault after = Vault.builder(VaultTestKit.pooled(db)).environment(afterEnvironment::get).build()) {
      stored.forEach((id, value) -> assertThat(after.decrypt(id, contexts.get(id))).isEqualTo(value));
      String fresh = after.encrypt(secret("new", "new-value").build());
      assertThat(after.get(fresh).version()).isEqualTo(newVersion);
    }
  }

  @Test
  void droppingTheOldSecretBeforeRotatingIsRefusedAtStartup() throws Exception {
    db.execute("DROP TABLE IF EXISTS vault_secret, vault_key, vault_audit_event, vault_schema_version");
    VaultTestKit.installAndOpen(db, VaultTestKit.ONLY_A).close();

    assertThatThrownBy(() -> Vault.builder(VaultTestKit.pooled(db))
        .masterSecretSource(() -> MasterSecretSetAccess.of(dev.banata.vault.internal.crypto.MasterSecrets.of(SECRET_B, List.of()))).build())
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("primary key version 1").hasMessageContaining(SECRET_A.fingerprint())
        .extracting(e -> ((VaultException) e).code()).isEqualTo(VaultException.Code.MASTER_SECRET);
  }
}
