package dev.banata.vault.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Ratios that survive a shared machine. JMH runs one benchmark after another, so when other processes
 * come and go the throughput of two methods measured a minute apart is not comparable. This harness
 * alternates the two calls being compared (ours, bare JDK) in short slices, many rounds, and reports
 * the median of the per-round ratios; slow drifts in load cancel out within a round. Time is the
 * measuring thread's CPU time ({@code ThreadMXBean}), not wall time, so time slices lost to other
 * processes do not count against either side.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.PairedRatio [rounds] [sliceMillis]</pre>
 */
public final class PairedRatio {

  private static volatile int sink;

  private PairedRatio() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 50) * 1_000_000L;
    System.out.printf("paired slices: %d rounds x 2 x %d ms thread CPU time per comparison, median of per-round ratios%n", rounds,
        sliceNanos / 1_000_000);
    System.out.println("| size | ours | bare JDK | ours ops/cpu-s | bare ops/cpu-s | ratio (median) | ratio (p25..p75) |");
    System.out.println("|---:|---|---|---:|---:|---:|---|");
    for (int size : new int[] {32, 256, 4096}) {
      FieldEncryptionBenchmark b = new FieldEncryptionBenchmark();
      b.size = size;
      b.setUp();
      compare(size, "randomizedEncryptBinary", b::randomizedEncryptBinary, "bareJdkEncrypt", b::bareJdkEncrypt, rounds, sliceNanos);
      compare(size, "randomizedEncryptText", b::randomizedEncryptText, "bareJdkEncrypt", b::bareJdkEncrypt, rounds, sliceNanos);
      compare(size, "randomizedDecryptBinary", b::randomizedDecryptBinary, "bareJdkDecrypt", b::bareJdkDecrypt, rounds, sliceNanos);
      compare(size, "randomizedDecryptText", b::randomizedDecryptText, "bareJdkDecrypt", b::bareJdkDecrypt, rounds, sliceNanos);
      compare(size, "randomizedEncryptBinary", b::randomizedEncryptBinary, "bareJdkEncryptWithAad", b::bareJdkEncryptWithAad, rounds, sliceNanos);
      compare(size, "randomizedDecryptBinary", b::randomizedDecryptBinary, "bareJdkDecryptWithAad", b::bareJdkDecryptWithAad, rounds, sliceNanos);
      compare(size, "deterministicEncryptBinary", b::deterministicEncryptBinary, "bareJdkEncrypt", b::bareJdkEncrypt, rounds, sliceNanos);
      compare(size, "deterministicDecryptBinary", b::deterministicDecryptBinary, "bareJdkDecrypt", b::bareJdkDecrypt, rounds, sliceNanos);
      compare(size, "deterministicEncryptText", b::deterministicEncryptText, "bareJdkEncrypt", b::bareJdkEncrypt, rounds, sliceNanos);
      compare(size, "deterministicDecryptText", b::deterministicDecryptText, "bareJdkDecrypt", b::bareJdkDecrypt, rounds, sliceNanos);
    }
    System.out.println();
    System.out.println("Deterministic constructions (primitive only, no envelope), same pairing against bare JDK AES-GCM:");
    System.out.println("| size | construction | bare JDK | construction ops/cpu-s | bare ops/cpu-s | ratio (median) | ratio (p25..p75) |");
    System.out.println("|---:|---|---|---:|---:|---:|---|");
    for (int size : new int[] {32, 256, 4096}) {
      FieldEncryptionBenchmark b = new FieldEncryptionBenchmark();
      b.size = size;
      b.setUp();
      DeterministicConstructionBenchmark d = new DeterministicConstructionBenchmark();
      d.size = size;
      d.setUp();
      compare(size, "oursEncrypt (HMAC-SIV AES-GCM)", d::oursEncrypt, "bareJdkEncrypt", b::bareJdkEncrypt, rounds, sliceNanos);
      compare(size, "oursDecrypt (HMAC-SIV AES-GCM)", d::oursDecrypt, "bareJdkDecrypt", b::bareJdkDecrypt, rounds, sliceNanos);
      compare(size, "gcmSivEncrypt (BC AES-GCM-SIV)", d::gcmSivEncrypt, "bareJdkEncrypt", b::bareJdkEncrypt, rounds, sliceNanos);
      compare(size, "gcmSivDecrypt (BC AES-GCM-SIV)", d::gcmSivDecrypt, "bareJdkDecrypt", b::bareJdkDecrypt, rounds, sliceNanos);
      compare(size, "aesSivLowerBound (BC CMAC + JDK CTR)", d::aesSivLowerBound, "bareJdkDecrypt", b::bareJdkDecrypt, rounds, sliceNanos);
    }
  }

  private static void compare(int size, String oursName, Callable<Object> ours, String bareName, Callable<Object> bare,
      int rounds, long sliceNanos) throws Exception {
    // Warm-up: both paths compiled before the first measured slice.
    for (int i = 0; i < 10; i++) {
      slice(ours, sliceNanos);
      slice(bare, sliceNanos);
    }
    double[] ratios = new double[rounds];
    double oursTotal = 0;
    double bareTotal = 0;
    for (int r = 0; r < rounds; r++) {
      // Alternate which goes first so neither always gets the fresher time slice.
      double o;
      double b;
      if (r % 2 == 0) {
        o = slice(ours, sliceNanos);
        b = slice(bare, sliceNanos);
      } else {
        b = slice(bare, sliceNanos);
        o = slice(ours, sliceNanos);
      }
      ratios[r] = o / b;
      oursTotal += o;
      bareTotal += b;
    }
    Arrays.sort(ratios);
    System.out.printf(Locale.ROOT, "| %d | %s | %s | %.0f | %.0f | %.2f | %.2f..%.2f |%n", size, oursName, bareName,
        oursTotal / rounds, bareTotal / rounds, ratios[rounds / 2], ratios[rounds / 4], ratios[(3 * rounds) / 4]);
  }

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /** Operations per CPU-second of this thread during one slice. */
  private static double slice(Callable<Object> call, long sliceNanos) throws Exception {
    long start = THREADS.getCurrentThreadCpuTime();
    long end = start + sliceNanos;
    long ops = 0;
    int acc = 0;
    long now;
    do {
      for (int i = 0; i < 64; i++) {
        // Identity hash: a String result must not be charged for hashing its characters.
        acc += System.identityHashCode(call.call());
      }
      ops += 64;
      now = THREADS.getCurrentThreadCpuTime();
    } while (now < end);
    sink += acc;
    return ops * 1e9 / (now - start);
  }

}
