package dev.banata.vault.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Random 96-bit IVs, per thread: an AES-256-CTR keystream under a key and a starting counter drawn
 * from the JDK's {@code DRBG} (NIST SP 800-90A, seeded from the operating system), produced 128 IVs
 * at a time into a per-thread buffer, each byte used once, with a fresh key from the DRBG every
 * {@value #REFILLS_PER_KEY} refills.
 *
 * <p>Why not the DRBG's output itself: its Hash_DRBG costs a SHA-256 compression per 32 bytes,
 * ≈ 25-35 ns an IV, a tenth of sealing a short value; the keystream costs ≈ 1 ns with the AES
 * intrinsic (docs/BENCHMARKS.md, "Crypto"). GCM needs its IVs unique, not secret nor unpredictable:
 * the keystream of a uniformly random key is indistinguishable from random bytes (AES as a PRF: the
 * advantage is below q²/2¹²⁹ for q blocks, and a key covers fewer than 2¹⁷), so IVs collide only with
 * the birthday probability of truly random ones — across threads and processes too, whose keys are
 * independent draws. This is the construction of SP 800-90A's CTR_DRBG without the update step that
 * protects earlier output against a later compromise of the state, which IVs, stored in the clear
 * beside each value, do not need. Why not {@code new SecureRandom()}: on Linux that is
 * {@code NativePRNG}, which reads {@code /dev/urandom} 32 bytes per system call under a global lock.
 */
final class RandomIvs {

  private static final int BLOCK = 12 * 128;
  private static final int REFILLS_PER_KEY = 1024;
  private static final byte[] ZEROS = new byte[BLOCK];
  private static final ThreadLocal<RandomIvs> PER_THREAD = ThreadLocal.withInitial(RandomIvs::new);

  private final SecureRandom seeds = newDrbg();
  private final Cipher keystream = newKeystream();
  private final byte[] block = new byte[BLOCK];
  private int next = BLOCK;
  private int refillsLeft;

  private RandomIvs() {}

  private static SecureRandom newDrbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      // Every JDK 9+ has DRBG; a stripped-down runtime gets the platform default.
      return new SecureRandom();
    }
  }

  private static Cipher newKeystream() {
    try {
      return Cipher.getInstance("AES/CTR/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR/NoPadding is not available in this JDK", e);
    }
  }

  /**
   * This thread's source. Callers keep it in per-thread state of their own (one thread-local lookup
   * per encryption instead of two) and use it only on the thread that asked.
   */
  static RandomIvs ofThisThread() {
    return PER_THREAD.get();
  }

  /** Writes 12 fresh random bytes to {@code out[offset, offset + 12)}; on this source's thread only. */
  void take(byte[] out, int offset) {
    if (next == BLOCK) {
      refill();
    }
    System.arraycopy(block, next, out, offset, 12);
    next += 12;
  }

  private void refill() {
    try {
      if (refillsLeft == 0) {
        byte[] key = new byte[32];
        byte[] counter = new byte[16];
        seeds.nextBytes(key);
        seeds.nextBytes(counter);
        keystream.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
        Arrays.fill(key, (byte) 0);
        refillsLeft = REFILLS_PER_KEY;
      }
      keystream.update(ZEROS, 0, BLOCK, block, 0);
      refillsLeft--;
      next = 0;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR keystream for IVs failed", e);
    }
  }
}
