package dev.banata.vault;

import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.LiveKeyRing;
import dev.banata.vault.keys.MasterSecretSource;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.internal.secrets.SecretRotation;
import dev.banata.vault.internal.secrets.SecretStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The Vault: named application secrets (API keys, OAuth client secrets, tokens, certificates) stored
 * encrypted in {@code vault_secret}. The Java form of the product SDK's {@code banata.vault}.
 *
 * <pre>{@code
 * try (Vault vault = Vault.create(dataSource)) {           // master secret from BETTER_AUTH_SECRET
 *   String id = vault.encrypt(EncryptRequest.builder()
 *       .name("stripe-api-key").data("sk_live_abc123...")
 *       .context("payment-processing").organizationId("org_01HXYZ")
 *       .metadata(Map.of("provider", "stripe")).build());  // "vsec_01J..."
 *   String data = vault.decrypt(id, "payment-processing");
 *   SecretPage page = vault.list(ListRequest.firstPage().organizationId("org_01HXYZ").limit(25));
 *   vault.delete(id);
 *   KeyRotationResult result = vault.rotateKey();          // result.status() == "completed"
 * }
 * }</pre>
 *
 * <p>Guarantees: each value is AES-256-GCM encrypted under a key derived for (key version, context) and
 * bound to its row (id, organization, context, name); {@code get} and {@code list} never return ciphertext
 * or IVs; every operation writes its audit event in the same transaction and tells listeners after the
 * commit; errors are {@link VaultException}s whose messages never carry secret data. The tables must exist:
 * install them with {@link dev.banata.vault.internal.secrets.VaultSchema} or the admin command's {@code install}.
 *
 * <p>This object is the application's own view and sees every secret; {@link #forOrganization(String)}
 * gives a tenant's view. Thread-safe; close it to stop its key refresh thread.
 */
public final class Vault implements AutoCloseable {

  private final SecretStore store;
  private final LiveKeyRing keyRing;
  private final boolean ownsKeyRing;

  private Vault(SecretStore store, LiveKeyRing keyRing, boolean ownsKeyRing) {
    this.store = store;
    this.keyRing = keyRing;
    this.ownsKeyRing = ownsKeyRing;
  }

  /**
   * A Vault on {@code dataSource} with the master secret from {@code BETTER_AUTH_SECRET} (and earlier ones
   * from {@code BETTER_AUTH_SECRET_PREVIOUS}).
   *
   * @throws VaultException {@code MASTER_SECRET} "BETTER_AUTH_SECRET is required" when it is not set
   */
  public static Vault create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Stores a secret and returns its id ({@code vsec_} + ULID). */
  public String encrypt(EncryptRequest request) {
    return store.encrypt(request);
  }

  /** Decrypts a secret stored without a context. */
  public String decrypt(String secretId) {
    return store.decrypt(secretId, null, null);
  }

  /**
   * Decrypts a secret; {@code context} must be the one it was stored with (null for none).
   *
   * @throws VaultException {@code Vault secret not found}, or {@code Decryption failed} for a wrong
   *     context, a wrong master secret or a tampered value
   */
  public String decrypt(String secretId, String context) {
    return store.decrypt(secretId, context, null);
  }

  /** A secret's description: id, name, context, organization, metadata, key version, times. */
  public VaultSecret get(String secretId) {
    return store.get(secretId, null);
  }

  /** The first page of every secret, 25 at a time. */
  public SecretPage list() {
    return list(ListRequest.firstPage());
  }

  /** One page of secrets (optionally of one organization), oldest first. */
  public SecretPage list(ListRequest request) {
    return store.list(request, null);
  }

  /** Deletes a secret permanently. */
  public void delete(String secretId) {
    store.delete(secretId, null);
  }

  /**
   * Rotates the vault key: records a new key version derived from the current master secret and
   * re-encrypts every secret with it, online and in batches. Each re-encrypted secret's {@code version}
   * rises. Calling it again after a crash or an {@code incomplete} result finishes the job.
   */
  public KeyRotationResult rotateKey() {
    return store.rotateKey();
  }

  /** The view of one organization: it sees, lists and decrypts only that organization's secrets. */
  public OrganizationVault forOrganization(String organizationId) {
    return new OrganizationVault(store, organizationId);
  }

  /** Registers a listener for every audit event of this Vault (after each commit). */
  public void addAuditListener(VaultAuditListener listener) {
    store.addListener(listener);
  }

  public void removeAuditListener(VaultAuditListener listener) {
    store.removeListener(listener);
  }

  /** The live key ring this Vault uses (shareable with other parts of the application). */
  public LiveKeyRing keyRing() {
    return keyRing;
  }

  /** The rotation core on the same tables and key ring (for tools that resume or report a rotation). */
  public SecretRotation rotation() {
    return store.rotation();
  }

  /** Stops the key refresh thread unless the key ring was handed in by the caller. */
  @Override
  public void close() {
    if (ownsKeyRing) {
      keyRing.close();
    }
  }

  @Override
  public String toString() {
    return "Vault[keyRing=" + keyRing.get() + "]";
  }

  /** Options of a {@link Vault}; every one has a default. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private KeySettings keySettings = KeySettings.DEFAULT;
    private MasterSecrets masterSecrets;
    private MasterSecretSource masterSecretSource;
    private Function<String, String> environment = System::getenv;
    private LiveKeyRing keyRing;
    private Duration keyRefreshInterval =
        Duration.ofSeconds(Long.parseLong(ConnectionProperty.KEY_REFRESH_SECONDS.defaultValue()));
    private int rotationBatchSize = SecretRotation.DEFAULT_BATCH_SIZE;
    private final List<VaultAuditListener> listeners = new ArrayList<>();

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Which environment variables hold the master secrets (default {@code BETTER_AUTH_SECRET[_PREVIOUS]}). */
    public Builder keySettings(KeySettings keySettings) {
      this.keySettings = Objects.requireNonNull(keySettings, "keySettings");
      return this;
    }

    /** Where the variables named by the key settings are read (default: the process environment). */
    public Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** The master secrets themselves, instead of reading the environment. */
    public Builder masterSecrets(MasterSecrets masterSecrets) {
      this.masterSecrets = Objects.requireNonNull(masterSecrets, "masterSecrets");
      return this;
    }

    /**
     * Where the master secrets are read at {@link #build()} (a file, a secrets manager...), instead of
     * the environment variables of the key settings.
     */
    public Builder masterSecretSource(MasterSecretSource source) {
      this.masterSecretSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /** A key ring shared with other parts of the application; the Vault will not close it. */
    public Builder keyRing(LiveKeyRing keyRing) {
      this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
      return this;
    }

    /** How often {@code vault_key} is re-read (default 30 s; {@link Duration#ZERO}: only when needed). */
    public Builder keyRefreshInterval(Duration keyRefreshInterval) {
      this.keyRefreshInterval = Objects.requireNonNull(keyRefreshInterval, "keyRefreshInterval");
      return this;
    }

    /** Rows per batch (and per write transaction) of {@link Vault#rotateKey()}; default 500. */
    public Builder rotationBatchSize(int rotationBatchSize) {
      if (rotationBatchSize < 1) {
        throw new IllegalArgumentException("rotationBatchSize must be positive");
      }
      this.rotationBatchSize = rotationBatchSize;
      return this;
    }

    public Builder auditListener(VaultAuditListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Reads the master secrets (unless given) and the key versions.
     *
     * @throws VaultException {@code MASTER_SECRET} ("BETTER_AUTH_SECRET is required", "... must be at least 32
     *     characters", or a key version whose secret is missing), {@code DATABASE} when {@code vault_key}
     *     cannot be read
     */
    public Vault build() {
      boolean owns = keyRing == null;
      LiveKeyRing ring = keyRing;
      if (ring == null) {
        try {
          MasterSecrets secrets = masterSecrets != null ? masterSecrets
              : masterSecretSource != null ? masterSecretSource.load()
              : MasterSecretSources.fromEnvironment(keySettings, environment);
          ring = LiveKeyRing.start(dataSource, secrets, keyRefreshInterval);
        } catch (CryptoException e) {
          throw new VaultException(VaultException.Code.MASTER_SECRET, e.getMessage(), e);
        } catch (SQLException e) {
          throw new VaultException(VaultException.Code.DATABASE,
              "Could not read the vault key versions (SQLState " + e.getSQLState() + ")", e);
        }
      }
      SecretStore store = new SecretStore(dataSource, ring, rotationBatchSize);
      listeners.forEach(store::addListener);
      return new Vault(store, ring, owns);
    }
  }
}
