package dev.banata.vault;

import dev.banata.vault.internal.secrets.SecretStore;
import dev.banata.vault.internal.secrets.VaultLimits;

/**
 * One organization's view of the {@link Vault}: what a tenant's request handler should hold.
 *
 * <p>It sees only secrets whose {@code organizationId} is its organization. A secret of another
 * organization, and an application-wide secret (stored without an organization), are
 * {@code Vault secret not found} here: exactly what an unknown id gives, so a tenant cannot learn that
 * they exist. Secrets it stores belong to its organization; a request naming another organization is
 * refused ({@code INVALID_ORGANIZATION_ID}), one naming none is stored in this organization.
 * Thread-safe; cheap to create.
 */
public final class OrganizationVault extends ScopedSecrets {

  OrganizationVault(SecretStore store, String organizationId) {
    super(store, checked(organizationId));
  }

  private static String checked(String organizationId) {
    if (organizationId == null) {
      throw new VaultException(VaultException.Code.INVALID_ORGANIZATION_ID, "Organization id is required for an organization's vault");
    }
    return VaultLimits.checkOrganizationId(organizationId);
  }

  public String organizationId() {
    return scope;
  }

  @Override
  public String toString() {
    return "OrganizationVault[" + scope + "]";
  }
}
