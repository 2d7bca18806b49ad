package dev.banata.vault.internal.crypto;

import java.util.Arrays;

/**
 * Per-thread working arrays for decryption: the decoded text envelope and the recovered
 * {@code tag || value} plaintext. A result set decrypts thousands of values in a row; decoding and
 * decrypting into these instead of two fresh arrays per value saves both allocations and their
 * zeroing. A value's typed form (String, number, copy of the bytes) is always built from these
 * arrays before the next value can reuse them, and the plaintext region is cleared right after.
 * Arrays past {@value #KEEP_BYTES} bytes are allocated per call and not kept, so one large value
 * does not pin memory in every thread that ever read one.
 */
final class DecryptionBuffers {

  static final int KEEP_BYTES = 16 * 1024;
  private static final ThreadLocal<DecryptionBuffers> PER_THREAD = ThreadLocal.withInitial(DecryptionBuffers::new);
  private static final byte[] ZEROS = new byte[KEEP_BYTES];

  private byte[] envelope = new byte[256];
  private byte[] plaintext = new byte[256];

  private DecryptionBuffers() {}

  static DecryptionBuffers ofThisThread() {
    return PER_THREAD.get();
  }

  /** An array of at least {@code size} bytes for a decoded envelope. */
  byte[] envelope(int size) {
    if (size <= envelope.length) {
      return envelope;
    }
    if (size > KEEP_BYTES) {
      return new byte[size];
    }
    envelope = new byte[Math.min(KEEP_BYTES, Math.max(size, envelope.length * 2))];
    return envelope;
  }

  /**
   * Clears {@code plaintext[0, n)}. Copying zeros runs on the JDK's vectorized copy stub; on JDK 17
   * {@code Arrays.fill} is a compiled loop several times slower at 4 KiB, JDK 25 fills as fast
   * ({@code BufferClearingCost}, docs/BENCHMARKS.md).
   */
  static void clear(byte[] plaintext, int n) {
    if (n <= ZEROS.length) {
      System.arraycopy(ZEROS, 0, plaintext, 0, n);
    } else {
      Arrays.fill(plaintext, 0, n, (byte) 0);
    }
  }

  /** An array of at least {@code size} bytes for a plaintext. */
  byte[] plaintext(int size) {
    if (size <= plaintext.length) {
      return plaintext;
    }
    if (size > KEEP_BYTES) {
      return new byte[size];
    }
    plaintext = new byte[Math.min(KEEP_BYTES, Math.max(size, plaintext.length * 2))];
    return plaintext;
  }
}
