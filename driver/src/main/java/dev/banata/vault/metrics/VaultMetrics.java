package dev.banata.vault.metrics;

import dev.banata.vault.internal.metrics.PlanCacheCounters;
import dev.banata.vault.internal.metrics.VaultMetricsAccess;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

/**
 * What the vault driver counts, without any metrics library: statements planned and refused,
 * decryption failures, the plan cache, key refreshes, analysis time. One instance per name
 * ({@code vault.metrics-name}, default {@code vault}), for the life of the JVM; every runtime
 * (driver configuration) of that name counts into it, so their figures add up.
 *
 * <pre>{@code
 * VaultMetrics metrics = vaultDataSource.getMetrics();        // or VaultMetrics.named("vault")
 * metrics.refusals();                                         // {Refusal[reason=pattern-match, table=customers, column=email]=3}
 * new VaultMeterBinder(metrics).bindTo(meterRegistry);        // the same figures as Micrometer meters, when you have it
 * }</pre>
 *
 * <p>Guarantees: counters are {@link LongAdder}s (a hit costs an add, no lock); figures hold names of
 * tables and columns and counts only, never SQL text, a value or a secret; counts only grow. An
 * application only reads: the driver records through {@code internal.metrics.VaultMetricsAccess}.
 */
public final class VaultMetrics {

  private static final Map<String, VaultMetrics> NAMED = new ConcurrentHashMap<>();

  private final String name;
  private final PlanCacheCounters planCache = new PlanCacheCounters();
  private final LongAdder keyRefreshes = new LongAdder();
  private final LongAdder keyRefreshFailures = new LongAdder();
  private final Map<Refusal, Count> refusals = new ConcurrentHashMap<>();
  private final Map<Column, Count> decryptionFailures = new ConcurrentHashMap<>();
  private final List<SizeOf<?>> planCaches = new CopyOnWriteArrayList<>();
  private final List<SeriesListener> listeners = new CopyOnWriteArrayList<>();
  private final Object seriesLock = new Object();

  static {
    VaultMetricsAccess.install(new VaultMetricsAccess.Hooks() {
      @Override
      public PlanCacheCounters planCacheCounters(VaultMetrics metrics) {
        return metrics.planCache;
      }

      @Override
      public <T> void trackPlanCacheSize(VaultMetrics metrics, T cache, ToIntFunction<T> size) {
        metrics.planCaches.add(new SizeOf<>(cache, size));
      }

      @Override
      public void keyRefreshed(VaultMetrics metrics) {
        metrics.keyRefreshes.increment();
      }

      @Override
      public void keyRefreshFailed(VaultMetrics metrics) {
        metrics.keyRefreshFailures.increment();
      }

      @Override
      public void refused(VaultMetrics metrics, RefusalReason reason, String table, String column) {
        metrics.refused(reason, table, column);
      }

      @Override
      public void decryptionFailed(VaultMetrics metrics, String table, String column) {
        metrics.decryptionFailed(table, column);
      }
    });
  }

  private VaultMetrics(String name) {
    this.name = name;
  }

  /** The metrics of {@code name}, created on first use. */
  public static VaultMetrics named(String name) {
    Objects.requireNonNull(name, "name");
    return NAMED.computeIfAbsent(name, VaultMetrics::new);
  }

  public String name() {
    return name;
  }

  // --- reading

  /** Statements given a plan: prepared, or executed as plain statements (plan cache hits plus misses). */
  public long statementsPlanned() {
    return planCache.hits() + planCache.misses();
  }

  /** Statements refused (SQLState 0A000 or 55000, nothing sent), every series together. */
  public long statementsRefused() {
    return refusals.values().stream().mapToLong(Count::get).sum();
  }

  /** Refusals by reason, table and column. */
  public Map<Refusal, Long> refusals() {
    return snapshot(refusals);
  }

  /** Values that failed to decrypt, by column (never a value). */
  public Map<Column, Long> decryptionFailures() {
    return snapshot(decryptionFailures);
  }

  public long planCacheHits() {
    return planCache.hits();
  }

  public long planCacheMisses() {
    return planCache.misses();
  }

  public long planCacheEvictions() {
    return planCache.evictions();
  }

  /** Plans cached now, in every live cache of this name. */
  public int planCacheSize() {
    int size = 0;
    for (SizeOf<?> cache : planCaches) {
      size += cache.size();
    }
    planCaches.removeIf(SizeOf::gone);
    return size;
  }

  /** Analyses made (one per plan cache miss). */
  public long analyses() {
    return planCache.misses();
  }

  /** The time all analyses took together. */
  public Duration analysisTime() {
    return Duration.ofNanos(planCache.analysisNanos());
  }

  /** Re-reads of {@code vault_key} after the first load that succeeded (on schedule, or for an unknown key version). */
  public long keyRefreshes() {
    return keyRefreshes.sum();
  }

  /** Re-reads of {@code vault_key} that failed (the previous key versions stayed in use). */
  public long keyRefreshFailures() {
    return keyRefreshFailures.sum();
  }

  /**
   * Tells {@code listener} of every series (refusal or decryption failure) there is, and from now on
   * of each new one as it appears: how a meter registry learns of tags it cannot know in advance.
   */
  public void addListener(SeriesListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (seriesLock) {
      listeners.add(listener);
      refusals.forEach(listener::refusal);
      decryptionFailures.forEach(listener::decryptionFailure);
    }
  }

  public void removeListener(SeriesListener listener) {
    listeners.remove(listener);
  }

  /**
   * Registers these figures with the platform MBean server as
   * {@code dev.banata.vault:type=VaultMetrics,name="<name>"} (once per name; later calls return the
   * same name), see {@link VaultMetricsMXBean}. The driver calls it when {@code vault.register-mbeans=true}.
   *
   * @return the MBean's object name, as text
   */
  public String registerMBean() {
    return VaultMetricsJmx.register(this).getCanonicalName();
  }

  // --- recording (the driver's, through VaultMetricsAccess)

  /** A statement refused for {@code reason} on {@code table}.{@code column} (either may be null: not known). */
  private void refused(RefusalReason reason, String table, String column) {
    Refusal key = new Refusal(reason.tag(), table, column);
    Count count = refusals.get(key);
    if (count == null) {
      count = newSeries(refusals, key, SeriesListener::refusal);
    }
    count.add();
  }

  /** A stored value of {@code table}.{@code column} that did not decrypt. */
  private void decryptionFailed(String table, String column) {
    Column key = new Column(table, column);
    Count count = decryptionFailures.get(key);
    if (count == null) {
      count = newSeries(decryptionFailures, key, SeriesListener::decryptionFailure);
    }
    count.add();
  }

  private <K> Count newSeries(Map<K, Count> series, K key, SeriesAnnouncement<K> announce) {
    synchronized (seriesLock) {
      Count existing = series.get(key);
      if (existing != null) {
        return existing;
      }
      Count fresh = new Count();
      series.put(key, fresh);
      for (SeriesListener listener : listeners) {
        announce.tell(listener, key, fresh);
      }
      return fresh;
    }
  }

  private static <K> Map<K, Long> snapshot(Map<K, Count> series) {
    Map<K, Long> copy = new LinkedHashMap<>();
    series.forEach((key, count) -> copy.put(key, count.get()));
    return Collections.unmodifiableMap(copy);
  }

  /** Every figure, for a log line or a debugger: names and counts only. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    parts.add("name=" + name);
    parts.add("statementsPlanned=" + statementsPlanned());
    parts.add("statementsRefused=" + statementsRefused());
    parts.add("decryptionFailures=" + decryptionFailures().values().stream().mapToLong(Long::longValue).sum());
    parts.add("planCache[hits=" + planCacheHits() + ", misses=" + planCacheMisses() + ", evictions=" + planCacheEvictions()
        + ", size=" + planCacheSize() + "]");
    parts.add("analysisTime=" + analysisTime());
    parts.add("keyRefreshes=" + keyRefreshes() + ", keyRefreshFailures=" + keyRefreshFailures());
    return "VaultMetrics[" + String.join(", ", parts) + "]";
  }

  /** A column of a decryption failure series. */
  public record Column(String table, String column) {
    public Column {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(column, "column");
    }
  }

  /** A count that only grows. */
  public static final class Count {
    private final LongAdder adder = new LongAdder();

    private Count() {}

    void add() {
      adder.increment();
    }

    public long get() {
      return adder.sum();
    }

    @Override
    public String toString() {
      return Long.toString(get());
    }
  }

  /** Hears of each series as it appears (see {@link #addListener}). Called under a lock: register, do not block. */
  public interface SeriesListener {
    void refusal(Refusal refusal, Count count);

    void decryptionFailure(Column column, Count count);
  }

  @FunctionalInterface
  private interface SeriesAnnouncement<K> {
    void tell(SeriesListener listener, K key, Count count);
  }

  private static final class SizeOf<T> {
    private final WeakReference<T> cache;
    private final ToIntFunction<T> size;

    SizeOf(T cache, ToIntFunction<T> size) {
      this.cache = new WeakReference<>(cache);
      this.size = size;
    }

    int size() {
      T live = cache.get();
      return live == null ? 0 : size.applyAsInt(live);
    }

    boolean gone() {
      return cache.get() == null;
    }
  }
}
