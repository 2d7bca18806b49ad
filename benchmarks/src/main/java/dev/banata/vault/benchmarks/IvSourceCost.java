package dev.banata.vault.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a random 96-bit IV costs from the two sources the randomized mode could draw from, in blocks of
 * 128 IVs as {@code RandomIvs} draws them: the JDK's {@code DRBG} (Hash_DRBG) output, and an
 * AES-256-CTR keystream under a key from that DRBG (docs/FORMAT.md, "Where the IVs come from").
 * Alternating rounds, thread CPU time.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.IvSourceCost [rounds]</pre>
 */
public final class IvSourceCost {

  private static final int BLOCK = 12 * 128;
  private static final int REFILLS = 20_000;

  private IvSourceCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    SecureRandom drbg = SecureRandom.getInstance("DRBG");
    byte[] key = new byte[32];
    byte[] counter = new byte[16];
    drbg.nextBytes(key);
    drbg.nextBytes(counter);
    Cipher keystream = Cipher.getInstance("AES/CTR/NoPadding");
    keystream.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
    byte[] zeros = new byte[BLOCK];
    byte[] block = new byte[BLOCK];
    System.out.printf("%d rounds of %,d IVs per source, ns of thread CPU time per IV (first two rounds are warm-up)%n", rounds, REFILLS * 128);
    System.out.println("| round | DRBG | AES-CTR keystream |");
    System.out.println("|---:|---:|---:|");
    for (int round = 1; round <= rounds + 2; round++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < REFILLS; i++) {
        drbg.nextBytes(block);
      }
      long drbgDone = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < REFILLS; i++) {
        keystream.update(zeros, 0, BLOCK, block, 0);
      }
      long ctrDone = threads.getCurrentThreadCpuTime();
      if (round > 2) {
        double perIv = REFILLS * 128.0;
        System.out.println(String.format(Locale.ROOT, "| %d | %.1f | %.1f |", round - 2, (drbgDone - start) / perIv, (ctrDone - drbgDone) / perIv));
      }
    }
  }
}
