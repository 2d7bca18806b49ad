package dev.banata.vault.keys;

import dev.banata.vault.Vault;
import dev.banata.vault.internal.crypto.MasterSecrets;

/**
 * Where a vault gets its master secrets: the current one and earlier ones still accepted for
 * decryption. Asked once, when the vault starts (the first connection of a configuration, the
 * {@code Vault} builder's {@code build()}), never on the hot path.
 *
 * <p>Built in ({@link MasterSecretSources}): environment variables (the default), a file, Java system
 * properties. Your own, e.g. a secrets manager or KMS read at startup:
 *
 * <pre>{@code
 * MasterSecretSource kms = () -> MasterSecrets.of(
 *     MasterSecret.create(secretsManager.fetch("prod/vault/master"), "secrets manager prod/vault/master"));
 * vaultDataSource.setMasterSecretSource(kms);                 // a VaultDataSource
 * MasterSecretSources.register("kms", kms);                   // or, for jdbc:vault: URLs: ?vault.master-secret-source=kms
 * }</pre>
 *
 * <p>Contract: validate with {@link dev.banata.vault.internal.crypto.MasterSecret#create(CharSequence, String)}
 * (its messages name the source you pass, never the value); never put the secret into an exception
 * message, a log line or {@code toString}. A source's exception reaches the application as its class
 * name only, so log whatever detail you need inside the source, without the secret.
 */
@FunctionalInterface
public interface MasterSecretSource {

  /**
   * The current master secret and earlier ones.
   *
   * @throws dev.banata.vault.internal.crypto.CryptoException {@code SECRET_MISSING} / {@code SECRET_TOO_SHORT}
   *     with a message that says what to fix (a source that cannot reach its store: {@code SECRET_MISSING})
   */
  MasterSecrets load();
}
