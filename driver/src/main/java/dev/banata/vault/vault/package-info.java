/**
 * The engine behind the Vault API: the secret store ({@code SecretStore}: insert, read, list, update,
 * delete in {@code vault_secret}), secret encryption ({@code SecretCipher}), key rotation of stored
 * secrets ({@code SecretRotation}), the audit trail ({@code AuditLog}, {@code vault_audit_event}, and
 * {@link dev.banata.vault.vault.VaultAuditListener}s), the tables' installer
 * ({@link dev.banata.vault.vault.VaultSchema}), and the request and result types of the API
 * ({@link dev.banata.vault.vault.EncryptRequest}, {@link dev.banata.vault.vault.VaultSecret},
 * {@link dev.banata.vault.vault.VaultException}, ...). Database failures become
 * {@code VaultException}s in one place ({@code VaultTransaction}).
 *
 * <p>May use: {@code keys}, {@code crypto}, {@code database}. Knows nothing of SQL analysis, the JDBC
 * wrappers or the admin command. (Issue 13 §2 moves the user-facing types next to
 * {@code dev.banata.vault.Vault} and renames this package.)
 */
package dev.banata.vault.vault;
