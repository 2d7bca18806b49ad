/**
 * The Vault API: named application secrets in {@code vault_secret} ({@link dev.banata.vault.Vault},
 * {@link dev.banata.vault.OrganizationVault}). What an application calls; it builds on the engine in
 * {@code dev.banata.vault.vault} (secret store, audit, rotation), {@code keys} and {@code crypto}, and
 * reads its settings from {@code config}. Nothing here knows JDBC wrappers, SQL analysis or the admin
 * command.
 */
package dev.banata.vault;
