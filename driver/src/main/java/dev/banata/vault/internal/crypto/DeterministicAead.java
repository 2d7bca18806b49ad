package dev.banata.vault.internal.crypto;

/**
 * Deterministic authenticated encryption: the same plaintext and associated data under the same key
 * always give the same ciphertext, so a database can compare ciphertexts for equality.
 *
 * <p><b>What it leaks:</b> whether two ciphertexts (under the same key version and context) hold the
 * same plaintext, and so how often each value occurs; and, like every encryption here, the length of
 * the plaintext. It leaks nothing else: different plaintexts give unrelated ciphertexts, and it stays
 * secure when the same value is encrypted many times (it is a synthetic-IV construction, see
 * docs/FORMAT.md). Use it only where equality lookups are needed and values have many possibilities.
 *
 * <p>The construction: AES-256-GCM whose 96-bit IV is HMAC-SHA256 over the associated data and the
 * plaintext under a second, independent key, truncated to 12 bytes and recomputed and compared on
 * decryption. Output layout as {@link Aead}: {@code IV || ciphertext || tag}. Limit: 2<sup>32</sup>
 * distinct plaintexts per key. Implementations are thread-safe.
 */
public interface DeterministicAead {

  /** Encrypts deterministically, binding {@code associatedData}. */
  byte[] encryptDeterministically(byte[] plaintext, byte[] associatedData);

  /** Decrypts and authenticates; any mismatch throws {@code CryptoException("Decryption failed")}. */
  byte[] decryptDeterministically(byte[] ciphertext, byte[] associatedData);
}
