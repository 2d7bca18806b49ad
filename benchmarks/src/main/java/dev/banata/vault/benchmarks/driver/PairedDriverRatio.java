package dev.banata.vault.benchmarks.driver;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Ratios of the driver workloads that survive a shared, busy machine. JMH measures one variant after
 * another in separate forks, so when other processes come and go, two variants measured a minute
 * apart see different machines. Here the four variants (a plain, b hand-written AES-GCM, c ShardingSphere
 * encrypt, e the vault driver) live in one JVM, each with its own table and pool, and each round runs the
 * same workload on every variant in short back-to-back slices (the order rotating from round to round);
 * the reported ratio is the median over rounds of the per-round ratios, so slow drifts in load
 * cancel out within a round. It also reports the CPU time the benchmark threads spend per operation
 * (the application side only: the server's work happens in PostgreSQL's processes), which a busy
 * machine inflates far less than wall-clock time: (e) minus (b) is the driver's own cost beyond the
 * cryptography. Threads keep their {@code Session} (their own Cipher for b) across
 * slices. The operations are exactly {@link DriverWorkloadBenchmark}'s methods.
 *
 * <pre>BETTER_AUTH_SECRET=benchmark-only-fake-secret-0123456789abcdef \
 *   java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.driver.PairedDriverRatio [rounds] [sliceMillis] [variants] [workloads]</pre>
 *
 * {@code variants} is a comma-separated subset of {@code a_plain,b_hand_crypto,c_shardingsphere,e_vault}
 * (all four by default; a and b are always needed for the ratios), {@code workloads} one of
 * {@code w1Insert,w2PointSelect,w3Select1000,w4SelectByEmail} (all by default; fewer for a profile).
 */
public final class PairedDriverRatio {

  private static final int WARMUP_ROUNDS = 5;
  private static final String ALL_VARIANTS = "a_plain,b_hand_crypto,c_shardingsphere,e_vault";

  @FunctionalInterface
  private interface Operation {
    void run(DriverWorkloadBenchmark.Fixture fixture, DriverWorkloadBenchmark.Session session, Blackhole blackhole) throws Exception;
  }

  private record Workload(String name, Operation operation) {}

  /** One slice: operations per second (wall clock) and the benchmark threads' CPU time per operation. */
  private record SliceResult(double opsPerSecond, double cpuMicrosPerOp) {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PairedDriverRatio() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 300) * 1_000_000L;
    DriverWorkloadBenchmark benchmark = new DriverWorkloadBenchmark();
    List<Workload> workloads = List.of(
        new Workload("w1Insert", (f, s, b) -> benchmark.w1Insert(f, s)),
        new Workload("w2PointSelect", benchmark::w2PointSelect),
        new Workload("w3Select1000", benchmark::w3Select1000),
        new Workload("w4SelectByEmail", benchmark::w4SelectByEmail));
    List<String> selected = List.of((args.length > 3 ? args[3] : "w1Insert,w2PointSelect,w3Select1000,w4SelectByEmail").split(","));
    String[] variants = (args.length > 2 ? args[2] : ALL_VARIANTS).split(",");
    if (!variants[0].equals("a_plain") || !variants[1].equals("b_hand_crypto")) {
      throw new IllegalArgumentException("variants must start with a_plain,b_hand_crypto");
    }
    DriverWorkloadBenchmark.Fixture[] fixtures = new DriverWorkloadBenchmark.Fixture[variants.length];
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int v = 0; v < variants.length; v++) {
        fixtures[v] = new DriverWorkloadBenchmark.Fixture();
        fixtures[v].variant = variants[v];
        fixtures[v].setUp();
      }
      System.out.printf(Locale.ROOT, "paired slices: %d rounds x %d variants x %d ms, median of per-round ratios (p25..p75)%n",
          rounds, variants.length, sliceNanos / 1_000_000);
      StringBuilder header = new StringBuilder("| workload | threads |");
      StringBuilder rule = new StringBuilder("|---|---:|");
      for (String variant : variants) {
        header.append(' ').append(letter(variant)).append(" ops/s |");
        rule.append("---:|");
      }
      for (int v = 1; v < variants.length; v++) {
        header.append(' ').append(letter(variants[v])).append("/a |");
        rule.append("---|");
      }
      for (int v = 2; v < variants.length; v++) {
        header.append(' ').append(letter(variants[v])).append("/b |");
        rule.append("---|");
      }
      if (variants.length == 4) {
        header.append(" e/c |");
        rule.append("---|");
      }
      header.append(" client CPU µs/op ").append(String.join(" / ", Arrays.stream(variants).map(PairedDriverRatio::letter).toList())).append(" |");
      rule.append("---|");
      System.out.println(header);
      System.out.println(rule);
      for (Workload workload : workloads) {
        if (!selected.contains(workload.name())) {
          continue;
        }
        for (int threads : new int[] {1, 2}) {
          compare(workload, threads, fixtures, pool, rounds, sliceNanos);
        }
      }
    } finally {
      pool.shutdownNow();
      for (DriverWorkloadBenchmark.Fixture fixture : fixtures) {
        if (fixture != null) {
          fixture.tearDown();
        }
      }
    }
  }

  private static void compare(Workload workload, int threads, DriverWorkloadBenchmark.Fixture[] fixtures, ExecutorService pool,
      int rounds, long sliceNanos) throws Exception {
    // One session per (thread slot, variant), like JMH's Scope.Thread state.
    DriverWorkloadBenchmark.Session[][] sessions = new DriverWorkloadBenchmark.Session[threads][fixtures.length];
    for (int t = 0; t < threads; t++) {
      for (int v = 0; v < fixtures.length; v++) {
        sessions[t][v] = new DriverWorkloadBenchmark.Session();
        sessions[t][v].setUp(fixtures[v]);
      }
    }
    // Warm-up rounds that are not counted (the JIT compiles each variant's path).
    for (int warmup = 0; warmup < WARMUP_ROUNDS; warmup++) {
      for (int v = 0; v < fixtures.length; v++) {
        slice(workload, threads, fixtures[v], sessions, v, pool, sliceNanos);
      }
    }
    double[][] rates = new double[fixtures.length][rounds];
    double[][] cpu = new double[fixtures.length][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int step = 0; step < fixtures.length; step++) {
        int v = (step + round) % fixtures.length; // rotate the order so no variant always runs first
        SliceResult result = slice(workload, threads, fixtures[v], sessions, v, pool, sliceNanos);
        rates[v][round] = result.opsPerSecond();
        cpu[v][round] = result.cpuMicrosPerOp();
      }
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %d |", workload.name(), threads));
    for (double[] rate : rates) {
      line.append(String.format(Locale.ROOT, " %.1f |", median(rate)));
    }
    for (int v = 1; v < fixtures.length; v++) {
      line.append(' ').append(summary(ratios(rates[v], rates[0]))).append(" |");
    }
    for (int v = 2; v < fixtures.length; v++) {
      line.append(' ').append(summary(ratios(rates[v], rates[1]))).append(" |");
    }
    if (fixtures.length == 4) {
      line.append(' ').append(summary(ratios(rates[3], rates[2]))).append(" |");
    }
    StringBuilder cpuPerOp = new StringBuilder();
    for (double[] each : cpu) {
      cpuPerOp.append(cpuPerOp.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", median(each)));
    }
    System.out.println(line.append(' ').append(cpuPerOp).append(" |"));
  }

  /** Per-round ratios of two variants' throughput. */
  private static double[] ratios(double[] numerator, double[] denominator) {
    double[] ratios = new double[numerator.length];
    for (int round = 0; round < numerator.length; round++) {
      ratios[round] = numerator[round] / denominator[round];
    }
    return ratios;
  }

  private static String letter(String variant) {
    return variant.substring(0, 1);
  }

  /** Runs the workload on {@code threads} threads for one slice; returns operations per second. */
  private static SliceResult slice(Workload workload, int threads, DriverWorkloadBenchmark.Fixture fixture,
      DriverWorkloadBenchmark.Session[][] sessions, int variant, ExecutorService pool, long sliceNanos) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Future<long[]>> counts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      DriverWorkloadBenchmark.Session session = sessions[t][variant];
      counts.add(pool.submit(() -> {
        Blackhole blackhole = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        start.await();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + sliceNanos;
        long done = 0;
        try {
          while (System.nanoTime() < deadline) {
            workload.operation().run(fixture, session, blackhole);
            done++;
          }
        } catch (Throwable e) {
          failure.set(e);
        }
        return new long[] {done, THREADS.getCurrentThreadCpuTime() - cpuBefore};
      }));
    }
    long began = System.nanoTime();
    start.countDown();
    long total = 0;
    long cpuNanos = 0;
    for (Future<long[]> count : counts) {
      long[] doneAndCpu = count.get();
      total += doneAndCpu[0];
      cpuNanos += doneAndCpu[1];
    }
    long elapsed = System.nanoTime() - began;
    if (failure.get() != null) {
      throw new IllegalStateException(workload.name() + " failed on " + fixture.variant, failure.get());
    }
    return new SliceResult(total * 1e9 / elapsed, total == 0 ? Double.NaN : cpuNanos / 1e3 / total);
  }

  private static double median(double[] values) {
    return percentile(values, 0.5);
  }

  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double at = p * (sorted.length - 1);
    int low = (int) Math.floor(at);
    int high = (int) Math.ceil(at);
    return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
  }

  private static String summary(double[] ratios) {
    return String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", median(ratios), percentile(ratios, 0.25), percentile(ratios, 0.75));
  }
}
