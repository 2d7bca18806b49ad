package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Pathological SQL: the caller's wait for the parser is bounded, SQL too big to parse is not handed
 * to it, and what it cannot read in time is treated as unparseable (rejected when it names an
 * encrypted table or column, passed through otherwise).
 */
class ParserTimeBoundTest {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void inListOfAThousandParametersOnAnEncryptedColumnIsPlanned() {
    StringJoiner items = new StringJoiner(", ", "select id from customers where email in (", ")");
    for (int i = 0; i < 1_000; i++) {
      items.add("?");
    }
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4).plan(items.toString(), CorpusSchema.catalog());

    assertThat(plan.rejection()).isEmpty();
    assertThat(plan.parameterCount()).isEqualTo(1_000);
    assertThat(plan.parameter(1_000).role()).isEqualTo(ParameterRole.MATCH);
    assertThat(plan.physical(2).parameterCount()).isEqualTo(2_000);
  }

  @Test
  void inListBeyondTheLimitIsUnparseableAtOnce() {
    StringJoiner items = new StringJoiner(", ", "select id from customers where email in (", ")");
    for (int i = 0; i <= SqlParser.MAX_LIST_ITEMS + 1; i++) {
      items.add("?");
    }
    long cpu = THREADS.getCurrentThreadCpuTime();
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4).plan(items.toString(), CorpusSchema.catalog());
    long millis = (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000;

    assertThat(plan.kind()).isEqualTo(StatementKind.UNPARSEABLE);
    assertThat(plan.rejection()).hasValueSatisfying(rejection -> assertThat(rejection.table()).isEqualTo("customers"));
    // Never handed to the parser: the planning thread's own CPU time is all it costs.
    assertThat(millis).as("planning CPU time in ms").isLessThan(1_000);
  }

  @Test
  void deeplyNestedSqlNamingAnEncryptedColumnIsRejectedWithinTheBound() {
    String sql = "select id from customers where " + "(".repeat(3_000) + "email = ?" + ")".repeat(3_000);
    long cpu = THREADS.getCurrentThreadCpuTime();
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4, Duration.ofMillis(500)).plan(sql, CorpusSchema.catalog());
    long millis = (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000;

    assertThat(millis).as("planning CPU time in ms").isLessThan(500 + 1_000);
    assertThat(plan.kind()).isEqualTo(StatementKind.UNPARSEABLE);
    assertThat(plan.rejection()).hasValueSatisfying(rejection -> assertThat(rejection.table()).isEqualTo("customers"));
  }

  @Test
  void moderatelyNestedSqlIsPlanned() {
    String sql = "select id from customers where " + "(".repeat(40) + "email = ?" + ")".repeat(40);
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4).plan(sql, CorpusSchema.catalog());

    assertThat(plan.parameter(1).role()).isEqualTo(ParameterRole.MATCH);
  }

  @Test
  void sqlThatRunsOutOfTimeIsTreatedAsUnparseableAndTheCallerDoesNotWait() {
    StringJoiner items = new StringJoiner(" or ", "select id from customers where ", "");
    for (int i = 0; i < 3_000; i++) {
      items.add("(name = 'n" + i + "' and id = " + i + ")");
    }
    long start = System.nanoTime();
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4, Duration.ofMillis(20)).plan(items.toString(), CorpusSchema.catalog());
    long millis = (System.nanoTime() - start) / 1_000_000;

    // The bound is the parser's CPU time; what the caller waits beyond it is a busy machine, up to the ceiling.
    assertThat(millis).as("planning time in ms").isLessThan(20L * SqlParser.WALL_CLOCK_FACTOR + 5_000);

    assertThat(plan.kind()).isEqualTo(StatementKind.UNPARSEABLE);
    assertThat(plan.rejection()).hasValueSatisfying(rejection -> {
      assertThat(rejection.table()).isEqualTo("customers");
      assertThat(rejection.operation()).contains("in time");
    });
  }

  @Test
  void sqlThatRunsOutOfTimeAndNamesNoEncryptedTablePassesThrough() {
    StringJoiner items = new StringJoiner(" or ", "select id from products where ", "");
    for (int i = 0; i < 3_000; i++) {
      items.add("(name = 'n" + i + "' and id = " + i + ")");
    }
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4, Duration.ofMillis(20)).plan(items.toString(), CorpusSchema.catalog());

    assertThat(plan.kind()).isEqualTo(StatementKind.UNPARSEABLE);
    assertThat(plan.rejection()).isEmpty();
    assertThat(plan.touchesEncryption()).isFalse();
  }

  @Test
  void nestedFunctionCallsThatComplexParsingWouldTakeSecondsOverAreDecidedQuickly() {
    // Unreadable on purpose (the trailing "fron"), so that only complex parsing could still try.
    String sql = "select " + "lower(".repeat(16) + "email" + ")".repeat(16) + " fron customers";
    long start = System.nanoTime();
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4).plan(sql, CorpusSchema.catalog());
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(plan.kind()).isEqualTo(StatementKind.UNPARSEABLE);
    assertThat(plan.rejection()).isPresent();
    assertThat(millis).as("planning time in ms").isLessThan(SqlParser.DEFAULT_TIME_BOUND.toMillis() * SqlParser.WALL_CLOCK_FACTOR);
  }

  @Test
  void parsingDoesNotStartAThreadPerStatement() {
    SqlParser parser = new SqlParser(Duration.ofSeconds(2));
    int before = Thread.activeCount();
    for (int i = 0; i < 200; i++) {
      assertThat(parser.parse(SqlScanner.scan("select id from customers where email = ? and id = " + i, true)).statement()).isNotNull();
    }
    assertThat(Thread.activeCount()).as("live threads").isLessThanOrEqualTo(before + 2);
  }

  /**
   * Cold start on a busy machine: sixteen threads plan four hundred distinct statements at once
   * while four more keep both cores busy. Waiting for a core is not parsing: nothing may come back
   * out of time, with a bound (200 ms) far below what the waits add up to.
   */
  @Test
  void manyThreadsPlanningAtOnceOnABusyMachineAreNotOutOfTime() throws Exception {
    PlanCache cache = new PlanCache(CorpusSchema.config(), 1_000, Duration.ofMillis(200));
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> spinners = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread spinner = new Thread(() -> {
        while (running.get()) {
          // a volatile read per turn keeps the core busy and cannot be optimised away
        }
      });
      spinner.setDaemon(true);
      spinner.start();
      spinners.add(spinner);
    }
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      long start = System.nanoTime();
      List<Future<StatementPlan>> plans = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String sql = "select c.id, c.email from customers c join orders o on o.customer_id = c.id"
            + " where c.email = ? and o.id in (select id from orders where id > " + i + ") order by c.id limit " + (i + 1);
        plans.add(threads.submit(() -> cache.plan(sql, CorpusSchema.catalog())));
      }
      int outOfTime = 0;
      for (Future<StatementPlan> plan : plans) {
        if (plan.get(2, TimeUnit.MINUTES).kind() == StatementKind.UNPARSEABLE) {
          outOfTime++;
        }
      }
      assertThat(outOfTime).as("statements planned as unparseable").isZero();
      System.out.printf("ParserTimeBoundTest: cold start, 400 distinct statements planned by 16 threads beside 4 CPU-bound ones"
          + " in %d ms, none out of time%n", (System.nanoTime() - start) / 1_000_000);
    } finally {
      running.set(false);
      threads.shutdownNow();
    }
  }
}
