package dev.banata.vault.internal.crypto;

/**
 * Authenticated encryption with associated data, randomized: encrypting the same plaintext twice
 * gives different ciphertexts. Implementations are thread-safe.
 *
 * <p>The one implementation is AES-256-GCM with a fresh random 96-bit IV and a 128-bit tag; the
 * output is {@code IV (12 bytes) || ciphertext || tag (16 bytes)}. Decryption either returns the
 * exact plaintext or throws {@link CryptoException} with message {@value CryptoException#DECRYPTION_FAILED};
 * it never releases unauthenticated bytes.
 *
 * <p>Limit: at most 2<sup>32</sup> encryptions per key (one key per key version, purpose and
 * context), the NIST SP 800-38D bound for random 96-bit IVs. Rotate before that.
 */
public interface Aead {

  /** Encrypts {@code plaintext}, binding {@code associatedData} (which is not encrypted). */
  byte[] encrypt(byte[] plaintext, byte[] associatedData);

  /** Decrypts and authenticates; any mismatch throws {@code CryptoException("Decryption failed")}. */
  byte[] decrypt(byte[] ciphertext, byte[] associatedData);
}
