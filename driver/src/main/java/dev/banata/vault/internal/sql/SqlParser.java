package dev.banata.vault.internal.sql;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

/**
 * Parses one SQL string with JSqlParser within a bound on what the parse costs.
 *
 * <p>Why not {@code CCJSqlParserUtil.parse(String)}: it starts a new thread for every call (JSqlParser
 * #1853). Here parsing runs on a shared pool of reused daemon threads (gone after 30 s idle), and the
 * caller waits for the result. Parsing happens only on a plan-cache miss, so the hand-off costs
 * nothing on the hot path. The caller is not held up by a pathological statement even when the
 * parser is slow to notice its {@code interrupted} flag (measured: after the flag is raised on a
 * 5,000-item IN list, JSqlParser 5.3 keeps backtracking for close to a minute): it stops waiting, and
 * the parse runs on unobserved. When {@value #MAX_RUNAWAY_PARSES} such parses are still running, new
 * SQL counts as out of time at once rather than adding threads behind them.
 *
 * <p>The bound is the parser thread's CPU time, not the time the caller waited: at application
 * start-up many threads plan statements at once, and on a small machine a healthy parse can wait
 * longer for a core than the bound without costing anything near it (issue 15: eight threads on two
 * cores turned legitimate statements into refusals under a wall-clock bound). A wall-clock ceiling of
 * {@value #WALL_CLOCK_FACTOR} times the bound remains for a machine where thread CPU time cannot be read.
 *
 * <p>Before the parser sees it, SQL is measured on {@link SqlScanner}'s tokens: longer than {@value #MAX_SQL_LENGTH}
 * characters, more than {@value #MAX_LIST_ITEMS} commas (huge IN lists cost the parser
 * super-linear time: ~0.1 s for 1,000 items, ~0.6 s for 3,000) or brackets nested deeper than
 * {@value #MAX_NESTING} is not parsed at all: it is unparseable.
 *
 * <p>Complex parsing: the first attempt runs with {@code allowComplexParsing = false}, which is fast
 * and reads what applications and ORMs send; only when that fails is it retried with complex
 * parsing, within the same overall bound and only when brackets nest at most
 * {@code CCJSqlParserUtil.ALLOWED_NESTING_DEPTH} (10) deep, because complex parsing is what makes
 * deep nesting slow (#1663, #1558; measured here: {@code lower(} nested 16 deep, 13 s). SQL that fails both, or runs out of time, is unparseable: the caller applies the
 * unparseable-SQL policy.
 */
final class SqlParser {

  /** Parser CPU time allowed for one SQL string, both attempts together. */
  static final Duration DEFAULT_TIME_BOUND = Duration.ofSeconds(2);

  static final int MAX_SQL_LENGTH = 1_000_000;
  static final int MAX_LIST_ITEMS = 5_000;
  static final int MAX_NESTING = 100;

  /** Parses that ran out of time and still hold their thread, at most, before new SQL is refused at once. */
  static final int MAX_RUNAWAY_PARSES = 8;

  /** The wall-clock ceiling, as a multiple of the CPU bound. */
  static final int WALL_CLOCK_FACTOR = 30;

  /** How often a waiting caller looks at the parser's CPU time. */
  private static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME_READABLE = THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

  private static final ThreadPoolExecutor PARSER_THREADS = createPool();
  private static final AtomicInteger RUNAWAY = new AtomicInteger();

  private final long timeBoundNanos;

  SqlParser(Duration timeBound) {
    this.timeBoundNanos = timeBound.toNanos();
  }

  /**
   * The parsed statement, or a failure saying why it could not be read (never the SQL text).
   * Measured on the scanner's reading; a parsed result carries the parser's tokens for
   * {@link ParserAgreement}.
   */
  ParseResult parse(ScannedSql scanned) {
    String sql = scanned.sql();
    String tooBig = tooBigToParse(scanned);
    if (tooBig != null) {
      return ParseResult.failed(tooBig);
    }
    Attempt simple = attempt(sql, false, timeBoundNanos);
    ParseResult result = simple.result();
    if (result.statement() != null || result.timedOut() || result.severalStatements()) {
      return result;
    }
    long left = timeBoundNanos - simple.costNanos();
    if (left <= 0) {
      return ParseResult.outOfTime();
    }
    if (CCJSqlParserUtil.getNestingDepth(sql) > CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
      // Complex parsing of nested calls is exponential: lower( 16 deep took 13 s in our measurement.
      return result;
    }
    return attempt(sql, true, left).result();
  }

  /** One parse and what it cost (parser CPU time, or wall-clock time where that cannot be read). */
  private record Attempt(ParseResult result, long costNanos) {}

  private static Attempt attempt(String sql, boolean complex, long budgetNanos) {
    if (RUNAWAY.get() >= MAX_RUNAWAY_PARSES) {
      // Threads are still busy with SQL that ran out of time: do not add more behind them.
      return new Attempt(ParseResult.outOfTime(), budgetNanos);
    }
    Parsing parsing = new Parsing(new QuietParser(sql).withAllowComplexParsing(complex));
    // Every token the parser reads hangs off this one, comments included: its reading of the text.
    Token first = parsing.parser.token;
    long started = System.nanoTime();
    Future<Statements> result = PARSER_THREADS.submit(parsing);
    long wallCeiling = started + budgetNanos * WALL_CLOCK_FACTOR;
    while (true) {
      try {
        Statements statements = result.get(Math.min(CHECK_INTERVAL_NANOS, budgetNanos), TimeUnit.NANOSECONDS);
        return new Attempt(parsed(sql, statements, first), parsing.cost(started));
      } catch (TimeoutException e) {
        if (parsing.cost(started) >= budgetNanos || System.nanoTime() - wallCeiling >= 0) {
          parsing.abandon();
          return new Attempt(ParseResult.outOfTime(), budgetNanos);
        }
      } catch (ExecutionException e) {
        return new Attempt(ParseResult.failed(e.getCause() == null ? "parse error" : e.getCause().getClass().getSimpleName()),
            parsing.cost(started));
      } catch (InterruptedException e) {
        parsing.abandon();
        Thread.currentThread().interrupt();
        return new Attempt(ParseResult.outOfTime(), budgetNanos);
      }
    }
  }

  private static ParseResult parsed(String sql, Statements statements, Token first) {
    if (statements == null || statements.isEmpty()) {
      return ParseResult.failed("empty statement");
    }
    if (statements.size() > 1) {
      return ParseResult.several();
    }
    return ParseResult.parsed(statements.get(0), ParserAgreement.spans(sql, first));
  }

  /**
   * JSqlParser without its error report. On a syntax error JavaCC's {@code generateParseException}
   * re-runs every lookahead to list the tokens it expected: measured on the differential fuzz
   * corpus (mostly SQL that does not parse), that report was most of the parser's time. Nothing here
   * reads it (a failure is reported by kind, never with the SQL's text), so a bare exception does.
   */
  private static final class QuietParser extends CCJSqlParser {

    QuietParser(String sql) {
      super(new StringProvider(sql));
    }

    @Override
    public ParseException generateParseException() {
      return new ParseException("syntax error");
    }
  }

  /**
   * One parse on a pool thread: Statements(), not Statement(), since the latter stops after the
   * first statement and would let "select 1; insert into customers (email) values ('plain')"
   * through half-read. Knows the CPU time it has used, and counts itself a runaway from the moment
   * its caller stops waiting until it ends.
   */
  private static final class Parsing implements Callable<Statements> {

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    final CCJSqlParser parser;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private volatile Thread thread;
    private volatile long cpuAtStart;

    Parsing(CCJSqlParser parser) {
      this.parser = parser;
    }

    @Override
    public Statements call() throws Exception {
      cpuAtStart = CPU_TIME_READABLE ? THREADS.getCurrentThreadCpuTime() : 0;
      thread = Thread.currentThread();
      try {
        return parser.Statements();
      } finally {
        thread = null;
        if (!state.compareAndSet(RUNNING, DONE)) {
          RUNAWAY.decrementAndGet();
        }
      }
    }

    /** CPU time spent parsing so far (zero before the pool thread starts); wall-clock time where CPU time cannot be read. */
    long cost(long startedNanos) {
      if (!CPU_TIME_READABLE) {
        return System.nanoTime() - startedNanos;
      }
      Thread running = thread;
      if (running == null) {
        return 0;
      }
      long cpu = THREADS.getThreadCpuTime(running.getId());
      return cpu < 0 ? 0 : Math.max(0, cpu - cpuAtStart);
    }

    /** The caller stops waiting: ask the parser to stop at its next check, and count it until it does. */
    void abandon() {
      RUNAWAY.incrementAndGet();
      if (!state.compareAndSet(RUNNING, ABANDONED)) {
        RUNAWAY.decrementAndGet();
      }
      parser.interrupted = true;
      Thread running = thread;
      if (running != null) {
        running.interrupt();
      }
    }
  }

  /** Why the SQL is not handed to the parser at all, or null. Strings and comments do not count. */
  static String tooBigToParse(ScannedSql scanned) {
    if (scanned.sql().length() > MAX_SQL_LENGTH) {
      return "SQL longer than " + MAX_SQL_LENGTH + " characters";
    }
    int commas = 0;
    int depth = 0;
    int deepest = 0;
    for (SqlToken token : scanned.tokens()) {
      if (token.kind() == SqlToken.Kind.PUNCTUATION) {
        switch (token.value()) {
          case "," -> commas++;
          case "(" -> deepest = Math.max(deepest, ++depth);
          case ")" -> depth--;
          default -> { }
        }
      }
    }
    if (commas > MAX_LIST_ITEMS) {
      return "more than " + MAX_LIST_ITEMS + " list items";
    }
    return deepest > MAX_NESTING ? "brackets nested deeper than " + MAX_NESTING : null;
  }

  private static ThreadPoolExecutor createPool() {
    AtomicInteger count = new AtomicInteger();
    // No fixed ceiling: healthy parses are bounded by the application's own concurrency, runaways by MAX_RUNAWAY_PARSES.
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
      Thread thread = new Thread(runnable, "banata-vault-sql-parser-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** What {@link #parse(ScannedSql)} found. */
  /**
   * @param tokens the parser's reading of the text when it parsed (null when it could not be
   *     placed on the text, or nothing was parsed)
   */
  record ParseResult(Statement statement, boolean timedOut, boolean severalStatements, String failure,
      List<ParserAgreement.Span> tokens) {

    static ParseResult parsed(Statement statement, List<ParserAgreement.Span> tokens) {
      return new ParseResult(statement, false, false, null, tokens);
    }

    static ParseResult failed(String why) {
      return new ParseResult(null, false, false, why, null);
    }

    static ParseResult outOfTime() {
      return new ParseResult(null, true, false, "parser time bound exceeded", null);
    }

    /** Read, but it is more than one statement: the analysis handles one statement per string. */
    static ParseResult several() {
      return new ParseResult(null, false, true, "several statements", null);
    }
  }
}
