package dev.banata.vault.internal.rewrite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Rewrites every value of some tables with a {@link ValueRewrite}, online and resumably:
 *
 * <ol>
 *   <li>a first pass over each table, continuing from the journal's checkpoint when a previous run
 *       of the same job stopped half-way;
 *   <li>then sweeps: full passes that start after {@code settleUntil} (the moment every application
 *       has learnt the new key version) and repeat until one finds nothing left to change — rows
 *       written meanwhile by application instances still on an old key ring, and rows whose
 *       compare-and-set lost to an application write, are caught here.
 * </ol>
 *
 * A table is marked done in the journal only after a clean sweep that left no row behind because a
 * unique index refused it; the job is finished when every table is. Failures are taken from each
 * table's last pass, which read the whole table: every pass meets a value that cannot be rewritten
 * again, and it is listed once.
 */
public final class RewriteJob {

  /**
   * @param batchSize rows per read and per UPDATE statement
   * @param parallel writer threads (and connections) per table
   * @param maxSweeps full passes after the first before giving up with {@link RewriteFailure.Reason#INCOMPLETE}
   * @param settleUntil no sweep that could declare a table clean starts before this instant
   * @param shard the rows of each table this process rewrites ({@link Shard#WHOLE}: all); its
   *     checkpoints are journaled under {@link Shard#journalName}
   */
  public record Settings(int batchSize, int parallel, int maxSweeps, Instant settleUntil, Shard shard) {

    public Settings(int batchSize, int parallel, int maxSweeps, Instant settleUntil) {
      this(batchSize, parallel, maxSweeps, settleUntil, Shard.WHOLE);
    }
  }

  /** What happened to one table. */
  public record TableOutcome(String table, long rewritten, long conflicts, int sweeps, boolean clean, boolean skipped) {}

  /** The outcome of the job; {@code complete} when every table ended with a clean sweep. */
  public record Report(List<TableOutcome> tables, boolean complete) {
    long rewritten() {
      return tables.stream().mapToLong(TableOutcome::rewritten).sum();
    }
  }

  private final String job;
  private final Supplier<Connection> connections;
  private final JobJournal journal;
  private final ValueRewrite rewrite;
  private final Settings settings;
  private final Progress progress;
  private final FailureLog failures;
  private final Clock clock;

  public RewriteJob(String job, Supplier<Connection> connections, JobJournal journal, ValueRewrite rewrite, Settings settings,
      Progress progress, FailureLog failures, Clock clock) {
    // Everything this class journals and says is about its shard's part of the job.
    this.job = settings.shard().journalName(job);
    this.connections = connections;
    this.journal = journal;
    this.rewrite = rewrite;
    this.settings = settings;
    this.progress = progress;
    this.failures = failures;
    this.clock = clock;
  }

  public Report run(List<TableTarget> tables) throws SQLException {
    try (JobConnections shared = new JobConnections(connections)) {
      return run(tables, shared);
    }
  }

  private Report run(List<TableTarget> tables, JobConnections shared) throws SQLException {
    List<TableTarget> open = new ArrayList<>();
    List<TableOutcome> outcomes = new ArrayList<>();
    long[] firstPass = new long[tables.size() * 2];
    List<Boolean> settledAfterFirstPass = new ArrayList<>();
    List<TablePass.Result> lastPass = new ArrayList<>();
    List<FailureLog> lastFailures = new ArrayList<>();
    for (TableTarget table : tables) {
      if (journal.done(job, table.name())) {
        progress.say(job + " " + table.name() + ": already done by an earlier run");
        outcomes.add(new TableOutcome(table.name(), 0, 0, 0, true, true));
        continue;
      }
      Optional<String> resumeAfter = journal.checkpoint(job, table.name());
      boolean settled = !clock.instant().isBefore(settings.settleUntil());
      FailureLog passFailures = new FailureLog();
      TablePass.Result result = pass(shared, table, resumeAfter.orElse(null), resumeAfter.isPresent() ? "resuming" : "pass 1", false, passFailures);
      lastPass.add(result);
      lastFailures.add(passFailures);
      firstPass[open.size() * 2] = result.rewritten();
      firstPass[open.size() * 2 + 1] = result.conflicts();
      open.add(table);
      // A first pass over the whole table that found nothing to do, started after the settle
      // moment, is as good as a clean sweep.
      settledAfterFirstPass.add(settled && resumeAfter.isEmpty() && result.clean());
    }
    boolean complete = true;
    for (int i = 0; i < open.size(); i++) {
      TableTarget table = open.get(i);
      long rewritten = firstPass[i * 2];
      long conflicts = firstPass[i * 2 + 1];
      int sweeps = 0;
      boolean clean = settledAfterFirstPass.get(i);
      TablePass.Result last = lastPass.get(i);
      FailureLog tableFailures = lastFailures.get(i);
      while (!clean && sweeps < settings.maxSweeps()) {
        waitToSettle();
        sweeps++;
        journal.save(job, table.name(), null);
        tableFailures = new FailureLog();
        TablePass.Result sweep = pass(shared, table, null, "sweep " + sweeps, true, tableFailures);
        last = sweep;
        rewritten += sweep.rewritten();
        conflicts += sweep.conflicts();
        clean = sweep.clean();
        if (!clean) {
          progress.say("  " + table.name() + ": sweep " + sweeps + " found " + sweep.pending()
              + " rows still to do (application writes during the job); sweeping again");
        }
      }
      failures.addAll(tableFailures);
      if (clean && last.blocked() > 0) {
        // Not done: the refused rows still hold the old form. After a person resolved them, the
        // same command continues this job and rewrites them.
        complete = false;
        clean = false;
        progress.say("  " + table.name() + ": " + last.blocked() + " rows refused by a unique index (listed below); resolve them and run " + job + " again");
      } else if (clean) {
        journal.markDone(job, table.name());
        progress.say("  " + table.name() + ": clean — a full sweep found no row left to do");
      } else {
        complete = false;
        progress.say("  " + table.name() + ": rows remain after " + sweeps + " sweeps; run " + job + " again to continue");
      }
      outcomes.add(new TableOutcome(table.name(), rewritten, conflicts, sweeps, clean, false));
    }
    return new Report(outcomes, complete);
  }

  /**
   * One pass; a sweep ({@code onlyToChange}) reads only the rows with a value the rewrite might change
   * (see {@link ValueRewrite#leftAloneSql}): after a first pass, the server skips the rest.
   */
  private TablePass.Result pass(JobConnections shared, TableTarget table, String startAfter, String label, boolean onlyToChange,
      FailureLog failures) throws SQLException {
    Progress.Task task = progress.start(job + " " + table.name() + " (" + label + ")", countRows(shared, table, startAfter, onlyToChange));
    TablePass pass = new TablePass(shared, table, rewrite, settings.batchSize(), settings.parallel(), journal.fence(), failures,
        key -> journal.save(job, table.name(), key), task, settings.shard(), onlyToChange);
    TablePass.Result result = pass.run(startAfter);
    task.finish(String.format(Locale.ROOT, "rewrote %,d rows, %,d left to the application's newer writes", result.rewritten(), result.conflicts()));
    return result;
  }

  private void waitToSettle() {
    Duration left = Duration.between(clock.instant(), settings.settleUntil());
    if (left.isNegative() || left.isZero()) {
      return;
    }
    progress.say(String.format(Locale.ROOT, "waiting %d s for applications to load the new key version before the final sweep (--settle-seconds)",
        Math.max(1, left.toSeconds())));
    try {
      Thread.sleep(left.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RewriteFailure(RewriteFailure.Reason.INCOMPLETE, "interrupted while waiting; run " + job + " again to continue");
    }
  }

  /** Counts the rows a pass from {@code startAfter} will read, for the progress display. */
  private long countRows(JobConnections shared, TableTarget table, String startAfter, boolean onlyToChange) throws SQLException {
    String sql = "SELECT count(*) FROM " + table.sqlName() + " t" + KeysetReader.where(table, settings.shard(), onlyToChange ? rewrite : null)
        + (startAfter == null ? "" : " AND t." + table.keySqlName() + " > CAST(? AS " + table.keySqlType() + ")");
    Connection connection = shared.take();
    boolean reusable = false;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (startAfter != null) {
        statement.setString(1, startAfter);
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        long rows = result.getLong(1);
        reusable = true;
        return rows;
      }
    } finally {
      shared.release(connection, reusable);
    }
  }
}
