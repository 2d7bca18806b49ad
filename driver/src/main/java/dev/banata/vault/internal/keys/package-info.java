/**
 * Internal: key versions as recorded in {@code vault_key}: {@code KeyVersionStore} (the rules: the
 * primary is the highest live version; registering a new primary, retiring a version),
 * {@code StoredKeyVersion}, {@code KeyRingSource} (where the current key ring comes from) and
 * {@code RefreshingKeyRingSource} (the source a running application holds, refreshed
 * in the background and at once when a ciphertext names a version it does not know). And two things
 * the master-secret SPI ({@code keys}) shares with our own code only: {@code MasterSecretSetAccess}, the
 * door to the {@code MasterSecrets} inside a {@code MasterSecretSet} (the {@code internal.secrets.VaultAccess}
 * pattern), and {@code DescribedMasterSecretSource}, the mark of a source whose {@code toString} the
 * vault may show (the built-in ones, the starter's).
 *
 * <p>Not an API. May use: {@code internal.crypto} (the ring it builds), {@code internal.database}
 * (transactions), {@code keys} (the master-secret SPI, which uses the door back: the one cycle, by
 * design), {@code metrics} and {@code internal.metrics} ({@code RefreshingKeyRingSource} counts its
 * refreshes). Knows nothing of the configuration model, SQL analysis or JDBC wrappers.
 */
package dev.banata.vault.internal.keys;
