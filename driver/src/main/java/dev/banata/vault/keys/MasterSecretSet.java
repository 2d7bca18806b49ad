package dev.banata.vault.keys;

import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link MasterSecretSource} hands to the vault: the current master secret and earlier ones
 * still accepted for decryption. Opaque and immutable: nothing reads a secret back out of it, and
 * its {@code toString} names fingerprints only (non-secret identifiers), never a value.
 *
 * <pre>{@code
 * MasterSecretSet secrets = MasterSecretSet.of(secretsManager.fetch("prod/vault/master"), "secrets manager prod/vault/master")
 *     .withPrevious(secretsManager.fetch("prod/vault/master-2025"), "secrets manager prod/vault/master-2025");
 * }</pre>
 *
 * <p>Each secret is validated when it is added (at least 32 characters); the failure's message names
 * the {@code sourceName} you pass, never the value.
 */
public final class MasterSecretSet {

  static {
    // The engine reads the secrets through this bridge; the API shows none of them (JDK jdk.internal.access pattern).
    MasterSecretSetAccess.install(new MasterSecretSetAccess.Hooks() {
      @Override
      public MasterSecrets secrets(MasterSecretSet set) {
        return set.secrets;
      }

      @Override
      public MasterSecretSet of(MasterSecrets secrets) {
        return new MasterSecretSet(secrets);
      }
    });
  }

  private final MasterSecrets secrets;

  private MasterSecretSet(MasterSecrets secrets) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
  }

  /**
   * Only a current secret, read from {@code sourceName} (an environment variable, a file, a store's
   * path: what failure messages name).
   *
   * @throws RuntimeException the vault's {@code CryptoException}, reason {@code SECRET_MISSING}
   *     ("NAME is required") when {@code secret} is null or empty, {@code SECRET_TOO_SHORT}
   *     ("NAME must be at least 32 characters") when it is too short
   */
  public static MasterSecretSet of(CharSequence secret, String sourceName) {
    return new MasterSecretSet(MasterSecrets.of(MasterSecret.create(secret, sourceName)));
  }

  /**
   * This set with {@code secret} (read from {@code sourceName}) accepted too for values encrypted
   * under it; a secret already in the set is ignored. Validated as in {@link #of}.
   */
  public MasterSecretSet withPrevious(CharSequence secret, String sourceName) {
    List<MasterSecret> previous = new ArrayList<>(secrets.all());
    previous.remove(0);
    previous.add(MasterSecret.create(secret, sourceName));
    return new MasterSecretSet(MasterSecrets.of(secrets.current(), previous));
  }

  /** The set of the crypto layer's secrets (for the built-in sources of this package). */
  static MasterSecretSet of(MasterSecrets secrets) {
    return new MasterSecretSet(secrets);
  }

  @Override
  public String toString() {
    return secrets.toString();
  }
}
