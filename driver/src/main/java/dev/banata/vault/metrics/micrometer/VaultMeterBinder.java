package dev.banata.vault.metrics.micrometer;

import dev.banata.vault.metrics.Refusal;
import dev.banata.vault.metrics.VaultMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The figures of a {@link VaultMetrics} as Micrometer meters, named and tagged the way HikariCP names
 * its pool's ({@code hikaricp.connections.active{pool=...}}): every meter carries {@code name} (the
 * metrics name, {@code vault.metrics-name}). The meters read the driver's own counters, so binding
 * adds nothing to the statement path.
 *
 * <pre>{@code
 * new VaultMeterBinder(vaultDataSource.getMetrics()).bindTo(meterRegistry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags besides name</th></tr>
 *   <tr><td>vault.statements.planned</td><td>function counter</td><td></td></tr>
 *   <tr><td>vault.statements.refused</td><td>function counter</td><td>reason, table, column</td></tr>
 *   <tr><td>vault.statements.analysis</td><td>function timer</td><td></td></tr>
 *   <tr><td>vault.decryption.failures</td><td>function counter</td><td>table, column</td></tr>
 *   <tr><td>vault.plan.cache.hits / misses / evictions</td><td>function counter</td><td></td></tr>
 *   <tr><td>vault.plan.cache.size</td><td>gauge</td><td></td></tr>
 *   <tr><td>vault.keys.refreshes</td><td>function counter</td><td>result (success, failure)</td></tr>
 * </table>
 *
 * <p>The only class of the driver that names Micrometer, which is an optional dependency.
 */
public final class VaultMeterBinder implements MeterBinder, AutoCloseable {

  private final VaultMetrics metrics;
  private final Tags tags;
  private final List<VaultMetrics.SeriesListener> listeners = new CopyOnWriteArrayList<>();

  public VaultMeterBinder(VaultMetrics metrics) {
    this(metrics, Tags.empty());
  }

  /** With {@code extraTags} on every meter (e.g. the application's name). */
  public VaultMeterBinder(VaultMetrics metrics, Iterable<io.micrometer.core.instrument.Tag> extraTags) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.tags = Tags.of("name", metrics.name()).and(extraTags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("vault.statements.planned", metrics, VaultMetrics::statementsPlanned)
        .description("Statements given a plan: prepared, or executed as plain statements").tags(tags).register(registry);
    FunctionTimer.builder("vault.statements.analysis", metrics, VaultMetrics::analyses,
            m -> m.analysisTime().toNanos(), TimeUnit.NANOSECONDS)
        .description("Parsing and analysis of SQL not in the plan cache").tags(tags).register(registry);
    FunctionCounter.builder("vault.plan.cache.hits", metrics, VaultMetrics::planCacheHits)
        .description("Plan lookups answered from the cache").tags(tags).register(registry);
    FunctionCounter.builder("vault.plan.cache.misses", metrics, VaultMetrics::planCacheMisses)
        .description("Plan lookups that parsed and analysed SQL").tags(tags).register(registry);
    FunctionCounter.builder("vault.plan.cache.evictions", metrics, VaultMetrics::planCacheEvictions)
        .description("Plans dropped to stay within vault.plan-cache-size").tags(tags).register(registry);
    Gauge.builder("vault.plan.cache.size", metrics, VaultMetrics::planCacheSize)
        .description("Plans cached now").tags(tags).register(registry);
    FunctionCounter.builder("vault.keys.refreshes", metrics, VaultMetrics::keyRefreshes)
        .description("Re-reads of vault_key").tags(tags).tag("result", "success").register(registry);
    FunctionCounter.builder("vault.keys.refreshes", metrics, VaultMetrics::keyRefreshFailures)
        .description("Re-reads of vault_key").tags(tags).tag("result", "failure").register(registry);
    VaultMetrics.SeriesListener listener = new VaultMetrics.SeriesListener() {
      @Override
      public void refusal(Refusal refusal, VaultMetrics.Count count) {
        FunctionCounter.builder("vault.statements.refused", count, VaultMetrics.Count::get)
            .description("Statements refused before they were sent (SQLState 0A000 or 55000)").tags(tags)
            .tag("reason", refusal.reason()).tag("table", refusal.table()).tag("column", refusal.column())
            .register(registry);
      }

      @Override
      public void decryptionFailure(VaultMetrics.Column column, VaultMetrics.Count count) {
        FunctionCounter.builder("vault.decryption.failures", count, VaultMetrics.Count::get)
            .description("Stored values that did not decrypt (never the value)").tags(tags)
            .tag("table", column.table()).tag("column", column.column())
            .register(registry);
      }
    };
    listeners.add(listener);
    metrics.addListener(listener);
  }

  /**
   * Stops registering new refusal and decryption-failure series with the registries bound so far (the
   * metrics live as long as the JVM; a registry, e.g. of a closed Spring context, need not).
   */
  @Override
  public void close() {
    listeners.forEach(metrics::removeListener);
    listeners.clear();
  }
}
