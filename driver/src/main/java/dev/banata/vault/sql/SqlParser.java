package dev.banata.vault.sql;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;

/**
 * Parses one SQL string with JSqlParser on the calling thread, within a time bound.
 *
 * <p>Why not {@code CCJSqlParserUtil.parse(String)}: it starts a thread per call and waits on it
 * (JSqlParser #1853). Here the parser runs on the caller's thread; one shared daemon watchdog
 * thread raises the parser's own {@code interrupted} flag when the bound is exceeded, and the
 * parser stops at its next check (it checks in every condition and expression list, where
 * pathological SQL spends its time).
 *
 * <p>Complex parsing: the first attempt runs with {@code allowComplexParsing = false}, which is fast
 * and reads the SQL applications and ORMs send. Only when that fails is the statement retried with
 * complex parsing, within the same overall bound and only when its bracket nesting is moderate
 * (JSqlParser's own limit), because complex parsing is what makes deep nesting and huge IN lists
 * slow (#1663, #1558). SQL that fails both, or runs out of time, is unparseable: the caller applies
 * the unparseable-SQL policy.
 */
final class SqlParser {

  /** Time allowed for one SQL string, both attempts together. */
  static final Duration DEFAULT_TIME_BOUND = Duration.ofSeconds(2);

  /** Longer SQL is not handed to the parser at all: it is treated as unparseable. */
  static final int MAX_SQL_LENGTH = 1_000_000;

  private static final ScheduledThreadPoolExecutor WATCHDOG = createWatchdog();

  private final long timeBoundNanos;

  SqlParser(Duration timeBound) {
    this.timeBoundNanos = timeBound.toNanos();
  }

  /** The parsed statement, or a failure saying why it could not be read (never the SQL text). */
  ParseResult parse(String sql) {
    if (sql.length() > MAX_SQL_LENGTH) {
      return ParseResult.failed("SQL longer than " + MAX_SQL_LENGTH + " characters");
    }
    long deadline = System.nanoTime() + timeBoundNanos;
    ParseResult simple = attempt(sql, false, timeBoundNanos);
    if (simple.statement() != null || simple.timedOut()) {
      return simple;
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return ParseResult.outOfTime();
    }
    if (CCJSqlParserUtil.getNestingDepth(sql) > CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
      return simple;
    }
    return attempt(sql, true, left);
  }

  private static ParseResult attempt(String sql, boolean complex, long nanos) {
    CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex);
    ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> parser.interrupted = true, nanos, TimeUnit.NANOSECONDS);
    try {
      Statement statement = parser.Statement();
      if (parser.interrupted) {
        return ParseResult.outOfTime();
      }
      return statement == null ? ParseResult.failed("empty statement") : ParseResult.parsed(statement);
    } catch (Exception | StackOverflowError e) {
      return parser.interrupted ? ParseResult.outOfTime() : ParseResult.failed(e.getClass().getSimpleName());
    } finally {
      alarm.cancel(false);
    }
  }

  private static ScheduledThreadPoolExecutor createWatchdog() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "banata-vault-sql-parse-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** What {@link #parse(String)} found. */
  record ParseResult(Statement statement, boolean timedOut, String failure) {

    static ParseResult parsed(Statement statement) {
      return new ParseResult(statement, false, null);
    }

    static ParseResult failed(String why) {
      return new ParseResult(null, false, why);
    }

    static ParseResult outOfTime() {
      return new ParseResult(null, true, "parser time bound exceeded");
    }
  }
}
