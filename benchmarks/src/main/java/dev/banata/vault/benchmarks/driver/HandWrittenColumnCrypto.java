package dev.banata.vault.benchmarks.driver;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Baseline (b): what an application writes when it encrypts its columns itself on plain pgjdbc,
 * doing the same cryptography as the vault driver and nothing more. One instance per thread (a
 * {@code Cipher} and a {@code Mac} are not thread-safe), created once and reused: the cached
 * per-thread {@code Cipher}s (one per key) a careful application keeps.
 *
 * <ul>
 *   <li>randomized: AES-256-GCM, a fresh 96-bit IV from a per-thread DRBG, the column's context as
 *       associated data; stored as base64(IV || ciphertext || tag);</li>
 *   <li>deterministic: the same, with IV = HMAC-SHA256(K_iv, context || plaintext)[0, 12), and on
 *       decryption the IV recomputed and compared, as the driver's synthetic-IV construction does.</li>
 * </ul>
 *
 * Not for production: the keys are fixed benchmark keys and there is no key version or format marker.
 */
final class HandWrittenColumnCrypto {

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder ENCODER = Base64.getEncoder();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private final SecretKeySpec randomizedKey;
  private final SecretKeySpec deterministicKey;
  // One Cipher per key: re-initialising a Cipher with another key re-expands the AES key schedule.
  private final Cipher randomizedCipher;
  private final Cipher deterministicCipher;
  private final Mac ivMac;
  private final SecureRandom random;
  // The JDK refuses two GCM encryptions in a row under one key and IV; a repeated deterministic
  // value gives the same output, so the last one is returned again.
  private byte[] lastDeterministicIv;
  private String lastDeterministicOutput;

  HandWrittenColumnCrypto() {
    try {
      byte[] keys = MessageDigest.getInstance("SHA-512").digest(
          "benchmark-only fake application key material".getBytes(StandardCharsets.UTF_8));
      randomizedKey = new SecretKeySpec(keys, 0, 32, "AES");
      deterministicKey = new SecretKeySpec(keys, 32, 32, "AES");
      randomizedCipher = Cipher.getInstance("AES/GCM/NoPadding");
      deterministicCipher = Cipher.getInstance("AES/GCM/NoPadding");
      ivMac = Mac.getInstance("HmacSHA256");
      ivMac.init(new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(keys), "HmacSHA256"));
      random = drbg();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES-GCM or HMAC-SHA256", e);
    }
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  String encryptRandomized(String plaintext, byte[] context) throws GeneralSecurityException {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    return seal(randomizedCipher, randomizedKey, iv, plaintext.getBytes(StandardCharsets.UTF_8), context);
  }

  String encryptDeterministic(String plaintext, byte[] context) throws GeneralSecurityException {
    byte[] data = plaintext.getBytes(StandardCharsets.UTF_8);
    byte[] iv = syntheticIv(context, data);
    if (lastDeterministicIv != null && Arrays.equals(iv, lastDeterministicIv)) {
      return lastDeterministicOutput;
    }
    String output = seal(deterministicCipher, deterministicKey, iv, data, context);
    lastDeterministicIv = iv;
    lastDeterministicOutput = output;
    return output;
  }

  String decryptRandomized(String stored, byte[] context) throws GeneralSecurityException {
    return stored == null ? null : new String(open(randomizedCipher, randomizedKey, DECODER.decode(stored), context), StandardCharsets.UTF_8);
  }

  String decryptDeterministic(String stored, byte[] context) throws GeneralSecurityException {
    if (stored == null) {
      return null;
    }
    byte[] sealed = DECODER.decode(stored);
    byte[] plaintext = open(deterministicCipher, deterministicKey, sealed, context);
    if (!MessageDigest.isEqual(syntheticIv(context, plaintext), Arrays.copyOf(sealed, IV_BYTES))) {
      throw new GeneralSecurityException("Decryption failed");
    }
    return new String(plaintext, StandardCharsets.UTF_8);
  }

  private byte[] syntheticIv(byte[] context, byte[] plaintext) {
    ivMac.update(context);
    ivMac.update(plaintext);
    return Arrays.copyOf(ivMac.doFinal(), IV_BYTES);
  }

  private static String seal(Cipher cipher, SecretKeySpec key, byte[] iv, byte[] plaintext, byte[] context) throws GeneralSecurityException {
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(context);
    byte[] out = new byte[IV_BYTES + cipher.getOutputSize(plaintext.length)];
    System.arraycopy(iv, 0, out, 0, IV_BYTES);
    cipher.doFinal(plaintext, 0, plaintext.length, out, IV_BYTES);
    return ENCODER.encodeToString(out);
  }

  private static byte[] open(Cipher cipher, SecretKeySpec key, byte[] sealed, byte[] context) throws GeneralSecurityException {
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
    cipher.updateAAD(context);
    return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
  }
}
