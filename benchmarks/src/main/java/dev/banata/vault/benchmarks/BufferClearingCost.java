package dev.banata.vault.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * What clearing the reused plaintext array costs per value, the two ways it can be done: {@code Arrays.fill}
 * and copying from an array of zeros ({@code DecryptionBuffers.clear}). Alternating rounds, thread CPU time.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.BufferClearingCost [rounds]</pre>
 */
public final class BufferClearingCost {

  private static final byte[] ZEROS = new byte[16 * 1024];
  private static final int CALLS = 2_000_000;

  private BufferClearingCost() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    byte[] buffer = new byte[ZEROS.length];
    System.out.printf("%d rounds of %,d clearings per way and size, ns of thread CPU time per clearing (first two rounds are warm-up)%n", rounds, CALLS);
    System.out.println("| bytes | round | Arrays.fill | copy of zeros |");
    System.out.println("|---:|---:|---:|---:|");
    for (int bytes : new int[] {33, 4097}) {
      for (int round = 1; round <= rounds + 2; round++) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < CALLS; i++) {
          buffer[i & 1023] = 1; // something to clear
          Arrays.fill(buffer, 0, bytes, (byte) 0);
        }
        long filled = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < CALLS; i++) {
          buffer[i & 1023] = 1;
          System.arraycopy(ZEROS, 0, buffer, 0, bytes);
        }
        long copied = threads.getCurrentThreadCpuTime();
        if (round > 2) {
          System.out.println(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f |", bytes, round - 2, (filled - start) / (double) CALLS,
              (copied - filled) / (double) CALLS));
        }
      }
    }
  }
}
