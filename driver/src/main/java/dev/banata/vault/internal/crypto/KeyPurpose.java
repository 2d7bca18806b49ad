package dev.banata.vault.internal.crypto;

/**
 * What a derived key is for. The purpose is part of the HKDF info, so keys of different purposes are
 * independent even for the same master secret, version and context.
 */
public enum KeyPurpose {
  /** Randomized AES-256-GCM for encrypted columns. */
  FIELD_RANDOMIZED("field-randomized"),
  /** The deterministic (synthetic-IV) construction for encrypted columns that support equality. */
  FIELD_DETERMINISTIC("field-deterministic"),
  /** Randomized AES-256-GCM for the Vault API's named secrets. */
  VAULT_SECRET("vault-secret"),
  /** The HMAC-SHA256 key of the search tokens of {@code search: prefix} columns (not an AEAD). */
  FIELD_PREFIX("field-prefix");

  private final String label;

  KeyPurpose(String label) {
    this.label = label;
  }

  /** The label written into the HKDF info (see docs/FORMAT.md). */
  String label() {
    return label;
  }
}
