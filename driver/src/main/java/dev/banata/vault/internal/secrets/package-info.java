/**
 * Internal: the engine behind the Vault API ({@code dev.banata.vault}): the secret store
 * ({@code SecretStore}: insert, read, list, delete in {@code vault_secret}), secret encryption
 * ({@code SecretCipher}), key rotation of stored secrets ({@code SecretRotation}), the audit trail
 * ({@code AuditLog}, {@code vault_audit_event}), the tables' installer ({@code VaultSchema}), the
 * limits every request is checked against ({@code VaultLimits}) and secret ids ({@code SecretId}).
 * Database failures become {@code VaultException}s in one place ({@code VaultTransaction}).
 *
 * <p>Not an API: public only so that {@code dev.banata.vault} and the admin command can reach it;
 * may change in any release. May use: {@code dev.banata.vault} (the request, result and exception
 * types), {@code internal.keys}, {@code internal.crypto}, {@code internal.database}. Knows nothing of
 * SQL analysis, the JDBC wrappers or the admin command.
 */
package dev.banata.vault.internal.secrets;
