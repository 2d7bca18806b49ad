/**
 * Internal: key versions as recorded in {@code vault_key}: {@code KeyVersionStore} (the rules: the
 * primary is the highest live version; registering a new primary, retiring a version),
 * {@code StoredKeyVersion}, {@code KeyRingSource} (where the current key ring comes from) and
 * {@code RefreshingKeyRingSource} (the source a running application holds, refreshed
 * in the background and at once when a ciphertext names a version it does not know).
 *
 * <p>Not an API. May use: {@code internal.crypto} (the ring it builds), {@code internal.database}
 * (transactions) and {@code keys} (the master-secret SPI). Knows nothing of the configuration model,
 * SQL analysis or JDBC wrappers.
 */
package dev.banata.vault.internal.keys;
