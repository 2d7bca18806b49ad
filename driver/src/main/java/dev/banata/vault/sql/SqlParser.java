package dev.banata.vault.sql;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

/**
 * Parses one SQL string with JSqlParser within a time bound.
 *
 * <p>Why not {@code CCJSqlParserUtil.parse(String)}: it starts a new thread for every call (JSqlParser
 * #1853). Here parsing runs on one shared pool of daemon threads (reused, at most
 * {@value #MAX_PARSER_THREADS}, gone after 30 s idle), and the caller waits at most the time bound.
 * Parsing happens only on a plan-cache miss, so the hand-off costs nothing on the hot path. The
 * caller cannot be held up longer than the bound even when the parser is slow to notice its
 * {@code interrupted} flag (measured: after the flag is raised on a 5,000-item IN list, JSqlParser
 * 5.3 keeps backtracking for close to a minute). When every pool thread is still busy with such
 * SQL, new SQL is not queued behind it: it counts as out of time at once.
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

  /** Time allowed for one SQL string, both attempts together. */
  static final Duration DEFAULT_TIME_BOUND = Duration.ofSeconds(2);

  static final int MAX_SQL_LENGTH = 1_000_000;
  static final int MAX_LIST_ITEMS = 5_000;
  static final int MAX_NESTING = 100;

  /**
   * Parser threads at most. Normally one or two are in use; a parse that ran out of time keeps its
   * thread until JSqlParser notices the flag, and the others must not queue behind it.
   */
  static final int MAX_PARSER_THREADS = 8;

  private static final ThreadPoolExecutor PARSER_THREADS = createPool();

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
    long deadline = System.nanoTime() + timeBoundNanos;
    ParseResult simple = attempt(sql, false, timeBoundNanos);
    if (simple.statement() != null || simple.timedOut() || simple.severalStatements()) {
      return simple;
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return ParseResult.outOfTime();
    }
    if (CCJSqlParserUtil.getNestingDepth(sql) > CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
      // Complex parsing of nested calls is exponential: lower( 16 deep took 13 s in our measurement.
      return simple;
    }
    return attempt(sql, true, left);
  }

  private static ParseResult attempt(String sql, boolean complex, long nanos) {
    CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex);
    // Every token the parser reads hangs off this one, comments included: its reading of the text.
    Token first = parser.token;
    // Statements(), not Statement(): the latter stops after the first statement and would let
    // "select 1; insert into customers (email) values ('plain')" through half-read.
    Future<Statements> parsing;
    try {
      parsing = PARSER_THREADS.submit(parser::Statements);
    } catch (RejectedExecutionException e) {
      // Every parser thread is still busy with SQL that ran out of time: do not queue behind it.
      return ParseResult.outOfTime();
    }
    try {
      Statements statements = parsing.get(nanos, TimeUnit.NANOSECONDS);
      if (statements == null || statements.isEmpty()) {
        return ParseResult.failed("empty statement");
      }
      if (statements.size() > 1) {
        return ParseResult.several();
      }
      return ParseResult.parsed(statements.get(0), ParserAgreement.spans(sql, first));
    } catch (TimeoutException e) {
      // Ask the parser to stop at its next check; the caller does not wait for it.
      parser.interrupted = true;
      parsing.cancel(true);
      return ParseResult.outOfTime();
    } catch (ExecutionException e) {
      return ParseResult.failed(e.getCause() == null ? "parse error" : e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      parser.interrupted = true;
      parsing.cancel(true);
      Thread.currentThread().interrupt();
      return ParseResult.outOfTime();
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
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_PARSER_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
      Thread thread = new Thread(runnable, "banata-vault-sql-parser-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    return pool;
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
