package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlanCacheTest {

  @Test
  void sameSqlIsAnalysedOnceAndAHitLooksUpNoTable() {
    PlanCache cache = new PlanCache(CorpusSchema.config(), 16);
    CorpusSchema.InMemoryCatalog catalog = CorpusSchema.catalog();
    String sql = "select c1_0.id,c1_0.email from customers c1_0 where c1_0.email=?";

    StatementPlan first = cache.plan(sql, catalog);
    int lookupsAfterMiss = catalog.lookups();
    StatementPlan second = cache.plan(sql, catalog);

    assertThat(second).isSameAs(first);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(lookupsAfterMiss).isPositive();
    assertThat(catalog.lookups()).as("catalog lookups on a hit").isEqualTo(lookupsAfterMiss);
  }

  @Test
  void sqlDifferingOnlyInTextIsAnotherEntry() {
    PlanCache cache = new PlanCache(CorpusSchema.config(), 16);
    cache.plan("select email from customers where id = ?", CorpusSchema.catalog());
    cache.plan("SELECT email FROM customers WHERE id = ?", CorpusSchema.catalog());

    assertThat(cache.misses()).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void cacheNeverHoldsMoreThanItsBound() {
    PlanCache cache = new PlanCache(CorpusSchema.config(), 10);
    for (int i = 0; i < 100; i++) {
      cache.plan("select email from customers where id = " + i, CorpusSchema.catalog());
      assertThat(cache.size()).isLessThanOrEqualTo(10);
    }
    assertThat(cache.evictions()).isEqualTo(90);
    assertThat(cache.misses()).isEqualTo(100);
  }

  @Test
  void aPlanInUseSurvivesEvictionOfColdOnes() {
    PlanCache cache = new PlanCache(CorpusSchema.config(), 10);
    String hot = "select email from customers where email = ?";
    cache.plan(hot, CorpusSchema.catalog());
    for (int i = 0; i < 50; i++) {
      cache.plan(hot, CorpusSchema.catalog());
      cache.plan("select id from customers where id = " + i, CorpusSchema.catalog());
    }
    long misses = cache.misses();
    cache.plan(hot, CorpusSchema.catalog());

    assertThat(cache.misses()).as("the hot statement is still cached").isEqualTo(misses);
  }

  @Test
  void concurrentFirstUseOfTheSameSqlAnalysesItOnce() throws Exception {
    PlanCache cache = new PlanCache(CorpusSchema.config(), 1_000);
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      statements.add("select c.id, c.email from customers c where c.email = ? and c.id > " + i);
    }
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentHashMap<String, StatementPlan> seen = new ConcurrentHashMap<>();
    List<Future<Boolean>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(pool.submit(() -> {
        start.await();
        boolean allSame = true;
        for (int round = 0; round < 5; round++) {
          for (String sql : statements) {
            StatementPlan plan = cache.plan(sql, CorpusSchema.catalog());
            allSame &= seen.computeIfAbsent(sql, s -> plan) == plan;
            allSame &= plan.parameter(1).role() == ParameterRole.MATCH;
          }
        }
        return allSame;
      }));
    }
    start.countDown();
    for (Future<Boolean> result : results) {
      assertThat(result.get(60, TimeUnit.SECONDS)).as("every thread got the one plan of each SQL").isTrue();
    }
    pool.shutdown();

    assertThat(cache.misses()).as("analyses").isEqualTo(statements.size());
    assertThat(cache.hits() + cache.misses()).isEqualTo((long) threads * 5 * statements.size());
  }

  @Test
  void onePlanSharedByManyThreadsGivesEachTheSamePhysicalLayout() throws Exception {
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4)
        .plan("select c.email from customers c where c.email = ? and c.id = ?", CorpusSchema.catalog());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<PhysicalStatement>> layouts = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      layouts.add(pool.submit(() -> {
        start.await();
        return plan.physical(2);
      }));
    }
    start.countDown();
    PhysicalStatement first = layouts.get(0).get(30, TimeUnit.SECONDS);
    for (Future<PhysicalStatement> layout : layouts) {
      assertThat(layout.get(30, TimeUnit.SECONDS)).isSameAs(first);
    }
    pool.shutdown();
    assertThat(first.sql()).isEqualTo("SELECT c.email FROM customers c WHERE c.email IN (?, ?) AND c.id = ?");
  }

  @Test
  void aCacheHoldsAtLeastOnePlan() {
    assertThatThrownBy(() -> new PlanCache(CorpusSchema.config(), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unparseableSqlIsAlsoParsedOnlyOnce() {
    PlanCache cache = new PlanCache(CorpusSchema.config(), 16);
    cache.plan("this is not sql", CorpusSchema.catalog());
    cache.plan("this is not sql", CorpusSchema.catalog());

    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(1);
  }
}
