package dev.banata.vault.internal.secrets;

import dev.banata.vault.EncryptRequest;
import dev.banata.vault.ListRequest;
import dev.banata.vault.VaultException;
import static dev.banata.vault.internal.secrets.VaultTestKit.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.Vault;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import dev.banata.vault.VaultException.Code;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class InputValidationTest {

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
  void nameIsRequiredAndBounded() {
    assertCode(() -> secret(null, "v").build(), Code.INVALID_NAME, "Vault secret name is required");
    assertCode(() -> secret("", "v").build(), Code.INVALID_NAME, "Vault secret name is required");
    assertCode(() -> secret("   ", "v").build(), Code.INVALID_NAME, "Vault secret name is required");
    assertCode(() -> secret("n".repeat(256), "v").build(), Code.INVALID_NAME, "Vault secret name is longer than 255 characters");
    assertCode(() -> secret("tab\there", "v").build(), Code.INVALID_NAME,
        "Vault secret name contains control characters or invalid Unicode");
    assertThat(secret("n".repeat(255), "v").build().name()).hasSize(255);
  }

  @Test
  void dataIsRequiredAndBounded() {
    assertCode(() -> secret("n", null).build(), Code.INVALID_DATA, "Vault secret data is required");
    assertCode(() -> secret("n", "x".repeat(VaultLimits.MAX_DATA_BYTES + 1)).build(), Code.DATA_TOO_LARGE,
        "Vault secret data is larger than 65536 bytes");
    // 3 bytes of UTF-8 per character: fewer characters than the limit, more bytes.
    assertCode(() -> secret("n", "漢".repeat(VaultLimits.MAX_DATA_BYTES / 3 + 1)).build(), Code.DATA_TOO_LARGE,
        "Vault secret data is larger than 65536 bytes");
    assertCode(() -> secret("n", "lone \uD800 surrogate").build(), Code.INVALID_DATA, "Vault secret data is not valid Unicode text");
  }

  @Test
  void contextAndOrganizationAreBounded() {
    assertCode(() -> secret("n", "v").context("").build(), Code.INVALID_CONTEXT,
        "Vault context must be 1 to 255 characters without control characters");
    assertCode(() -> secret("n", "v").context("c".repeat(256)).build(), Code.INVALID_CONTEXT,
        "Vault context must be 1 to 255 characters without control characters");
    assertCode(() -> secret("n", "v").organizationId(" ").build(), Code.INVALID_ORGANIZATION_ID,
        "Organization id must be 1 to 255 characters without control characters");
    assertCode(() -> vault.forOrganization(""), Code.INVALID_ORGANIZATION_ID,
        "Organization id must be 1 to 255 characters without control characters");
  }

  @Test
  void metadataIsStringsOnlyAndBounded() {
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i <= VaultLimits.MAX_METADATA_ENTRIES; i++) {
      tooMany.put("k" + i, "v");
    }
    assertCode(() -> secret("n", "v").metadata(tooMany).build(), Code.INVALID_METADATA, "Vault metadata has more than 50 entries");
    assertCode(() -> secret("n", "v").metadata(Map.of("k".repeat(65), "v")).build(), Code.INVALID_METADATA,
        "Vault metadata keys must be 1 to 64 characters without control characters");
    assertCode(() -> secret("n", "v").metadata(Map.of("", "v")).build(), Code.INVALID_METADATA,
        "Vault metadata keys must be 1 to 64 characters without control characters");
    assertCode(() -> secret("n", "v").metadata(Map.of("k", "v".repeat(1025))).build(), Code.INVALID_METADATA,
        "Vault metadata values must be at most 1024 characters");
    assertCode(() -> secret("n", "v").metadata(Map.of("k", "nul\u0000")).build(), Code.INVALID_METADATA,
        "Vault metadata values must be valid Unicode without U+0000");
    Map<String, String> withNull = new HashMap<>();
    withNull.put("k", null);
    assertCode(() -> secret("n", "v").metadata(withNull).build(), Code.INVALID_METADATA,
        "Vault metadata keys and values must be non-null strings");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, String> number = (Map) Map.of("k", 42);
    assertCode(() -> secret("n", "v").metadata(number).build(), Code.INVALID_METADATA,
        "Vault metadata keys and values must be non-null strings");
  }

  @Test
  void malformedSecretIdsAreRefusedWithoutEchoingThem() {
    for (String id : new String[] {null, "", "vsec_", "sk_live_abc123", "vsec_01hxyz0000000000000000000a",
        "vsec_01HXYZ000000000000000000", "vsec_01HXYZ0000000000000000000AB", "vsec_81HXYZ0000000000000000000A",
        "vsec_01HXYZ000000000000000000IL", "vsec_01HXYZ0000000000000000000U"}) {
      assertCode(() -> vault.decrypt(id), Code.INVALID_SECRET_ID,
          "Invalid vault secret id: expected vsec_ followed by 26 Crockford base32 characters");
      assertCode(() -> vault.get(id), Code.INVALID_SECRET_ID,
          "Invalid vault secret id: expected vsec_ followed by 26 Crockford base32 characters");
      assertCode(() -> vault.delete(id), Code.INVALID_SECRET_ID,
          "Invalid vault secret id: expected vsec_ followed by 26 Crockford base32 characters");
    }
  }

  @Test
  void listLimitAndCursorAreChecked() {
    assertCode(() -> ListRequest.firstPage().limit(0), Code.INVALID_LIMIT, "List limit must be between 1 and 100");
    assertCode(() -> ListRequest.firstPage().limit(101), Code.INVALID_LIMIT, "List limit must be between 1 and 100");
    assertCode(() -> ListRequest.after("page-2"), Code.INVALID_CURSOR, "Invalid list cursor");
    assertThat(ListRequest.firstPage().limit()).isEqualTo(25);
  }

  @Test
  void missingMasterSecretIsReportedWithTheProductMessage() {
    assertCode(() -> Vault.builder(db.plainDataSource()).environment(name -> null).build(), Code.MASTER_SECRET,
        "BETTER_AUTH_SECRET is required");
    assertCode(() -> Vault.builder(db.plainDataSource()).environment(name -> "too-short").build(), Code.MASTER_SECRET,
        "BETTER_AUTH_SECRET must be at least 32 characters");
    assertCode(() -> Vault.builder(db.plainDataSource()).masterSecretVariables("APP_VAULT_SECRET", "APP_VAULT_OLD")
        .environment(name -> null).build(), Code.MASTER_SECRET, "APP_VAULT_SECRET is required");
  }

  @Test
  void requestsNeverShowTheirData() {
    EncryptRequest request = secret("stripe-api-key", "sk_live_do_not_print").build();

    assertThat(request.toString()).contains("stripe-api-key").doesNotContain("sk_live_do_not_print");
    assertThat(secret("n", "sk_live_do_not_print").toString()).doesNotContain("sk_live_do_not_print");
  }

  private static void assertCode(ThrowingCallable action, Code code, String message) {
    assertThatThrownBy(action).isInstanceOf(VaultException.class).hasMessage(message)
        .extracting(e -> ((VaultException) e).code()).isEqualTo(code);
  }
}
