package dev.banata.vault.internal.crypto;

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
  private final byte[] fieldAssociatedData;
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(AesGcmAead::newCipher);

  AesGcmAead(byte[] keyBytes) {
    this(keyBytes, null);
  }

  AesGcmAead(byte[] keyBytes, byte[] fieldAssociatedData) {
    this.fieldAssociatedData = fieldAssociatedData;
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
  public void seal(byte[] head, byte[] body, byte[] buffer, int ivOffset, byte[] associatedData) {
    RandomIvs.next(buffer, ivOffset);
    sealWithIv(ciphers.get(), key, head, body, buffer, ivOffset, associatedData);
  }

  @Override
  public byte[] open(byte[] buffer, int ivOffset, byte[] associatedData) {
    return openGcm(ciphers.get(), key, buffer, ivOffset, associatedData);
  }

  @Override
  public int openInto(byte[] buffer, int ivOffset, int length, byte[] associatedData, byte[] plaintext) {
    return openGcmInto(ciphers.get(), key, buffer, ivOffset, length, associatedData, plaintext);
  }

  @Override
  public byte[] fieldAssociatedData() {
    return fieldAssociatedData;
  }

  /** GCM-encrypts with the IV already at {@code buffer[ivOffset, +12)}. Shared with the SIV construction. */
  static void sealWithIv(Cipher cipher, SecretKeySpec key, byte[] head, byte[] body, byte[] buffer, int ivOffset,
      byte[] associatedData) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, buffer, ivOffset, IV_BYTES));
      if (associatedData.length > 0) {
        cipher.updateAAD(associatedData);
      }
      // Encrypt in place: the plaintext is copied to where its ciphertext goes. Measured faster than
      // feeding the JDK the head and body separately (it buffers a partial block and copies again)
      // or a separate plaintext array (one more allocation).
      int at = ivOffset + IV_BYTES;
      int length = head.length + body.length;
      System.arraycopy(head, 0, buffer, at, head.length);
      System.arraycopy(body, 0, buffer, at + head.length, body.length);
      cipher.doFinal(buffer, at, length, buffer, at);
    } catch (GeneralSecurityException e) {
      // Cannot happen with a valid key and a correctly sized buffer; say nothing about the data.
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** GCM-decrypts {@code buffer[ivOffset + 12, length)}; every failure is "Decryption failed". */
  static byte[] openGcm(Cipher cipher, SecretKeySpec key, byte[] buffer, int ivOffset, byte[] associatedData) {
    int body = buffer.length - ivOffset - IV_BYTES;
    if (ivOffset < 0 || body < TAG_BYTES) {
      throw CryptoException.decryptionFailed();
    }
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, buffer, ivOffset, IV_BYTES));
      if (associatedData.length > 0) {
        cipher.updateAAD(associatedData);
      }
      return cipher.doFinal(buffer, ivOffset + IV_BYTES, body);
    } catch (GeneralSecurityException | IllegalStateException | IllegalArgumentException e) {
      // AEADBadTagException (wrong key, context, tamper) and anything else: the same answer.
      throw CryptoException.decryptionFailed();
    }
  }

  /**
   * {@link #openGcm} of {@code buffer[0, length)} into {@code out[0, n)}, returning n. Not in place:
   * the JDK copies a GCM input that shares the output array, which would cost the array this saves.
   */
  static int openGcmInto(Cipher cipher, SecretKeySpec key, byte[] buffer, int ivOffset, int length, byte[] associatedData,
      byte[] out) {
    int body = length - ivOffset - IV_BYTES;
    if (ivOffset < 0 || length > buffer.length || body < TAG_BYTES || out.length < body - TAG_BYTES || out == buffer) {
      throw CryptoException.decryptionFailed();
    }
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, buffer, ivOffset, IV_BYTES));
      if (associatedData.length > 0) {
        cipher.updateAAD(associatedData);
      }
      return cipher.doFinal(buffer, ivOffset + IV_BYTES, body, out, 0);
    } catch (GeneralSecurityException | IllegalStateException | IllegalArgumentException e) {
      // The JDK verifies the tag before it releases plaintext; clear the region all the same.
      java.util.Arrays.fill(out, 0, body - TAG_BYTES, (byte) 0);
      throw CryptoException.decryptionFailed();
    }
  }

  @Override
  public String toString() {
    return "AesGcmAead[key=<redacted>]";
  }
}
