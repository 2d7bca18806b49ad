package dev.banata.vault.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Randomized AES-256-GCM on the JDK's {@link Cipher} (hardware-accelerated). Each thread keeps its own
 * {@code Cipher} for this key: {@code Cipher.getInstance} costs about ten times an encryption of a
 * short value, and a {@code Cipher} is not thread-safe.
 */
final class AesGcmAead implements Aead, FramedAead {

  private final SecretKeySpec key;
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(AesGcmAead::newCipher);

  AesGcmAead(byte[] keyBytes) {
    Objects.requireNonNull(keyBytes, "key");
    if (keyBytes.length != 32) {
      throw new IllegalArgumentException("AES-256 needs a 32-byte key");
    }
    this.key = new SecretKeySpec(keyBytes, "AES");
  }

  static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is not available in this JDK", e);
    }
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] out = new byte[IV_BYTES + plaintext.length + TAG_BYTES];
    seal(EMPTY, plaintext, out, 0, associatedData == null ? EMPTY : associatedData);
    return out;
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    return open(ciphertext, 0, associatedData == null ? EMPTY : associatedData);
  }

  @Override
  public void seal(byte[] head, byte[] body, byte[] buffer, int headerLength, byte[] associatedDataSuffix) {
    RandomIvs.next(buffer, headerLength);
    sealWithIv(ciphers.get(), key, head, body, buffer, headerLength, associatedDataSuffix);
  }

  @Override
  public byte[] open(byte[] buffer, int headerLength, byte[] associatedDataSuffix) {
    return openGcm(ciphers.get(), key, buffer, headerLength, associatedDataSuffix);
  }

  /** GCM-encrypts with the IV already at {@code buffer[headerLength, +12)}. Shared with the SIV construction. */
  static void sealWithIv(Cipher cipher, SecretKeySpec key, byte[] head, byte[] body, byte[] buffer, int headerLength,
      byte[] associatedDataSuffix) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, buffer, headerLength, IV_BYTES));
      if (headerLength > 0) {
        cipher.updateAAD(buffer, 0, headerLength);
      }
      cipher.updateAAD(associatedDataSuffix);
      int at = headerLength + IV_BYTES;
      if (head.length > 0) {
        at += cipher.update(head, 0, head.length, buffer, at);
      }
      cipher.doFinal(body, 0, body.length, buffer, at);
    } catch (GeneralSecurityException e) {
      // Cannot happen with a valid key and a correctly sized buffer; say nothing about the data.
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** GCM-decrypts {@code buffer[headerLength + 12, length)}; every failure is "Decryption failed". */
  static byte[] openGcm(Cipher cipher, SecretKeySpec key, byte[] buffer, int headerLength, byte[] associatedDataSuffix) {
    int body = buffer.length - headerLength - IV_BYTES;
    if (headerLength < 0 || body < TAG_BYTES) {
      throw CryptoException.decryptionFailed();
    }
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, buffer, headerLength, IV_BYTES));
      if (headerLength > 0) {
        cipher.updateAAD(buffer, 0, headerLength);
      }
      cipher.updateAAD(associatedDataSuffix);
      return cipher.doFinal(buffer, headerLength + IV_BYTES, body);
    } catch (GeneralSecurityException | IllegalStateException | IllegalArgumentException e) {
      // AEADBadTagException (wrong key, context, tamper) and anything else: the same answer.
      throw CryptoException.decryptionFailed();
    }
  }

  @Override
  public String toString() {
    return "AesGcmAead[key=<redacted>]";
  }
}
