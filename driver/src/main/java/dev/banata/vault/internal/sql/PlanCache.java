package dev.banata.vault.internal.sql;

import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.internal.metrics.PlanCacheCounters;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded cache of statement plans, keyed by SQL text, the connection's
 * standard_conforming_strings setting (which decides where strings end and what they hold, so a
 * plan analysed under one setting is never used under the other) and the connection's
 * {@link SearchPath} (which decides which table an unqualified name is, so a plan is never used on
 * a connection whose names resolve to other tables). Thread-safe; shared by every connection
 * of one driver configuration and one database (plans depend on the configuration and on the
 * database's table columns, so use one cache per pair).
 *
 * <p>Guarantees: each distinct SQL string is parsed and analysed once while its plan is cached,
 * even when many threads ask for it at the same moment (the others wait for the first); a hit does
 * no parsing and no catalog lookup; the cache never holds more than {@link #maxSize()} plans
 * (eviction: least recently used, approximated with a second-chance clock so that hits take no
 * lock).
 */
public final class PlanCache {

  private final StatementAnalyzer analyzer;
  private final int maxSize;
  /** Plans of SQL sent with standard_conforming_strings on (the default of every supported server). */
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  /**
   * Plans of SQL sent with it off: a map of their own, so that the common lookup builds no
   * key holding the setting.
   */
  private final ConcurrentHashMap<Key, Entry> nonStandardEntries = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Entry> clock = new ConcurrentLinkedQueue<>();
  private final ReentrantLock evicting = new ReentrantLock();
  /** Hits, misses (analyses, with their time) and evictions; possibly shared with other caches of one metrics name. */
  private final PlanCacheCounters counters;

  /**
   * @param config what is encrypted, and the unparseable-SQL policy
   * @param maxSize the most plans kept (at least 1)
   */
  public PlanCache(VaultConfig config, int maxSize) {
    this(config, maxSize, SqlParser.DEFAULT_TIME_BOUND);
  }

  /** As {@link #PlanCache(VaultConfig, int)}, counting into {@code counters} (see below). */
  public PlanCache(VaultConfig config, int maxSize, PlanCacheCounters counters) {
    this(config, maxSize, SqlParser.DEFAULT_TIME_BOUND, counters);
  }

  /** As {@link #PlanCache(VaultConfig, int)} with an explicit time bound for parsing one SQL string. */
  public PlanCache(VaultConfig config, int maxSize, Duration parseTimeBound) {
    this(config, maxSize, parseTimeBound, new PlanCacheCounters());
  }

  /**
   * As {@link #PlanCache(VaultConfig, int, Duration)}, counting into {@code counters} (which other
   * caches may share: then {@link #hits()}, {@link #misses()} and {@link #evictions()} are their sums).
   */
  public PlanCache(VaultConfig config, int maxSize, Duration parseTimeBound, PlanCacheCounters counters) {
    Objects.requireNonNull(config, "config");
    this.counters = Objects.requireNonNull(counters, "counters");
    if (maxSize < 1) {
      throw new IllegalArgumentException("plan cache size must be at least 1, got " + maxSize);
    }
    this.analyzer = new StatementAnalyzer(config, new SqlParser(parseTimeBound));
    this.maxSize = maxSize;
  }

  /**
   * The plan for {@code sql}: from the cache, or analysed now (using {@code catalog} for the
   * columns of the tables it names) and cached. Never throws for bad SQL: unreadable or unsupported
   * SQL gives a plan that rejects or passes through.
   */
  public StatementPlan plan(String sql, TableCatalog catalog) {
    return plan(sql, catalog, true);
  }

  /**
   * As {@link #plan(String, TableCatalog)} for a connection whose standard_conforming_strings is
   * {@code standardConformingStrings} (pgjdbc reports it: {@code getParameterStatus}).
   */
  public StatementPlan plan(String sql, TableCatalog catalog, boolean standardConformingStrings) {
    return plan(sql, catalog, standardConformingStrings, SearchPath.UNSPECIFIED);
  }

  /**
   * As {@link #plan(String, TableCatalog, boolean)} for a connection whose unqualified names resolve
   * along {@code searchPath}; {@code catalog} must resolve them that way. A plan cached under one
   * search path is only returned for an equal one.
   */
  public StatementPlan plan(String sql, TableCatalog catalog, boolean standardConformingStrings, SearchPath searchPath) {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(searchPath, "searchPath");
    ConcurrentHashMap<Key, Entry> entries = standardConformingStrings ? this.entries : nonStandardEntries;
    Key key = new Key(sql, searchPath);
    Entry entry = entries.get(key);
    if (entry != null) {
      counters.hit();
      if (!entry.referenced) {
        entry.referenced = true; // written only when it changes, so hits on hot plans do not contend
      }
      return entry.await();
    }
    Entry fresh = new Entry(key, entries);
    entry = entries.putIfAbsent(key, fresh);
    if (entry != null) {
      // Another thread is analysing (or has analysed) the same SQL: wait for its plan.
      counters.hit();
      entry.referenced = true;
      return entry.await();
    }
    StatementPlan plan;
    long started = System.nanoTime();
    try {
      plan = analyzer.analyze(sql, catalog, standardConformingStrings);
    } catch (RuntimeException | Error e) {
      counters.analysed(System.nanoTime() - started);
      entries.remove(key, fresh);
      fresh.plan.completeExceptionally(e);
      throw e;
    }
    counters.analysed(System.nanoTime() - started);
    fresh.plan.complete(plan);
    clock.add(fresh);
    evictBeyondBound();
    return plan;
  }

  /** Lookups answered from the cache. */
  public long hits() {
    return counters.hits();
  }

  /** Lookups that parsed and analysed SQL. */
  public long misses() {
    return counters.misses();
  }

  /** Plans dropped to stay within the bound. */
  public long evictions() {
    return counters.evictions();
  }

  /** Plans currently cached. */
  public int size() {
    return entries.size() + nonStandardEntries.size();
  }

  public int maxSize() {
    return maxSize;
  }

  /** Drops every plan (e.g. after the database schema changed). */
  public void clear() {
    evicting.lock();
    try {
      entries.clear();
      nonStandardEntries.clear();
      clock.clear();
    } finally {
      evicting.unlock();
    }
  }

  @Override
  public String toString() {
    return "PlanCache[size=" + size() + "/" + maxSize + ", hits=" + hits() + ", misses=" + misses() + "]";
  }

  private void evictBeyondBound() {
    if (size() <= maxSize) {
      return;
    }
    evicting.lock();
    try {
      // Second chance: an entry used since the last sweep goes to the back once; so the loop ends.
      int budget = 2 * (clock.size() + 1);
      while (size() > maxSize && budget-- > 0) {
        Entry candidate = clock.poll();
        if (candidate == null) {
          break;
        }
        if (candidate.referenced) {
          candidate.referenced = false;
          clock.add(candidate);
        } else if (candidate.map.remove(candidate.key, candidate)) {
          counters.evicted();
        }
      }
    } finally {
      evicting.unlock();
    }
  }

  /** SQL text and search path: the hash combines the string's cached hash with the path's precomputed one. */
  private record Key(String sql, SearchPath searchPath) {}

  private static final class Entry {
    final Key key;
    /** The map that holds it (one per standard_conforming_strings setting). */
    final ConcurrentHashMap<Key, Entry> map;
    final CompletableFuture<StatementPlan> plan = new CompletableFuture<>();
    volatile boolean referenced;

    Entry(Key key, ConcurrentHashMap<Key, Entry> map) {
      this.key = key;
      this.map = map;
    }

    StatementPlan await() {
      StatementPlan ready = plan.getNow(null);
      if (ready != null) {
        return ready;
      }
      try {
        return plan.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while another thread analysed the same SQL", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("the analysis of this SQL failed in another thread", e.getCause());
      }
    }
  }
}
