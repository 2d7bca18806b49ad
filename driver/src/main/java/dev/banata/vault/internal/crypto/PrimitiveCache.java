package dev.banata.vault.internal.crypto;

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
  private final ConcurrentHashMap<Id, SearchTokens> searchTokens = new ConcurrentHashMap<>();

  /** The search-token key of (version, context), purpose {@code field-prefix}; derived once. */
  SearchTokens searchTokens(MasterSecret secret, int version, String context) {
    Id id = new Id(secret.fingerprint(), version, KeyPurpose.FIELD_PREFIX, context);
    SearchTokens cached = searchTokens.get(id);
    if (cached != null) {
      return cached;
    }
    if (searchTokens.size() >= MAX_ENTRIES) {
      searchTokens.clear();
    }
    return searchTokens.computeIfAbsent(id, ignored -> {
      byte[] key = KeyDerivation.deriveKeyBytes(secret.bytesForKeyDerivation(), version, KeyPurpose.FIELD_PREFIX, context, 32);
      try {
        return new SearchTokens(key);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    });
  }

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

  /** Envelope header for this key's mode and version || UTF-8(context); null for non-field purposes. */
  static byte[] fieldAssociatedData(int version, KeyPurpose purpose, String context) {
    dev.banata.vault.annotations.Mode mode = switch (purpose) {
      case FIELD_RANDOMIZED -> dev.banata.vault.annotations.Mode.RANDOMIZED;
      case FIELD_DETERMINISTIC -> dev.banata.vault.annotations.Mode.DETERMINISTIC;
      case VAULT_SECRET, FIELD_PREFIX -> null;
    };
    if (mode == null) {
      return null;
    }
    byte[] header = Envelope.allocate(mode, version, 0);
    byte[] ctx = context.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] ad = Arrays.copyOf(header, Envelope.HEADER_BYTES + ctx.length);
    System.arraycopy(ctx, 0, ad, Envelope.HEADER_BYTES, ctx.length);
    return ad;
  }

  private static FramedAead derive(MasterSecret secret, int version, KeyPurpose purpose, String context) {
    if (purpose == KeyPurpose.FIELD_PREFIX) {
      throw new IllegalArgumentException("FIELD_PREFIX keys are HMAC keys, not AEADs");
    }
    boolean deterministic = purpose == KeyPurpose.FIELD_DETERMINISTIC;
    byte[] keyBytes = KeyDerivation.deriveKeyBytes(secret.bytesForKeyDerivation(), version, purpose, context,
        deterministic ? 64 : 32);
    byte[] fieldAd = fieldAssociatedData(version, purpose, context);
    try {
      return deterministic ? new SyntheticIvAesGcm(keyBytes, fieldAd) : new AesGcmAead(keyBytes, fieldAd);
    } finally {
      // SecretKeySpec keeps its own copy.
      Arrays.fill(keyBytes, (byte) 0);
    }
  }
}
