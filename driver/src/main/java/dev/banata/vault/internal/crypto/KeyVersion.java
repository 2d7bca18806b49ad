package dev.banata.vault.internal.crypto;

import java.util.Objects;

/**
 * One key version: a positive number written into every envelope, and the fingerprint of the master
 * secret its keys are derived from. Holds no secret.
 */
public record KeyVersion(int version, String fingerprint) {

  public KeyVersion {
    if (version < 1) {
      throw new CryptoException(CryptoException.Reason.INVALID_KEY_RING, "key version must be >= 1, got " + version);
    }
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}
