package dev.banata.vault.crypto;

import java.security.SecureRandom;

/**
 * Random 96-bit IVs, taken from a per-thread buffer that is refilled from a {@link SecureRandom} in
 * blocks. One {@code nextBytes} call per IV costs about as much as the AES-GCM encryption of a short
 * value; drawing in blocks makes it nearly free. The bytes are exactly the SecureRandom's output, each
 * used once.
 */
final class RandomIvs {

  private static final int BLOCK = 12 * 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<RandomIvs> PER_THREAD = ThreadLocal.withInitial(RandomIvs::new);

  private final byte[] block = new byte[BLOCK];
  private int next = BLOCK;

  private RandomIvs() {}

  /** Writes 12 fresh random bytes to {@code out[offset, offset + 12)}. */
  static void next(byte[] out, int offset) {
    PER_THREAD.get().take(out, offset);
  }

  private void take(byte[] out, int offset) {
    if (next == BLOCK) {
      RANDOM.nextBytes(block);
      next = 0;
    }
    System.arraycopy(block, next, out, offset, 12);
    next += 12;
  }
}
