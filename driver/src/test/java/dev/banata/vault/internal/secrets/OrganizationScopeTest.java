package dev.banata.vault.internal.secrets;

import dev.banata.vault.ListRequest;
import dev.banata.vault.SecretPage;
import dev.banata.vault.VaultException;
import dev.banata.vault.VaultSecret;
import static dev.banata.vault.internal.secrets.VaultTestKit.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.OrganizationVault;
import dev.banata.vault.Vault;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class OrganizationScopeTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  static Vault vault;
  static OrganizationVault acme;
  static OrganizationVault globex;

  @BeforeAll
  static void open() throws Exception {
    vault = VaultTestKit.installAndOpen(db);
    acme = vault.forOrganization("org_acme");
    globex = vault.forOrganization("org_globex");
  }

  @AfterAll
  static void close() {
    vault.close();
  }

  @Test
  void organizationReadsItsOwnSecrets() {
    String id = acme.encrypt(secret("scim-token", "scim_acme").build());

    assertThat(vault.get(id).organizationId()).isEqualTo("org_acme");
    assertThat(acme.decrypt(id)).isEqualTo("scim_acme");
    assertThat(acme.get(id).name()).isEqualTo("scim-token");
  }

  @Test
  void anotherOrganizationsSecretIsNotFoundForEveryOperation() {
    String id = acme.encrypt(secret("scim-token", "scim_acme").context("scim").build());

    assertThatThrownBy(() -> globex.decrypt(id, "scim")).isInstanceOf(VaultException.class).hasMessage("Vault secret not found");
    assertThatThrownBy(() -> globex.get(id)).hasMessage("Vault secret not found");
    assertThatThrownBy(() -> globex.delete(id)).hasMessage("Vault secret not found");
    assertThat(globex.list().data()).extracting(VaultSecret::id).doesNotContain(id);
    // The refused delete did nothing.
    assertThat(acme.decrypt(id, "scim")).isEqualTo("scim_acme");
  }

  @Test
  void anotherOrganizationsSecretLooksExactlyLikeAnUnknownOne() {
    String id = acme.encrypt(secret("oidc-client-secret", "oidc").build());
    String unknown = "vsec_01HXYZ0000000000000000000A";

    VaultException hidden = catchVault(() -> globex.decrypt(id));
    VaultException missing = catchVault(() -> globex.decrypt(unknown));
    assertThat(hidden.code()).isEqualTo(missing.code());
    assertThat(hidden.getMessage()).isEqualTo(missing.getMessage());
  }

  @Test
  void applicationWideSecretIsNotVisibleToAnOrganization() {
    String id = vault.encrypt(secret("email-provider-key", "re_123").build());

    assertThatThrownBy(() -> acme.decrypt(id)).hasMessage("Vault secret not found");
    assertThatThrownBy(() -> acme.get(id)).hasMessage("Vault secret not found");
    assertThat(vault.decrypt(id)).isEqualTo("re_123");
  }

  @Test
  void applicationSeesEveryOrganizationsSecrets() {
    String id = globex.encrypt(secret("webhook-secret", "whsec_globex").build());

    assertThat(vault.decrypt(id)).isEqualTo("whsec_globex");
  }

  @Test
  void organizationCannotStoreIntoAnotherOrganization() {
    assertThatThrownBy(() -> acme.encrypt(secret("x", "y").organizationId("org_globex").build()))
        .extracting(e -> ((VaultException) e).code()).isEqualTo(VaultException.Code.INVALID_ORGANIZATION_ID);
  }

  @Test
  void organizationCannotListAnotherOrganization() {
    assertThatThrownBy(() -> acme.list(ListRequest.firstPage().organizationId("org_globex")))
        .extracting(e -> ((VaultException) e).code()).isEqualTo(VaultException.Code.INVALID_ORGANIZATION_ID);
  }

  @Test
  void organizationDeletesItsOwnSecret() {
    String id = acme.encrypt(secret("to-delete", "v").build());

    acme.delete(id);

    assertThatThrownBy(() -> vault.get(id)).hasMessage("Vault secret not found");
  }

  @Test
  void listFilteredByOrganizationShowsOnlyThatOrganization() {
    String acmeId = acme.encrypt(secret("acme-only", "a").build());
    String globexId = globex.encrypt(secret("globex-only", "g").build());

    assertThat(allIds(vault, "org_acme")).contains(acmeId).doesNotContain(globexId);
    assertThat(acme.list(ListRequest.firstPage().limit(100)).data()).allSatisfy(s -> assertThat(s.organizationId()).isEqualTo("org_acme"));
  }

  private static java.util.List<String> allIds(Vault vault, String organizationId) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    SecretPage page = vault.list(ListRequest.firstPage().organizationId(organizationId).limit(100));
    page.data().forEach(s -> ids.add(s.id()));
    while (page.hasMore()) {
      page = vault.list(ListRequest.after(page.nextCursor()).organizationId(organizationId).limit(100));
      page.data().forEach(s -> ids.add(s.id()));
    }
    return ids;
  }

  private static VaultException catchVault(Runnable action) {
    try {
      action.run();
    } catch (VaultException e) {
      return e;
    }
    throw new AssertionError("expected a VaultException");
  }
}
