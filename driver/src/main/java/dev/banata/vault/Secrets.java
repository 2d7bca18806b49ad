package dev.banata.vault;

/**
 * The operations on stored secrets, the same for the whole application ({@link Vault}) and for one
 * organization ({@link Vault#forOrganization(String) OrganizationVault}): code that stores and reads
 * secrets can take a {@code Secrets} and not care which it was given.
 *
 * <p>A scoped view ({@link OrganizationVault}) sees only its organization's secrets: any other id is
 * {@code Vault secret not found}, exactly like an unknown one. Errors are {@link VaultException}s whose
 * messages never carry secret data. Implementations are thread-safe.
 */
public interface Secrets {

  /**
   * Stores a secret and returns its id ({@code vsec_} + ULID). An {@link OrganizationVault} stores it in
   * its organization, and refuses a request naming another ({@code INVALID_ORGANIZATION_ID}).
   */
  String encrypt(EncryptRequest request);

  /** Decrypts a secret stored without a context. */
  default String decrypt(String secretId) {
    return decrypt(secretId, null);
  }

  /**
   * Decrypts a secret; {@code context} must be the one it was stored with (null for none).
   *
   * @throws VaultException {@code Vault secret not found}, or {@code Decryption failed} for a wrong
   *     context, a wrong master secret or a tampered value
   */
  String decrypt(String secretId, String context);

  /** A secret's description: id, name, context, organization, metadata, key version, times; never its data. */
  VaultSecret get(String secretId);

  /** The first page of the secrets this view sees, 25 at a time. */
  default SecretPage list() {
    return list(ListRequest.firstPage());
  }

  /**
   * One page of secrets, oldest first (optionally of one organization; an {@link OrganizationVault}
   * refuses a request naming another).
   */
  SecretPage list(ListRequest request);

  /** Deletes a secret permanently. */
  void delete(String secretId);
}
