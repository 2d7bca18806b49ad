/**
 * Internal to the vault's own modules (the driver, the starter): what the configuration module shares
 * with them that is no part of the configuration model, the {@code "Banata Vault: "} message prefix.
 * Public only because Java has no friend access; not in the published javadoc.
 *
 * <p>May use: nothing of the vault.
 */
package dev.banata.vault.internal.config;
