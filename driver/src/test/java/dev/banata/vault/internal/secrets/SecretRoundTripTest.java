package dev.banata.vault.internal.secrets;

import dev.banata.vault.VaultException;
import dev.banata.vault.VaultSecret;
import static dev.banata.vault.internal.secrets.VaultTestKit.queryString;
import static dev.banata.vault.internal.secrets.VaultTestKit.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.Vault;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class SecretRoundTripTest {

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
  void encryptsAndDecryptsWithoutContextOrganizationOrMetadata() throws Exception {
    String id = vault.encrypt(secret("stripe-api-key", "sk_live_abc123").build());

    assertThat(id).matches("vsec_[0-7][0-9A-HJKMNP-TV-Z]{25}");
    assertThat(vault.decrypt(id)).isEqualTo("sk_live_abc123");
    assertThat(vault.decrypt(id, null)).isEqualTo("sk_live_abc123");
    VaultSecret described = vault.get(id);
    assertThat(described.name()).isEqualTo("stripe-api-key");
    assertThat(described.context()).isNull();
    assertThat(described.organizationId()).isNull();
    assertThat(described.metadata()).isNull();
    assertThat(described.version()).isEqualTo(1);
    assertThat(described.createdAt()).isEqualTo(described.updatedAt());
  }

  @Test
  void encryptsAndDecryptsWithContextOrganizationAndMetadata() {
    String id = vault.encrypt(secret("stripe-api-key", "sk_live_abc123")
        .context("payment-processing")
        .organizationId("org_01HXYZ")
        .metadata(Map.of("provider", "stripe", "environment", "production"))
        .build());

    assertThat(vault.decrypt(id, "payment-processing")).isEqualTo("sk_live_abc123");
    assertThat(vault.forOrganization("org_01HXYZ").decrypt(id, "payment-processing")).isEqualTo("sk_live_abc123");
    VaultSecret described = vault.get(id);
    assertThat(described.context()).isEqualTo("payment-processing");
    assertThat(described.organizationId()).isEqualTo("org_01HXYZ");
    assertThat(described.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("provider", "stripe", "environment", "production"));
  }

  @Test
  void keepsEveryCharacterOfTheSecretAndTheMetadata() {
    String data = "line 1\nline 2\t\"quoted\" \\ backslash \u0000 nul, é, 漢字, emoji \uD83D\uDD11";
    Map<String, String> metadata = Map.of("quote\"key", "back\\slash", "unicode", "漢字 \uD83D\uDD11", "newline", "a\nb", "empty", "");
    String id = vault.encrypt(secret("odd characters", data).metadata(metadata).build());

    assertThat(vault.decrypt(id)).isEqualTo(data);
    assertThat(vault.get(id).metadata()).containsExactlyInAnyOrderEntriesOf(metadata);
  }

  @Test
  void storesEmptyAndMaximumSizeSecrets() {
    String empty = vault.encrypt(secret("empty", "").build());
    String largest = "x".repeat(VaultLimits.MAX_DATA_BYTES);
    String large = vault.encrypt(secret("largest", largest).build());

    assertThat(vault.decrypt(empty)).isEmpty();
    assertThat(vault.decrypt(large)).isEqualTo(largest);
  }

  @Test
  void storesCiphertextAndIvAsBase64AndNeverThePlaintext() throws Exception {
    String id = vault.encrypt(secret("webhook", "whsec_visible_only_in_memory").context("webhooks").build());

    String encryptedValue = queryString(db, "SELECT encrypted_value FROM vault_secret WHERE id = '" + id + "'");
    String iv = queryString(db, "SELECT iv FROM vault_secret WHERE id = '" + id + "'");
    assertThat(Base64.getDecoder().decode(iv)).hasSize(12);
    // ciphertext (as long as the plaintext) + 16-byte GCM tag
    assertThat(Base64.getDecoder().decode(encryptedValue)).hasSize("whsec_visible_only_in_memory".length() + 16);
    assertThat(queryString(db, "SELECT row_to_json(s)::text FROM vault_secret s WHERE id = '" + id + "'"))
        .doesNotContain("whsec_visible_only_in_memory");
  }

  @Test
  void sameSecretTwiceGivesDifferentIdsIvsAndCiphertexts() throws Exception {
    String first = vault.encrypt(secret("twin", "same value").build());
    String second = vault.encrypt(secret("twin", "same value").build());

    assertThat(first).isNotEqualTo(second);
    assertThat(queryString(db, "SELECT count(DISTINCT iv) || '/' || count(DISTINCT encrypted_value) FROM vault_secret"
        + " WHERE id IN ('" + first + "', '" + second + "')")).isEqualTo("2/2");
  }

  @Test
  void wrongContextIsDecryptionFailed() {
    String id = vault.encrypt(secret("stripe-api-key", "sk_live_abc123").context("payment-processing").build());

    assertThatThrownBy(() -> vault.decrypt(id, "email"))
        .isInstanceOf(VaultException.class).hasMessage("Decryption failed")
        .extracting(e -> ((VaultException) e).code()).isEqualTo(VaultException.Code.DECRYPTION_FAILED);
    assertThatThrownBy(() -> vault.decrypt(id)).hasMessage("Decryption failed");
  }

  @Test
  void contextGivenForASecretStoredWithoutOneIsDecryptionFailed() {
    String id = vault.encrypt(secret("no context", "value").build());

    assertThatThrownBy(() -> vault.decrypt(id, "payments")).hasMessage("Decryption failed");
  }

  @Test
  void deletedSecretIsNotFound() {
    String id = vault.encrypt(secret("short-lived", "value").build());
    vault.delete(id);

    assertThatThrownBy(() -> vault.decrypt(id)).hasMessage("Vault secret not found");
    assertThatThrownBy(() -> vault.get(id)).hasMessage("Vault secret not found");
    assertThatThrownBy(() -> vault.delete(id)).hasMessage("Vault secret not found")
        .extracting(e -> ((VaultException) e).code()).isEqualTo(VaultException.Code.SECRET_NOT_FOUND);
  }

  @Test
  void unknownWellFormedIdIsNotFound() {
    assertThatThrownBy(() -> vault.decrypt("vsec_01HXYZ0000000000000000000A")).hasMessage("Vault secret not found");
  }
}
