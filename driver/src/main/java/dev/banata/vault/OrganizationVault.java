package dev.banata.vault;

import dev.banata.vault.internal.secrets.SecretStore;
import dev.banata.vault.internal.secrets.VaultLimits;
import java.util.Objects;

/**
 * One organization's view of the {@link Vault}: what a tenant's request handler should hold.
 *
 * <p>It sees only secrets whose {@code organizationId} is its organization. A secret of another
 * organization, and an application-wide secret (stored without an organization), are
 * {@code Vault secret not found} here: exactly what an unknown id gives, so a tenant cannot learn that
 * they exist. Secrets it stores belong to its organization. Thread-safe; cheap to create.
 */
public final class OrganizationVault {

  private final SecretStore store;
  private final String organizationId;

  OrganizationVault(SecretStore store, String organizationId) {
    this.store = store;
    if (organizationId == null) {
      throw new VaultException(VaultException.Code.INVALID_ORGANIZATION_ID, "Organization id is required for an organization's vault");
    }
    this.organizationId = VaultLimits.checkOrganizationId(organizationId);
  }

  public String organizationId() {
    return organizationId;
  }

  /**
   * Stores a secret of this organization. A request naming another organization is refused
   * ({@code INVALID_ORGANIZATION_ID}); one naming none is stored in this organization.
   */
  public String encrypt(EncryptRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.organizationId() != null && !request.organizationId().equals(organizationId)) {
      throw new VaultException(VaultException.Code.INVALID_ORGANIZATION_ID,
          "An organization's vault stores secrets of its own organization only");
    }
    return store.encrypt(request.organizationId() == null ? inOrganization(request) : request);
  }

  public String decrypt(String secretId) {
    return store.decrypt(secretId, null, organizationId);
  }

  public String decrypt(String secretId, String context) {
    return store.decrypt(secretId, context, organizationId);
  }

  public VaultSecret get(String secretId) {
    return store.get(secretId, organizationId);
  }

  public SecretPage list() {
    return list(ListRequest.firstPage());
  }

  /** A page of this organization's secrets; a request naming another organization is refused. */
  public SecretPage list(ListRequest request) {
    return store.list(request, organizationId);
  }

  public void delete(String secretId) {
    store.delete(secretId, organizationId);
  }

  private EncryptRequest inOrganization(EncryptRequest request) {
    return EncryptRequest.builder().name(request.name()).data(request.data()).context(request.context())
        .organizationId(organizationId).metadata(request.metadata()).build();
  }

  @Override
  public String toString() {
    return "OrganizationVault[" + organizationId + "]";
  }
}
