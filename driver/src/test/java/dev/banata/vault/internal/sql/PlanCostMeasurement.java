package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Rough costs of the SQL layer, printed for docs/SQL.md (not a benchmark: no JMH, shared machine).
 * Run with {@code -Dvault.measure=true}.
 */
@EnabledIfSystemProperty(named = "vault.measure", matches = "true")
class PlanCostMeasurement {

  private static final List<String> SQL = List.of(
      "select c1_0.id,c1_0.email from customers c1_0 where c1_0.email=?",
      "insert into customers (birth_date,email,name,ssn,id) values (?,?,?,?,?)",
      "update customers set email=?,name=? where id=?",
      "with x as (select id, email from customers where email = ?) select c.id, c.ssn, x.email from customers c join x on x.id = c.id "
          + "where c.id in (select customer_id from orders o where o.email = ? and o.total > ?) union all "
          + "select id, ssn, email from archive_customers where email in (?, ?) limit ?");

  @Test
  void measure() {
    for (int round = 0; round < 2; round++) {
      measureRound(round == 1); // the first round warms the JIT up
    }
  }

  private static void measureRound(boolean print) {
    CorpusSchema.InMemoryCatalog catalog = CorpusSchema.catalog();
    for (String sql : SQL) {
      // Misses: a fresh cache each time, so every call parses and analyses.
      long missNanos = 0;
      int misses = 300;
      for (int i = 0; i < misses + 100; i++) {
        PlanCache cold = new PlanCache(CorpusSchema.config(), 4);
        long start = System.nanoTime();
        cold.plan(sql, catalog);
        if (i >= 100) {
          missNanos += System.nanoTime() - start;
        }
      }
      PlanCache warm = new PlanCache(CorpusSchema.config(), 4);
      StatementPlan plan = warm.plan(sql, catalog);
      int hits = 2_000_000;
      List<StatementPlan> sink = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < hits; i++) {
        if (warm.plan(sql, catalog) != plan) {
          sink.add(plan);
        }
      }
      long hitNanos = System.nanoTime() - start;
      assertThat(sink).isEmpty();
      if (print) {
        System.out.printf("miss %8.1f us   hit %6.1f ns   %s%n", missNanos / 1e3 / misses, (double) hitNanos / hits,
            sql.length() > 60 ? sql.substring(0, 60) + "..." : sql);
      }
    }
  }
}
