package dev.banata.vault.internal.secrets;

import dev.banata.vault.VaultException;
import static dev.banata.vault.internal.secrets.VaultTestKit.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.Vault;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What someone with write access to the table (but not the master secret) can and cannot do. */
@DatabaseTest
class CiphertextBindingTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  static Vault vault;

  @BeforeAll
  static void open() throws Exception {
    vault = VaultTestKit.installAndOpen(db);
  }

  @AfterAll
  static void close() {
    vault.close();
  }

  @Test
  void ciphertextAndIvCopiedIntoAnotherRowDoNotDecrypt() throws Exception {
    String victim = vault.encrypt(secret("stripe-api-key", "sk_live_victim").context("payments").build());
    String attacker = vault.encrypt(secret("stripe-api-key", "sk_live_attacker").context("payments").build());

    db.execute("UPDATE vault_secret t SET encrypted_value = s.encrypted_value, iv = s.iv"
        + " FROM vault_secret s WHERE s.id = '" + victim + "' AND t.id = '" + attacker + "'");

    assertThatThrownBy(() -> vault.decrypt(attacker, "payments")).isInstanceOf(VaultException.class).hasMessage("Decryption failed");
    assertThat(vault.decrypt(victim, "payments")).isEqualTo("sk_live_victim");
  }

  @Test
  void rowsSwappedBetweenOrganizationsDoNotDecrypt() throws Exception {
    String first = vault.forOrganization("org_a").encrypt(secret("token", "token-a").build());
    String second = vault.forOrganization("org_b").encrypt(secret("token", "token-b").build());

    db.execute("UPDATE vault_secret t SET encrypted_value = s.encrypted_value, iv = s.iv"
        + " FROM vault_secret s WHERE (t.id, s.id) IN (('" + first + "', '" + second + "'), ('" + second + "', '" + first + "'))");

    assertThatThrownBy(() -> vault.decrypt(first)).hasMessage("Decryption failed");
    assertThatThrownBy(() -> vault.decrypt(second)).hasMessage("Decryption failed");
  }

  @Test
  void movingASecretToAnotherOrganizationByHandDoesNotDecrypt() throws Exception {
    String id = vault.forOrganization("org_a").encrypt(secret("token", "token-a").build());

    db.execute("UPDATE vault_secret SET organization_id = 'org_evil' WHERE id = '" + id + "'");

    assertThatThrownBy(() -> vault.forOrganization("org_evil").decrypt(id)).hasMessage("Decryption failed");
  }

  @Test
  void renamingASecretByHandDoesNotDecrypt() throws Exception {
    String id = vault.encrypt(secret("readable-name", "value").build());

    db.execute("UPDATE vault_secret SET name = 'other-name' WHERE id = '" + id + "'");

    assertThatThrownBy(() -> vault.decrypt(id)).hasMessage("Decryption failed");
  }

  @Test
  void editingTheStoredContextDoesNotHelpAWrongContext() throws Exception {
    String id = vault.encrypt(secret("bound", "value").context("email").build());

    db.execute("UPDATE vault_secret SET context = 'payments' WHERE id = '" + id + "'");

    assertThatThrownBy(() -> vault.decrypt(id, "payments")).hasMessage("Decryption failed");
    assertThat(vault.decrypt(id, "email")).isEqualTo("value");
  }

  @Test
  void everyFlippedBitOfCiphertextOrIvIsDecryptionFailed() throws Exception {
    String id = vault.encrypt(secret("tamper", "tamper-me").build());
    String value = VaultTestKit.queryString(db, "SELECT encrypted_value FROM vault_secret WHERE id = '" + id + "'");
    String iv = VaultTestKit.queryString(db, "SELECT iv FROM vault_secret WHERE id = '" + id + "'");
    byte[] valueBytes = Base64.getDecoder().decode(value);
    byte[] ivBytes = Base64.getDecoder().decode(iv);

    int failures = 0;
    for (int bit = 0; bit < valueBytes.length * 8; bit++) {
      failures += decryptsAfter(id, flip(valueBytes, bit), iv) ? 0 : 1;
    }
    for (int bit = 0; bit < ivBytes.length * 8; bit++) {
      failures += decryptsAfter(id, value, flip(ivBytes, bit)) ? 0 : 1;
    }

    assertThat(failures).isEqualTo(valueBytes.length * 8 + ivBytes.length * 8);
    db.execute("UPDATE vault_secret SET encrypted_value = '" + value + "', iv = '" + iv + "' WHERE id = '" + id + "'");
    assertThat(vault.decrypt(id)).isEqualTo("tamper-me");
  }

  @Test
  void truncatedOrGarbledValuesAreDecryptionFailed() throws Exception {
    String id = vault.encrypt(secret("garble", "value").build());

    for (String garbage : new String[] {"", "AAAA", "not base64 at all!", "QUJD"}) {
      db.execute("UPDATE vault_secret SET encrypted_value = '" + garbage + "' WHERE id = '" + id + "'");
      assertThatThrownBy(() -> vault.decrypt(id)).hasMessage("Decryption failed");
    }
    db.execute("UPDATE vault_secret SET iv = 'AAAA' WHERE id = '" + id + "'");
    assertThatThrownBy(() -> vault.decrypt(id)).hasMessage("Decryption failed");
  }

  @Test
  void aWrongMasterSecretIsDecryptionFailed() throws Exception {
    String id = vault.encrypt(secret("secret-a", "value").build());
    // vault_key says version 1 belongs to secret A; with B recorded instead, the key derived is B's.
    db.execute("UPDATE vault_key SET fingerprint = '" + VaultTestKit.SECRET_B.fingerprint() + "' WHERE version = 1");
    try (Vault withB = VaultTestKit.open(db, dev.banata.vault.internal.crypto.MasterSecrets.of(VaultTestKit.SECRET_B))) {
      assertThatThrownBy(() -> withB.decrypt(id)).hasMessage("Decryption failed");
    } finally {
      db.execute("UPDATE vault_key SET fingerprint = '" + VaultTestKit.SECRET_A.fingerprint() + "' WHERE version = 1");
    }
  }

  private boolean decryptsAfter(String id, String encryptedValue, String iv) throws Exception {
    VaultTestKit.update(db, "UPDATE vault_secret SET encrypted_value = '" + encryptedValue + "', iv = '" + iv + "' WHERE id = '" + id + "'");
    try {
      vault.decrypt(id);
      return true;
    } catch (VaultException e) {
      assertThat(e).hasMessage("Decryption failed");
      return false;
    }
  }

  private static String flip(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return Base64.getEncoder().encodeToString(copy);
  }
}
