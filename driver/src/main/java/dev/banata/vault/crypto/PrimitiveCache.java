package dev.banata.vault.crypto;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived AEAD objects per (secret fingerprint, version, purpose, context), so HKDF runs once per key
 * and never on the hot path. Owned by {@link MasterSecrets}, which outlives the key rings built from
 * it on every refresh. Bounded: contexts of the Vault API are caller-chosen, so past
 * {@value #MAX_ENTRIES} entries the cache starts over rather than grow without limit.
 */
final class PrimitiveCache {

  static final int MAX_ENTRIES = 10_000;

  private record Id(String fingerprint, int version, KeyPurpose purpose, String context) {}

  private final ConcurrentHashMap<Id, FramedAead> primitives = new ConcurrentHashMap<>();

  FramedAead get(MasterSecret secret, int version, KeyPurpose purpose, String context) {
    Id id = new Id(secret.fingerprint(), version, purpose, context);
    FramedAead cached = primitives.get(id);
    if (cached != null) {
      return cached;
    }
    if (primitives.size() >= MAX_ENTRIES) {
      primitives.clear();
    }
    return primitives.computeIfAbsent(id, ignored -> derive(secret, version, purpose, context));
  }

  private static FramedAead derive(MasterSecret secret, int version, KeyPurpose purpose, String context) {
    boolean deterministic = purpose == KeyPurpose.FIELD_DETERMINISTIC;
    byte[] keyBytes = KeyDerivation.deriveKeyBytes(secret.bytesForKeyDerivation(), version, purpose, context,
        deterministic ? 64 : 32);
    try {
      return deterministic ? new SyntheticIvAesGcm(keyBytes) : new AesGcmAead(keyBytes);
    } finally {
      // SecretKeySpec keeps its own copy.
      Arrays.fill(keyBytes, (byte) 0);
    }
  }
}
