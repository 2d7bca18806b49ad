package dev.banata.vault.internal.crypto;

import java.security.SecureRandom;

/**
 * Random 96-bit IVs from a per-thread {@link SecureRandom} DRBG (the JDK's NIST SP 800-90A
 * {@code DRBG}, seeded from the operating system), drawn in blocks into a per-thread buffer; each
 * byte is used once. Why not {@code new SecureRandom()}: on Linux that is {@code NativePRNG}, which
 * reads {@code /dev/urandom} 32 bytes per system call under a global lock and mixes in SHA1PRNG, so
 * an IV cost about as much as AES-GCM-encrypting a short value; the DRBG is pure computation
 * (SHA-256, hardware-accelerated) and per thread there is no lock contention.
 */
final class RandomIvs {

  private static final int BLOCK = 12 * 128;
  private static final ThreadLocal<RandomIvs> PER_THREAD = ThreadLocal.withInitial(RandomIvs::new);

  private final SecureRandom random = newDrbg();
  private final byte[] block = new byte[BLOCK];
  private int next = BLOCK;

  private RandomIvs() {}

  private static SecureRandom newDrbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      // Every JDK 9+ has DRBG; a stripped-down runtime gets the platform default.
      return new SecureRandom();
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
      random.nextBytes(block);
      next = 0;
    }
    System.arraycopy(block, next, out, offset, 12);
    next += 12;
  }
}
