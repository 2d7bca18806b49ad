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

  private static final int BLOCK_BYTES = 16;
  /**
   * From this body size on, sealing skips copying the body into the envelope (see {@link #sealWithIv}):
   * the second call into the JDK costs about what copying 1-2 KiB does (paired CPU-time slices,
   * docs/BENCHMARKS.md).
   */
  static final int SPLIT_BYTES = 2048;

  private final SecretKeySpec key;
  private final byte[] fieldAssociatedData;
  private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

  /**
   * One thread's {@code Cipher} for this key and that thread's IV source: one thread-local lookup
   * per encryption instead of two (≈ 4 ns each, against ≈ 330 ns for sealing a 32-byte value).
   */
  private static final class PerThread {
    final Cipher cipher = newCipher();
    final RandomIvs ivs = RandomIvs.ofThisThread();
  }

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
    PerThread state = perThread.get();
    state.ivs.take(buffer, ivOffset);
    sealWithIv(state.cipher, key, head, body, buffer, ivOffset, associatedData);
  }

  @Override
  public byte[] open(byte[] buffer, int ivOffset, byte[] associatedData) {
    return openGcm(perThread.get().cipher, key, buffer, ivOffset, associatedData);
  }

  @Override
  public int openInto(byte[] buffer, int ivOffset, int length, byte[] associatedData, byte[] plaintext) {
    return openGcmInto(perThread.get().cipher, key, buffer, ivOffset, length, associatedData, plaintext);
  }

  /** A random IV has nothing to re-check. */
  @Override
  public int openIntoWithoutIvCheck(byte[] buffer, int ivOffset, int length, byte[] associatedData, byte[] plaintext) {
    return openInto(buffer, ivOffset, length, associatedData, plaintext);
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
      int at = ivOffset + IV_BYTES;
      System.arraycopy(head, 0, buffer, at, head.length);
      if (head.length < BLOCK_BYTES && body.length >= SPLIT_BYTES) {
        // A large body is not copied: the first block (head || start of body) is encrypted in place,
        // the rest straight from the caller's array. A whole block leaves the JDK nothing to buffer;
        // should a provider hold some back anyway, its final call writes it first (at + done).
        int fromBody = BLOCK_BYTES - head.length;
        System.arraycopy(body, 0, buffer, at + head.length, fromBody);
        int done = cipher.update(buffer, at, BLOCK_BYTES, buffer, at);
        cipher.doFinal(body, fromBody, body.length - fromBody, buffer, at + done);
        return;
      }
      // Small values are encrypted in place after copying the plaintext to where its ciphertext goes:
      // one call into the JDK, measured faster than feeding it head and body separately (it buffers
      // a partial block and copies again) or a separate plaintext array (one more allocation).
      System.arraycopy(body, 0, buffer, at + head.length, body.length);
      cipher.doFinal(buffer, at, head.length + body.length, buffer, at);
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
