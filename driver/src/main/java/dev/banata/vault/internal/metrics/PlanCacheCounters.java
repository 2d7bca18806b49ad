package dev.banata.vault.internal.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a plan cache counts: lookups answered from it, analyses (with their time) and evictions.
 * {@link java.util.concurrent.atomic.LongAdder}s, so that counting a hit costs a few nanoseconds and
 * no contention; several caches may count into one instance (their figures add up).
 */
public final class PlanCacheCounters {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder analysisNanos = new LongAdder();

  public void hit() {
    hits.increment();
  }

  /** A lookup that parsed and analysed SQL, which took {@code nanos}. */
  public void analysed(long nanos) {
    misses.increment();
    analysisNanos.add(nanos);
  }

  public void evicted() {
    evictions.increment();
  }

  public long hits() {
    return hits.sum();
  }

  /** Lookups that parsed and analysed SQL (each is one analysis). */
  public long misses() {
    return misses.sum();
  }

  public long evictions() {
    return evictions.sum();
  }

  /** The time all analyses took together, in nanoseconds. */
  public long analysisNanos() {
    return analysisNanos.sum();
  }
}
