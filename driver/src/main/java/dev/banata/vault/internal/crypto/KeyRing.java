package dev.banata.vault.internal.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The live key versions, one of them primary (the one new values are encrypted with), each bound to
 * a master secret that is present. Immutable; invariants are checked in {@link Builder#build()}.
 * Hands out the AEAD primitives per (version, purpose, context); they are derived once and cached.
 */
public final class KeyRing {

  private final MasterSecrets secrets;
  private final Map<Integer, KeyVersion> versions;
  private final Map<Integer, MasterSecret> secretByVersion;
  private final int primary;
  private final List<Integer> liveVersions;
  /** The versions ascending; a version's index here is its slot in {@link #keysByContext}'s arrays. */
  private final int[] versionNumbers;
  /**
   * The primitives this ring has handed out, per context, one slot per (purpose, version): the
   * per-value lookup is one map get (a String caches its hash) and an array read, with no
   * allocation. Per ring instance, so a refreshed ring starts empty; the primitives themselves come
   * from the secrets' shared {@link PrimitiveCache}, so HKDF still runs once per key.
   */
  private final ConcurrentHashMap<String, AtomicReferenceArray<FramedAead>> keysByContext = new ConcurrentHashMap<>();

  private KeyRing(MasterSecrets secrets, TreeMap<Integer, KeyVersion> versions, Map<Integer, MasterSecret> secretByVersion,
      int primary) {
    this.secrets = secrets;
    this.versions = Collections.unmodifiableMap(versions);
    this.secretByVersion = secretByVersion;
    this.primary = primary;
    List<Integer> live = new ArrayList<>();
    live.add(primary);
    // Newest first after the primary: the likeliest to match during a rotation.
    for (Integer version : versions.descendingKeySet()) {
      if (version != primary) {
        live.add(version);
      }
    }
    this.liveVersions = Collections.unmodifiableList(live);
    this.versionNumbers = versions.keySet().stream().mapToInt(Integer::intValue).toArray();
  }

  public static Builder builder(MasterSecrets secrets) {
    return new Builder(secrets);
  }

  /** What applies when no key version is recorded: version 1, bound to the current secret, primary. */
  public static KeyRing initial(MasterSecrets secrets) {
    return builder(secrets).add(new KeyVersion(1, secrets.current().fingerprint())).primary(1).build();
  }

  public int primaryVersion() {
    return primary;
  }

  /** Every version this ring can decrypt, the primary first. */
  public List<Integer> liveVersions() {
    return liveVersions;
  }

  public boolean contains(int version) {
    return versions.containsKey(version);
  }

  /** The versions in ascending order. */
  public List<KeyVersion> versions() {
    return List.copyOf(versions.values());
  }

  public MasterSecrets secrets() {
    return secrets;
  }

  /**
   * The randomized AES-256-GCM primitive for {@code purpose} ({@code FIELD_RANDOMIZED} or
   * {@code VAULT_SECRET}) and {@code context} under {@code version}.
   *
   * @throws CryptoException {@code UNKNOWN_KEY_VERSION} when the ring has no such version
   * @throws IllegalArgumentException for {@code FIELD_DETERMINISTIC} (use {@link #deterministicAead})
   */
  public Aead aead(int version, KeyPurpose purpose, String context) {
    if (purpose == KeyPurpose.FIELD_DETERMINISTIC) {
      throw new IllegalArgumentException("FIELD_DETERMINISTIC keys are used through deterministicAead(version, context)");
    }
    return (Aead) framed(version, purpose, context);
  }

  /** The deterministic primitive for {@code context} under {@code version} (purpose FIELD_DETERMINISTIC). */
  public DeterministicAead deterministicAead(int version, String context) {
    return (DeterministicAead) framed(version, KeyPurpose.FIELD_DETERMINISTIC, context);
  }

  /** The search-token key of {@code context} under {@code version} (purpose FIELD_PREFIX). */
  SearchTokens searchTokens(int version, String context) {
    Objects.requireNonNull(context, "context");
    if (Arrays.binarySearch(versionNumbers, version) < 0) {
      throw CryptoException.unknownKeyVersion();
    }
    return secrets.primitives().searchTokens(secretByVersion.get(version), version, context);
  }

  FramedAead framed(int version, KeyPurpose purpose, String context) {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(context, "context");
    int versionSlot = Arrays.binarySearch(versionNumbers, version);
    if (versionSlot < 0) {
      throw CryptoException.unknownKeyVersion();
    }
    AtomicReferenceArray<FramedAead> keys = keysByContext.get(context);
    if (keys == null) {
      // Vault API contexts are caller-chosen: bounded like the shared cache.
      if (keysByContext.size() >= PrimitiveCache.MAX_ENTRIES) {
        keysByContext.clear();
      }
      keys = keysByContext.computeIfAbsent(context,
          ignored -> new AtomicReferenceArray<>(KeyPurpose.values().length * versionNumbers.length));
    }
    int slot = purpose.ordinal() * versionNumbers.length + versionSlot;
    FramedAead key = keys.get(slot);
    if (key == null) {
      key = secrets.primitives().get(secretByVersion.get(version), version, purpose, context);
      keys.set(slot, key);
    }
    return key;
  }

  @Override
  public String toString() {
    return "KeyRing[primary=" + primary + ", versions=" + versions.values() + "]";
  }

  /** Collects key versions; {@link #build()} checks the invariants. */
  public static final class Builder {

    private final MasterSecrets secrets;
    private final List<KeyVersion> added = new ArrayList<>();
    private Integer primary;

    private Builder(MasterSecrets secrets) {
      this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    public Builder add(KeyVersion version) {
      added.add(Objects.requireNonNull(version, "version"));
      return this;
    }

    public Builder primary(int version) {
      this.primary = version;
      return this;
    }

    /**
     * @throws CryptoException {@code INVALID_KEY_RING} when there is no version, a version appears
     *     twice, or the primary is unset or not added; {@code SECRET_UNAVAILABLE} when a version's
     *     master secret is not configured (the message names the version and the fingerprint)
     */
    public KeyRing build() {
      if (added.isEmpty()) {
        throw new CryptoException(CryptoException.Reason.INVALID_KEY_RING, "a key ring needs at least one key version");
      }
      TreeMap<Integer, KeyVersion> byVersion = new TreeMap<>();
      Map<Integer, MasterSecret> secretByVersion = new TreeMap<>();
      for (KeyVersion version : added) {
        if (byVersion.put(version.version(), version) != null) {
          throw new CryptoException(CryptoException.Reason.INVALID_KEY_RING,
              "key version " + version.version() + " is listed twice");
        }
        MasterSecret secret = secrets.byFingerprint(version.fingerprint()).orElseThrow(() -> new CryptoException(
            CryptoException.Reason.SECRET_UNAVAILABLE,
            "key version " + version.version() + " needs the master secret with fingerprint " + version.fingerprint()
                + ", which is neither the current secret nor one of the previous secrets"));
        secretByVersion.put(version.version(), secret);
      }
      if (primary == null) {
        throw new CryptoException(CryptoException.Reason.INVALID_KEY_RING, "a key ring needs a primary version");
      }
      if (!byVersion.containsKey(primary)) {
        throw new CryptoException(CryptoException.Reason.INVALID_KEY_RING,
            "primary version " + primary + " is not among the key versions " + byVersion.keySet());
      }
      return new KeyRing(secrets, byVersion, Map.copyOf(secretByVersion), primary);
    }
  }
}
