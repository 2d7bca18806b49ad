package dev.banata.vault;

import dev.banata.vault.internal.secrets.SecretStore;
import java.util.Objects;

/**
 * The one implementation of {@link Secrets}: the store, seen with or without an organization scope
 * ({@code null}: the whole application). {@link Vault} and {@link OrganizationVault} differ only in the
 * scope they pass.
 */
abstract class ScopedSecrets implements Secrets {

  final SecretStore store;
  /** The organization this view is limited to, or null for the whole application. */
  final String scope;

  ScopedSecrets(SecretStore store, String scope) {
    this.store = store;
    this.scope = scope;
  }

  @Override
  public String encrypt(EncryptRequest request) {
    Objects.requireNonNull(request, "request");
    if (scope == null) {
      return store.encrypt(request);
    }
    if (request.organizationId() != null && !request.organizationId().equals(scope)) {
      throw new VaultException(VaultException.Code.INVALID_ORGANIZATION_ID,
          "An organization's vault stores secrets of its own organization only");
    }
    return store.encrypt(request.organizationId() == null ? inScope(request) : request);
  }

  @Override
  public String decrypt(String secretId, String context) {
    return store.decrypt(secretId, context, scope);
  }

  @Override
  public VaultSecret get(String secretId) {
    return store.get(secretId, scope);
  }

  @Override
  public SecretPage list(ListRequest request) {
    return store.list(request, scope);
  }

  @Override
  public void delete(String secretId) {
    store.delete(secretId, scope);
  }

  private EncryptRequest inScope(EncryptRequest request) {
    return EncryptRequest.builder().name(request.name()).data(request.data()).context(request.context())
        .organizationId(scope).metadata(request.metadata()).build();
  }
}
