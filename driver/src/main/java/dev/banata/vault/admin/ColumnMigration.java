package dev.banata.vault.admin;

import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.rewrite.FailureLog;
import dev.banata.vault.internal.rewrite.JobJournal;
import dev.banata.vault.internal.rewrite.JobLock;
import dev.banata.vault.internal.rewrite.KeyUsage;
import dev.banata.vault.internal.rewrite.Progress;
import dev.banata.vault.internal.rewrite.RewriteJob;
import dev.banata.vault.internal.rewrite.SafetyCheck;
import dev.banata.vault.internal.rewrite.Shard;
import dev.banata.vault.internal.rewrite.TableResolver;
import dev.banata.vault.internal.rewrite.TableTarget;
import dev.banata.vault.internal.rewrite.ValueRewrite;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The shared course of {@code encrypt-existing} and {@code decrypt-existing}: check (configuration,
 * secrets, a sample of ciphertexts), then — under the admin lock and with the journal — rewrite
 * every configured column, resuming an unfinished run of the same job.
 */
final class ColumnMigration {

  private ColumnMigration() {}

  static int run(Session session, String job, JobOptions options, Shard shard, List<String> tables, boolean dryRun,
      Function<KeyRing, ValueRewrite> rewriteFor, ToLongFunction<KeyUsage.ColumnUsage> wouldChange) throws SQLException {
    options.validate();
    KeySettings keys = session.config().keys();
    MasterSecrets secrets = session.secrets();
    List<TableTarget> targets;
    KeyRing ring;
    try (Connection connection = session.connect()) {
      targets = new TableResolver(connection).resolve(session.config(), tables);
      if (targets.isEmpty()) {
        throw new AdminFailure(ExitCode.CONFIG, "no encrypted columns are configured; pass --config with the application's vault.yaml");
      }
      ring = SafetyCheck.ringWithEverySecret(connection, secrets, keys.secretEnv(), keys.previousSecretsEnv());
      SafetyCheck.sampleDecrypts(connection, targets, ring);
    }
    if (dryRun) {
      KeyUsage.Report usage = KeyUsage.take(session.connections(), targets, 5000, Progress.silent());
      for (KeyUsage.ColumnUsage column : usage.columns()) {
        session.invocation().out().println(String.format(Locale.ROOT, "dry run: %s would rewrite %,d values of %s.%s", job,
            wouldChange.applyAsLong(column), column.table(), column.column()));
      }
      session.invocation().out().println("dry run: nothing was changed");
      return ExitCode.DONE.code();
    }
    Progress progress = session.progress(options);
    FailureLog failures = new FailureLog();
    try (JobLock lock = SharedJob.lock(session, job, shard); JobJournal journal = JobJournal.open(session.connect(), lock)) {
      SharedJob.startAlone(session, shard, () -> {
        if (journal.unfinished(job).isPresent()) {
          SharedJob.checkSameShardCount(journal.unfinished(job).get(), shard, "the unfinished " + job);
          progress.say("resuming the unfinished " + job + " started at " + journal.unfinished(job).get().startedAt());
        } else {
          journal.begin(job, shard.count(), connection -> null);
        }
        return null;
      });
      // No key change is involved, so no application can write the "old" form after this moment
      // because of a stale key ring: the sweeps need not wait.
      RewriteJob rewrite = new RewriteJob(job, session.connections(), journal, rewriteFor.apply(ring),
          new RewriteJob.Settings(options.batchSize, options.parallel, options.maxSweeps, Instant.EPOCH, shard), progress, failures, Clock.systemUTC());
      RewriteJob.Report report = rewrite.run(targets);
      List<String> all = new ArrayList<>();
      session.config().tables().forEach(t -> all.add(t.name().name()));
      if (shard.whole()) {
        journal.finishIfComplete(job, all);
      } else if (!journal.finishIfComplete(job, SharedJob.parts(job, shard, all)) && report.complete()) {
        progress.say(job + ": shard " + shard + " is done; the job is finished when every shard is, by the last to finish");
      }
      return JobSummary.finish(session.invocation(), job, report, failures, report.complete());
    }
  }
}
