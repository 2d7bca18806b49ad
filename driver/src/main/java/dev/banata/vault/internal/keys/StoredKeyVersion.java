package dev.banata.vault.internal.keys;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code vault_key}: a key version, the non-secret fingerprint of the master secret its keys
 * are derived from, when it was created, and when it was retired (null while it is live).
 */
public record StoredKeyVersion(int version, String fingerprint, Instant createdAt, Instant retiredAt) {

  public StoredKeyVersion {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** True while the version may still be used to decrypt (and, if it is the highest, to encrypt). */
  public boolean isLive() {
    return retiredAt == null;
  }
}
