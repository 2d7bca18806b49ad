/**
 * API (service provider interface): where the master secrets come from.
 * {@link dev.banata.vault.keys.MasterSecretSource} (implement it for a secrets manager or KMS),
 * {@link dev.banata.vault.keys.MasterSecretProvider} (the same, found by {@link java.util.ServiceLoader}
 * for applications that configure only a {@code jdbc:vault:} URL) and the built-in sources
 * {@link dev.banata.vault.keys.MasterSecretSources} (environment variables, a file, system properties).
 *
 * <p>May use: {@code internal.crypto} (the master secret value types it hands over), {@code config}
 * (key settings, connection properties; in {@code MasterSecretSources} only) and {@code internal.keys}
 * for two things our own code shares with it: the door {@code MasterSecretSetAccess} (installed by
 * {@code MasterSecretSet}) and the mark {@code DescribedMasterSecretSource}. Where key versions are
 * recorded is {@code internal.keys}.
 */
package dev.banata.vault.keys;
