package dev.banata.vault.keys;


/**
 * Where a vault gets its master secrets: the current one and earlier ones still accepted for
 * decryption. Asked once, when the vault starts (the first connection of a configuration, the
 * {@code Vault} builder's {@code build()}), never on the hot path.
 *
 * <p>Built in ({@link MasterSecretSources}): environment variables (the default), a file, Java system
 * properties. Your own, e.g. a secrets manager or KMS read at startup:
 *
 * <pre>{@code
 * MasterSecretSource kms = () -> MasterSecretSet.of(secretsManager.fetch("prod/vault/master"), "secrets manager prod/vault/master");
 * vaultDataSource.setMasterSecretSource(kms);                 // a VaultDataSource
 * MasterSecretSources.register("kms", kms);                   // or, for jdbc:vault: URLs: ?vault.master-secret-source=kms
 * }</pre>
 *
 * <p>Contract: build the result with {@link MasterSecretSet#of(CharSequence, String)}, which validates
 * (its messages name the source you pass, never the value); never put the secret into an exception
 * message, a log line or {@code toString}. A source's exception reaches the application as its class
 * name only, so log whatever detail you need inside the source, without the secret.
 */
@FunctionalInterface
public interface MasterSecretSource {

  /**
   * The current master secret and earlier ones.
   *
   * @throws RuntimeException the vault's {@code CryptoException} ({@code SECRET_MISSING} /
   *     {@code SECRET_TOO_SHORT}, as {@link MasterSecretSet#of} throws it) with a message that says what
   *     to fix (a source that cannot reach its store: {@code SECRET_MISSING})
   */
  MasterSecretSet load();
}
