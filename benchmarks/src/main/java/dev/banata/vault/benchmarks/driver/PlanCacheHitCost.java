package dev.banata.vault.benchmarks.driver;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.internal.sql.PlanCache;
import dev.banata.vault.internal.sql.StatementPlan;
import dev.banata.vault.internal.sql.TableCatalog;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cost of a plan cache hit (the whole hot path of preparing a statement already seen) next to
 * its floor, a bare {@link ConcurrentHashMap#get} of the same SQL string, alternated in slices of
 * thread CPU time like {@code PairedRatio}: run on two commits to tell whether a change made hits
 * slower (docs/FRAMEWORKS.md, "Metrics", records the numbers).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.driver.PlanCacheHitCost [rounds] [sliceMillis]</pre>
 */
public final class PlanCacheHitCost {

  private static volatile Object sink;

  private PlanCacheHitCost() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 50) * 1_000_000L;
    VaultConfig config = VaultConfig.builder().table("customers").primaryKey("id").column("email", Mode.DETERMINISTIC).and().build();
    PlanCache cache = new PlanCache(config, 2048);
    String[] sql = new String[64];
    ConcurrentHashMap<String, Object> bare = new ConcurrentHashMap<>();
    for (int i = 0; i < sql.length; i++) {
      sql[i] = "SELECT id, name FROM customers WHERE email = ? AND id > " + i;
      StatementPlan plan = cache.plan(sql[i], TableCatalog.EMPTY);
      bare.put(sql[i], plan);
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double[] hitNs = new double[rounds];
    double[] floorNs = new double[rounds];
    for (int round = -10; round < rounds; round++) {
      double hit = slice(cpu, sliceNanos, () -> cache.plan(sql[(int) (System.nanoTime() & 63)], TableCatalog.EMPTY));
      double floor = slice(cpu, sliceNanos, () -> bare.get(sql[(int) (System.nanoTime() & 63)]));
      if (round >= 0) {
        hitNs[round] = hit;
        floorNs[round] = floor;
      }
    }
    Arrays.sort(hitNs);
    Arrays.sort(floorNs);
    System.out.printf(Locale.ROOT, "plan cache hit: median %.1f ns (p25..p75 %.1f..%.1f); bare map get: median %.1f ns (%.1f..%.1f);"
        + " %d rounds x %d ms CPU%n", hitNs[rounds / 2], hitNs[rounds / 4], hitNs[3 * rounds / 4], floorNs[rounds / 2],
        floorNs[rounds / 4], floorNs[3 * rounds / 4], rounds, sliceNanos / 1_000_000);
  }

  /** Nanoseconds of thread CPU time per call of {@code call}, over one slice. */
  private static double slice(ThreadMXBean cpu, long sliceNanos, java.util.function.Supplier<Object> call) {
    long start = cpu.getCurrentThreadCpuTime();
    long calls = 0;
    long now;
    do {
      for (int i = 0; i < 1000; i++) {
        sink = call.get();
      }
      calls += 1000;
      now = cpu.getCurrentThreadCpuTime();
    } while (now - start < sliceNanos);
    return (double) (now - start) / calls;
  }
}
