package dev.banata.vault.benchmarks.driver;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link DriverWorkloadBenchmark} with 1 and with 2 threads (JMH options from the command line,
 * plus the GC profiler) and prints one Markdown table: throughput and allocation per operation of
 * each variant, and the ratios vault/plain (c/a) and vault/hand-written crypto (c/b).
 *
 * <pre>BETTER_AUTH_SECRET=benchmark-only-fake-secret-0123456789abcdef \
 *   java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.driver.DriverComparison -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
public final class DriverComparison {

  private DriverComparison() {}

  private record Measurement(double opsPerSecond, double error, double bytesPerOp) {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions commandLine = new CommandLineOptions(args);
    Map<String, Measurement> byKey = new TreeMap<>();
    List<Integer> threadCounts = List.of(1, 2);
    for (int threads : threadCounts) {
      Options options = new OptionsBuilder()
          .parent(commandLine)
          .include(DriverWorkloadBenchmark.class.getName() + "\\.")
          .threads(threads)
          .addProfiler(GCProfiler.class)
          .build();
      record(new Runner(options).run(), threads, byKey);
    }
    System.out.println();
    System.out.println("| workload | threads | (a) plain ops/s | (b) hand AES-GCM ops/s | (e) vault ops/s | (e)/(a) | (e)/(b) | alloc B/op a / b / e |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
    for (String workload : List.of("w1Insert", "w2PointSelect", "w3Select1000", "w4SelectByEmail")) {
      for (int threads : threadCounts) {
        Measurement a = byKey.get(key(workload, threads, "a_plain"));
        Measurement b = byKey.get(key(workload, threads, "b_hand_crypto"));
        Measurement c = byKey.get(key(workload, threads, "e_vault"));
        if (a == null || b == null || c == null) {
          continue;
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %.2f | %.2f | %.0f / %.0f / %.0f |%n", workload, threads,
            score(a), score(b), score(c), c.opsPerSecond / a.opsPerSecond, c.opsPerSecond / b.opsPerSecond,
            a.bytesPerOp, b.bytesPerOp, c.bytesPerOp);
      }
    }
  }

  private static String score(Measurement m) {
    return Double.isNaN(m.error) ? String.format(Locale.ROOT, "%.1f", m.opsPerSecond)
        : String.format(Locale.ROOT, "%.1f ± %.1f", m.opsPerSecond, m.error);
  }

  private static void record(Collection<RunResult> results, int threads, Map<String, Measurement> byKey) {
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      String workload = label.substring(label.lastIndexOf('.') + 1);
      Result<?> primary = result.getPrimaryResult();
      double bytesPerOp = Double.NaN;
      for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
        if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
          bytesPerOp = secondary.getValue().getScore();
        }
      }
      byKey.put(key(workload, threads, result.getParams().getParam("variant")),
          new Measurement(primary.getScore(), primary.getScoreError(), bytesPerOp));
    }
  }

  private static String key(String workload, int threads, String variant) {
    return workload + "/" + threads + "/" + variant;
  }

}
