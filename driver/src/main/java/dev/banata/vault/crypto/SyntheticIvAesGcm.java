package dev.banata.vault.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic AEAD: AES-256-GCM with a synthetic IV (docs/FORMAT.md, "Deterministic mode").
 *
 * <pre>
 * IV = first 12 bytes of HMAC-SHA256(K_iv, uint64_be(len(AD)) || AD || P)
 * C || T = AES-256-GCM(K_enc, IV, AD, P)
 * </pre>
 *
 * On decryption GCM authenticates first (JDK speed), then the IV is recomputed from the recovered
 * plaintext and compared in constant time, so only ciphertexts this construction produced decrypt.
 * Chosen over AES-GCM-SIV and AES-SIV by measurement: both run on Bouncy Castle at a fraction of the
 * JDK's intrinsic GCM speed, and result sets decrypt far more often than anything is written.
 */
final class SyntheticIvAesGcm implements DeterministicAead, FramedAead {

  private final SecretKeySpec ivKey;
  private final SecretKeySpec encryptionKey;
  private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(this::newPerThread);

  /** {@code keyMaterial} is 64 bytes: K_iv (HMAC-SHA256) then K_enc (AES-256). */
  SyntheticIvAesGcm(byte[] keyMaterial) {
    Objects.requireNonNull(keyMaterial, "key");
    if (keyMaterial.length != 64) {
      throw new IllegalArgumentException("the synthetic-IV construction needs 64 bytes of key material");
    }
    this.ivKey = new SecretKeySpec(keyMaterial, 0, 32, "HmacSHA256");
    this.encryptionKey = new SecretKeySpec(keyMaterial, 32, 32, "AES");
  }

  private static final class PerThread {
    final Cipher cipher = AesGcmAead.newCipher();
    final Mac mac;
    final byte[] lastEncryptionIv = new byte[IV_BYTES];
    boolean encryptedBefore;

    PerThread(SecretKeySpec ivKey) {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(ivKey);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
      }
    }
  }

  private PerThread newPerThread() {
    return new PerThread(ivKey);
  }

  @Override
  public byte[] encryptDeterministically(byte[] plaintext, byte[] associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] out = new byte[IV_BYTES + plaintext.length + TAG_BYTES];
    seal(EMPTY, plaintext, out, 0, associatedData == null ? EMPTY : associatedData);
    return out;
  }

  @Override
  public byte[] decryptDeterministically(byte[] ciphertext, byte[] associatedData) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    return open(ciphertext, 0, associatedData == null ? EMPTY : associatedData);
  }

  @Override
  public void seal(byte[] head, byte[] body, byte[] buffer, int headerLength, byte[] associatedDataSuffix) {
    PerThread state = perThread.get();
    syntheticIv(state.mac, buffer, headerLength, associatedDataSuffix, head, body, buffer, headerLength);
    if (state.encryptedBefore && Arrays.equals(buffer, headerLength, headerLength + IV_BYTES,
        state.lastEncryptionIv, 0, IV_BYTES)) {
      // The JDK refuses to encrypt twice in a row with the same key and IV on one Cipher (a guard
      // against accidental nonce reuse). Here the repeat is by design: the same IV comes only from the
      // same associated data and plaintext, so the output is identical and nothing leaks. Encrypting
      // once under a throwaway IV resets the guard.
      byte[] other = Arrays.copyOfRange(buffer, headerLength, headerLength + IV_BYTES);
      other[0] ^= 1;
      byte[] scratch = new byte[IV_BYTES + TAG_BYTES];
      System.arraycopy(other, 0, scratch, 0, IV_BYTES);
      AesGcmAead.sealWithIv(state.cipher, encryptionKey, EMPTY, EMPTY, scratch, 0, EMPTY);
    }
    System.arraycopy(buffer, headerLength, state.lastEncryptionIv, 0, IV_BYTES);
    state.encryptedBefore = true;
    AesGcmAead.sealWithIv(state.cipher, encryptionKey, head, body, buffer, headerLength, associatedDataSuffix);
  }

  @Override
  public byte[] open(byte[] buffer, int headerLength, byte[] associatedDataSuffix) {
    PerThread state = perThread.get();
    byte[] plaintext = AesGcmAead.openGcm(state.cipher, encryptionKey, buffer, headerLength, associatedDataSuffix);
    byte[] expected = new byte[IV_BYTES];
    syntheticIv(state.mac, buffer, headerLength, associatedDataSuffix, EMPTY, plaintext, expected, 0);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(buffer, headerLength, headerLength + IV_BYTES))) {
      Arrays.fill(plaintext, (byte) 0);
      throw CryptoException.decryptionFailed();
    }
    return plaintext;
  }

  /**
   * Writes the synthetic IV to {@code out[outOffset, +12)}. The associated data is
   * {@code header[0, headerLength) || suffix} and the plaintext {@code head || body}; the length prefix keeps the (AD, P) split unambiguous.
   */
  static void syntheticIv(Mac mac, byte[] header, int headerLength, byte[] suffix, byte[] head, byte[] body,
      byte[] out, int outOffset) {
    long adLength = (long) headerLength + suffix.length;
    for (int shift = 56; shift >= 0; shift -= 8) {
      mac.update((byte) (adLength >>> shift));
    }
    mac.update(header, 0, headerLength);
    mac.update(suffix);
    mac.update(head);
    mac.update(body);
    byte[] digest = mac.doFinal();
    System.arraycopy(digest, 0, out, outOffset, IV_BYTES);
  }

  @Override
  public String toString() {
    return "SyntheticIvAesGcm[keys=<redacted>]";
  }
}
