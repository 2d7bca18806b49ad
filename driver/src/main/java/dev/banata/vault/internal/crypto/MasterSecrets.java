package dev.banata.vault.internal.crypto;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The current master secret plus earlier ones still accepted for decryption, looked up by
 * fingerprint. Where the secrets come from is not the crypto layer's business (see
 * {@code dev.banata.vault.keys.MasterSecretSources}). Built once per application; it also owns the cache of derived keys, so key rings
 * rebuilt on every refresh reuse keys instead of running HKDF again.
 */
public final class MasterSecrets {

  private final MasterSecret current;
  private final Map<String, MasterSecret> byFingerprint;
  private final PrimitiveCache primitives = new PrimitiveCache();

  private MasterSecrets(MasterSecret current, List<MasterSecret> previous) {
    this.current = Objects.requireNonNull(current, "current");
    Map<String, MasterSecret> all = new LinkedHashMap<>();
    all.put(current.fingerprint(), current);
    for (MasterSecret secret : previous) {
      all.putIfAbsent(secret.fingerprint(), Objects.requireNonNull(secret, "previous secret"));
    }
    this.byFingerprint = Collections.unmodifiableMap(all);
  }

  /** The current secret and earlier ones (duplicates of the current one are ignored). */
  public static MasterSecrets of(MasterSecret current, List<MasterSecret> previous) {
    return new MasterSecrets(current, List.copyOf(previous));
  }

  /** Only a current secret. */
  public static MasterSecrets of(MasterSecret current) {
    return new MasterSecrets(current, List.of());
  }

  /** The secret new key versions are derived from. */
  public MasterSecret current() {
    return current;
  }

  public Optional<MasterSecret> byFingerprint(String fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  /** Every secret, the current one first. */
  public List<MasterSecret> all() {
    return List.copyOf(byFingerprint.values());
  }

  PrimitiveCache primitives() {
    return primitives;
  }

  @Override
  public String toString() {
    return "MasterSecrets[current=" + current.fingerprint() + ", all=" + byFingerprint.keySet() + "]";
  }
}
