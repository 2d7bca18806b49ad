/**
 * Key versions as recorded in {@code vault_key}: {@link dev.banata.vault.keys.KeyVersionStore} (the
 * rules: the primary is the highest live version; registering a new primary, retiring a version) and
 * {@link dev.banata.vault.keys.LiveKeyRing} (the ring a running application holds, refreshed in the
 * background and at once when a ciphertext names a version it does not know).
 *
 * <p>May use: {@code crypto} (the ring it builds) and {@code database} (transactions). Knows nothing
 * of the configuration model, SQL analysis or JDBC wrappers.
 */
package dev.banata.vault.keys;
