package dev.banata.vault.internal.secrets;

import dev.banata.vault.KeyRotationResult;
import dev.banata.vault.VaultAuditEvent;
import dev.banata.vault.VaultAuditListener;
import dev.banata.vault.VaultEventType;
import dev.banata.vault.VaultException;
import static dev.banata.vault.internal.secrets.VaultTestKit.queryLong;
import static dev.banata.vault.internal.secrets.VaultTestKit.queryStrings;
import static dev.banata.vault.internal.secrets.VaultTestKit.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.Vault;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class AuditEventTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  static Vault vault;
  static final List<VaultAuditEvent> heard = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void open() throws Exception {
    vault = VaultTestKit.installAndOpen(db);
    vault.addAuditListener(heard::add);
  }

  @AfterAll
  static void close() {
    vault.close();
  }

  @BeforeEach
  void clear() throws Exception {
    heard.clear();
    db.execute("DELETE FROM vault_audit_event");
  }

  @Test
  void encryptRecordsVaultEncrypted() throws Exception {
    String id = vault.forOrganization("org_acme").encrypt(secret("scim-token", "scim_secret_value").context("scim").build());
    String keyVersion = Integer.toString(vault.get(id).version());

    assertThat(queryStrings(db, "SELECT event_type || ' ' || secret_id || ' ' || organization_id || ' ' || details::text"
        + " FROM vault_audit_event"))
        .containsExactly("vault.encrypted " + id + " org_acme {\"name\": \"scim-token\", \"context\": \"scim\", \"keyVersion\": \"" + keyVersion + "\"}");
    assertThat(heard).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(VaultEventType.ENCRYPTED);
      assertThat(event.secretId()).isEqualTo(id);
      assertThat(event.organizationId()).isEqualTo("org_acme");
      assertThat(event.details()).isEqualTo(Map.of("name", "scim-token", "context", "scim", "keyVersion", keyVersion));
      assertThat(event.id()).matches("vevt_[0-9A-HJKMNP-TV-Z]{26}");
    });
    assertThat(heard.get(0).id()).isEqualTo(queryStrings(db, "SELECT id FROM vault_audit_event").get(0));
  }

  @Test
  void decryptRecordsVaultDecrypted() throws Exception {
    String id = vault.encrypt(secret("api-key", "secret_value").build());
    heard.clear();

    vault.decrypt(id);

    assertThat(queryStrings(db, "SELECT event_type FROM vault_audit_event WHERE secret_id = '" + id + "' ORDER BY id"))
        .containsExactly("vault.encrypted", "vault.decrypted");
    assertThat(heard).extracting(VaultAuditEvent::type).containsExactly(VaultEventType.DECRYPTED);
  }

  @Test
  void deleteRecordsVaultDeleted() throws Exception {
    String id = vault.encrypt(secret("api-key", "secret_value").build());
    heard.clear();

    vault.delete(id);

    assertThat(queryStrings(db, "SELECT event_type FROM vault_audit_event WHERE secret_id = '" + id + "' ORDER BY id"))
        .containsExactly("vault.encrypted", "vault.deleted");
    assertThat(heard).extracting(VaultAuditEvent::type).containsExactly(VaultEventType.DELETED);
  }

  @Test
  void rotationRecordsVaultKeyRotated() throws Exception {
    vault.encrypt(secret("api-key", "secret_value").build());
    heard.clear();

    KeyRotationResult result = vault.rotateKey();

    assertThat(queryStrings(db, "SELECT details->>'keyVersion' FROM vault_audit_event WHERE event_type = 'vault.key_rotated'"))
        .containsExactly(Integer.toString(result.newVersion()));
    assertThat(heard).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(VaultEventType.KEY_ROTATED);
      assertThat(event.secretId()).isNull();
      assertThat(event.details()).containsEntry("status", "completed").containsKey("reencrypted");
    });
  }

  @Test
  void failedOperationsRecordNothing() throws Exception {
    String id = vault.encrypt(secret("bound", "secret_value").context("email").build());
    heard.clear();
    db.execute("DELETE FROM vault_audit_event");

    assertThatThrownBy(() -> vault.decrypt(id, "payments")).hasMessage("Decryption failed");
    assertThatThrownBy(() -> vault.forOrganization("org_other").decrypt(id, "email")).hasMessage("Vault secret not found");
    assertThatThrownBy(() -> vault.forOrganization("org_other").delete(id)).hasMessage("Vault secret not found");
    assertThatThrownBy(() -> vault.delete("vsec_01HXYZ0000000000000000000A")).hasMessage("Vault secret not found");
    assertThatThrownBy(() -> vault.encrypt(secret("", "x").build())).isInstanceOf(VaultException.class);

    assertThat(queryLong(db, "SELECT count(*) FROM vault_audit_event")).isZero();
    assertThat(heard).isEmpty();
  }

  @Test
  void eventsNeverContainSecretMaterial() throws Exception {
    String id = vault.encrypt(secret("api-key", "PLAINTEXT_MARKER_123").context("ctx").build());
    vault.decrypt(id, "ctx");
    vault.rotateKey();
    vault.delete(id);

    String everything = String.join("\n", queryStrings(db, "SELECT row_to_json(e)::text FROM vault_audit_event e"));
    assertThat(everything).doesNotContain("PLAINTEXT_MARKER_123");
    assertThat(heard).isNotEmpty().allSatisfy(event -> assertThat(event.toString()).doesNotContain("PLAINTEXT_MARKER_123"));
  }

  @Test
  void aFailingListenerDoesNotFailTheCommittedOperation() throws Exception {
    VaultAuditListener broken = event -> {
      throw new IllegalStateException("listener bug");
    };
    vault.addAuditListener(broken);
    try {
      String id = vault.encrypt(secret("api-key", "value").build());

      assertThat(vault.decrypt(id)).isEqualTo("value");
      assertThat(heard).extracting(VaultAuditEvent::type).containsExactly(VaultEventType.ENCRYPTED, VaultEventType.DECRYPTED);
    } finally {
      vault.removeAuditListener(broken);
    }
  }

  @Test
  void anOperationWhoseEventCannotBeRecordedDoesNotHappen() throws Exception {
    String existing = vault.encrypt(secret("existing", "existing-value").build());
    long secretsBefore = queryLong(db, "SELECT count(*) FROM vault_secret");
    heard.clear();
    db.execute("ALTER TABLE vault_audit_event ADD CONSTRAINT refuse_events CHECK (event_type = 'vault.key_rotated') NOT VALID");
    try {
      assertThatThrownBy(() -> vault.encrypt(secret("unaudited", "value").build()))
          .isInstanceOf(VaultException.class).extracting(e -> ((VaultException) e).code()).isEqualTo(VaultException.Code.DATABASE);
      assertThatThrownBy(() -> vault.delete(existing)).isInstanceOf(VaultException.class);
      assertThatThrownBy(() -> vault.decrypt(existing)).isInstanceOf(VaultException.class)
          .extracting(e -> ((VaultException) e).code()).isEqualTo(VaultException.Code.DATABASE);
    } finally {
      db.execute("ALTER TABLE vault_audit_event DROP CONSTRAINT refuse_events");
    }

    assertThat(queryLong(db, "SELECT count(*) FROM vault_secret")).as("nothing stored, nothing deleted").isEqualTo(secretsBefore);
    assertThat(vault.decrypt(existing)).isEqualTo("existing-value");
    assertThat(heard).extracting(VaultAuditEvent::type).containsExactly(VaultEventType.DECRYPTED);
  }
}
