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
 * apart see different machines. Here the three variants (a, b, c) live in one JVM, each with its own
 * table and pool, and each round runs the same workload on a, b and c in short back-to-back slices;
 * the reported ratio is the median over rounds of the per-round ratios, so slow drifts in load
 * cancel out within a round. It also reports the CPU time the benchmark threads spend per operation
 * (the application side only: the server's work happens in PostgreSQL's processes), which a busy
 * machine inflates far less than wall-clock time: (c) minus (b) is the driver's own cost beyond the
 * cryptography. Threads keep their {@code Session} (their own Cipher for b) across
 * slices. The operations are exactly {@link DriverWorkloadBenchmark}'s methods.
 *
 * <pre>BETTER_AUTH_SECRET=benchmark-only-fake-secret-0123456789abcdef \
 *   java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.driver.PairedDriverRatio [rounds] [sliceMillis]</pre>
 */
public final class PairedDriverRatio {

  private static final int WARMUP_ROUNDS = 5;
  private static final String[] VARIANTS = {"a_plain", "b_hand_crypto", "c_vault"};

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
    DriverWorkloadBenchmark.Fixture[] fixtures = new DriverWorkloadBenchmark.Fixture[VARIANTS.length];
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int v = 0; v < VARIANTS.length; v++) {
        fixtures[v] = new DriverWorkloadBenchmark.Fixture();
        fixtures[v].variant = VARIANTS[v];
        fixtures[v].setUp();
      }
      System.out.printf(Locale.ROOT, "paired slices: %d rounds x 3 variants x %d ms, median of per-round ratios (p25..p75)%n",
          rounds, sliceNanos / 1_000_000);
      System.out.println("| workload | threads | (a) ops/s | (b) ops/s | (c) ops/s | (c)/(a) | (c)/(b) | client CPU µs/op a / b / c |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
      for (Workload workload : workloads) {
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
    double[] overPlain = new double[rounds];
    double[] overHand = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      overPlain[round] = rates[2][round] / rates[0][round];
      overHand[round] = rates[2][round] / rates[1][round];
    }
    System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %s | %s | %.1f / %.1f / %.1f |%n", workload.name(), threads,
        median(rates[0]), median(rates[1]), median(rates[2]), summary(overPlain), summary(overHand),
        median(cpu[0]), median(cpu[1]), median(cpu[2]));
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
