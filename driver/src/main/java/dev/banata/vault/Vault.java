package dev.banata.vault;

import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.internal.keys.RefreshingKeyRingSource;
import dev.banata.vault.internal.secrets.SecretRotation;
import dev.banata.vault.internal.secrets.SecretStore;
import dev.banata.vault.internal.secrets.VaultAccess;
import dev.banata.vault.internal.secrets.VaultSchema;
import dev.banata.vault.keys.MasterSecretSource;
import dev.banata.vault.keys.MasterSecretSources;
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
 *   KeyRotationResult result = vault.rotateKey();          // result.status() == Status.COMPLETED
 * }
 * }</pre>
 *
 * <p>Guarantees: each value is AES-256-GCM encrypted under a key derived for (key version, context) and
 * bound to its row (id, organization, context, name); {@code get} and {@code list} never return ciphertext
 * or IVs; every operation writes its audit event in the same transaction and tells listeners after the
 * commit; errors are {@link VaultException}s whose messages never carry secret data. The tables must exist:
 * install them with {@link #install(DataSource)} or the admin command's {@code install}.
 *
 * <p>This object is the application's own view and sees every secret; {@link #forOrganization(String)}
 * gives a tenant's view. Thread-safe; close it to stop its key refresh thread.
 */
public final class Vault extends ScopedSecrets implements AutoCloseable {

  static {
    VaultAccess.install(new VaultAccess.Hooks() {
      @Override
      public RefreshingKeyRingSource keyRing(Vault vault) {
        return vault.keyRing;
      }

      @Override
      public SecretRotation rotation(Vault vault) {
        return vault.store.rotation();
      }

      @Override
      public Vault build(Builder builder, RefreshingKeyRingSource sharedRing) {
        return builder.build(Objects.requireNonNull(sharedRing, "sharedRing"));
      }
    });
  }

  private final RefreshingKeyRingSource keyRing;
  private final boolean ownsKeyRing;

  private Vault(SecretStore store, RefreshingKeyRingSource keyRing, boolean ownsKeyRing) {
    super(store, null);
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

  /**
   * Creates or upgrades the vault tables ({@code vault_secret}, {@code vault_key}, {@code vault_audit_event})
   * and records key version 1 for the master secret from {@code BETTER_AUTH_SECRET}; what the admin command's
   * {@code install} does. Idempotent; safe to run from several processes at once.
   *
   * @throws VaultException {@code MASTER_SECRET} when the secret is missing or too short, {@code SCHEMA}
   *     when the database is not PostgreSQL or its vault schema is newer than this library, {@code DATABASE}
   *     when the database fails
   */
  public static void install(DataSource dataSource) {
    install(dataSource, MasterSecretSources.environment(KeySettings.DEFAULT));
  }

  /** {@link #install(DataSource)} with the master secrets of {@code source}. */
  public static void install(DataSource dataSource, MasterSecretSource source) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(source, "source");
    try {
      VaultSchema.install(dataSource, MasterSecretSetAccess.load(source));
    } catch (CryptoException e) {
      throw new VaultException(VaultException.Code.MASTER_SECRET, e.getMessage(), e);
    } catch (SQLException e) {
      throw new VaultException(VaultException.Code.DATABASE,
          "Could not install the vault tables (SQLState " + e.getSQLState() + ")", e);
    }
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
    private MasterSecretSource masterSecretSource;
    private Function<String, String> environment = System::getenv;
    private Duration keyRefreshInterval =
        Duration.ofSeconds(Long.parseLong(ConnectionProperty.KEY_REFRESH_SECONDS.defaultValue()));
    private int rotationBatchSize = SecretRotation.DEFAULT_BATCH_SIZE;
    private final List<VaultAuditListener> listeners = new ArrayList<>();

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Which environment variables hold the master secret and, comma-separated, earlier ones still accepted
     * for decryption (default {@code BETTER_AUTH_SECRET} and {@code BETTER_AUTH_SECRET_PREVIOUS}).
     */
    public Builder masterSecretVariables(String currentVariable, String previousVariable) {
      this.keySettings = new KeySettings(Objects.requireNonNull(currentVariable, "currentVariable"),
          Objects.requireNonNull(previousVariable, "previousVariable"));
      return this;
    }

    /** Where the variables named by the key settings are read (default: the process environment). */
    public Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * The master secret itself (and earlier ones still accepted for decryption), instead of reading the
     * environment. Checked at {@link #build()} (at least 32 characters); never printed.
     */
    public Builder masterSecret(CharSequence current, CharSequence... previous) {
      Objects.requireNonNull(current, "current");
      List<CharSequence> earlier = List.of(previous.clone());
      this.masterSecretSource = () -> {
        List<MasterSecret> older = new ArrayList<>();
        for (CharSequence secret : earlier) {
          older.add(MasterSecret.create(secret, "Vault.Builder.masterSecret (previous)"));
        }
        return MasterSecretSetAccess.of(MasterSecrets.of(MasterSecret.create(current, "Vault.Builder.masterSecret"), older));
      };
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
      return build(null);
    }

    /** With {@code keyRing} null, starts the Vault's own ring; else shares that one (see {@code VaultAccess}). */
    private Vault build(RefreshingKeyRingSource keyRing) {
      boolean owns = keyRing == null;
      RefreshingKeyRingSource ring = keyRing;
      if (ring == null) {
        try {
          MasterSecrets secrets = MasterSecretSetAccess.load(masterSecretSource != null ? masterSecretSource
              : MasterSecretSources.environment(keySettings, environment));
          ring = RefreshingKeyRingSource.start(dataSource, secrets, keyRefreshInterval);
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
