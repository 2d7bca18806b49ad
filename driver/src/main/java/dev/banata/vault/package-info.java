/**
 * API: the Vault, named application secrets in {@code vault_secret}: {@link dev.banata.vault.Vault},
 * {@link dev.banata.vault.OrganizationVault}, the requests and results they take and give
 * ({@link dev.banata.vault.EncryptRequest}, {@link dev.banata.vault.ListRequest},
 * {@link dev.banata.vault.SecretPage}, {@link dev.banata.vault.VaultSecret},
 * {@link dev.banata.vault.KeyRotationResult}), errors ({@link dev.banata.vault.VaultException}) and the
 * audit trail ({@link dev.banata.vault.VaultAuditEvent}, {@link dev.banata.vault.VaultAuditListener},
 * {@link dev.banata.vault.VaultEventType}).
 *
 * <p>Builds on the engine in {@code dev.banata.vault.internal.secrets} (secret store, audit, rotation),
 * {@code internal.keys} and {@code internal.crypto}, reads its settings from {@code config}, and takes
 * its master secrets from the {@code keys} SPI ({@code Vault.Builder.masterSecretSource}). Nothing
 * here knows JDBC wrappers, SQL analysis or the admin command.
 */
package dev.banata.vault;
