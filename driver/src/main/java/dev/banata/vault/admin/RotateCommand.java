package dev.banata.vault.admin;

import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.RefreshingKeyRingSource;
import dev.banata.vault.internal.rewrite.FailureLog;
import dev.banata.vault.internal.rewrite.JobJournal;
import dev.banata.vault.internal.rewrite.JobLock;
import dev.banata.vault.internal.rewrite.KeyUsage;
import dev.banata.vault.internal.rewrite.Progress;
import dev.banata.vault.internal.rewrite.ReEncryption;
import dev.banata.vault.internal.rewrite.RewriteFailure;
import dev.banata.vault.internal.rewrite.RewriteJob;
import dev.banata.vault.internal.rewrite.SafetyCheck;
import dev.banata.vault.internal.rewrite.Shard;
import dev.banata.vault.internal.rewrite.TableResolver;
import dev.banata.vault.internal.rewrite.TableTarget;
import dev.banata.vault.internal.rewrite.UniqueIndexes;
import dev.banata.vault.internal.secrets.SecretRotation;
import dev.banata.vault.internal.secrets.VaultSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rotate}: registers a new primary key version derived from the current master secret and
 * re-encrypts every configured column and {@code vault_secret} to it — online, in batches, resumable.
 */
@Command(name = "rotate", mixinStandardHelpOptions = true,
    description = "Register a new primary key version derived from the current master secret (BETTER_AUTH_SECRET), then re-encrypt every configured encrypted column and vault_secret to it. Online: the application keeps reading and writing; a value the application writes meanwhile is never overwritten. Killed or failed, the same command continues the same rotation. Before writing, checks that every live version's master secret is configured and that a sample of existing ciphertexts decrypts.")
final class RotateCommand implements Callable<Integer> {

  static final String JOB = "rotate";
  static final String VAULT_SECRET = "vault_secret";

  @ParentCommand RootCommand root;
  @Mixin DatabaseOptions database;
  @Mixin ConfigOptions config;
  @Mixin JobOptions job;
  @Mixin ReplicaOptions replicas;
  @Mixin ShardOption shardOption;

  @Option(names = "--table", paramLabel = "TABLE", split = ",",
      description = "Only these tables (repeatable; vault_secret names the vault's own table). The rotation is finished once every table is done.")
  List<String> tables = new ArrayList<>();

  @Option(names = "--dry-run", description = "Check and count what would be re-encrypted; register and write nothing.")
  boolean dryRun;

  @Option(names = "--settle-seconds", paramLabel = "SECONDS", defaultValue = "35",
      description = "How long applications take to load a new key version (their vault.key-refresh-seconds, default 30, plus a margin). "
          + "No row is rewritten before then, so application lookups keep matching (default: ${DEFAULT-VALUE}).")
  int settleSeconds;

  @Option(names = "--allow-unique-window",
      description = "Rotate although a unique index or constraint covers a deterministic column. While the rotation runs a value has two ciphertexts, "
          + "so such an index accepts a duplicate of a row not yet rewritten; the rotation lists each row it then cannot rewrite (with the row "
          + "that holds the same value) and leaves it for you to resolve. Without this option rotate refuses to start over such an index.")
  boolean allowUniqueWindow;

  @Override
  public Integer call() throws SQLException {
    job.validate();
    replicas.validate();
    Shard shard = shardOption.parsed();
    Session session = Session.open(root.invocation(), database, config);
    List<String> columnTables = new ArrayList<>(tables);
    boolean includeVaultSecret = tables.isEmpty() || columnTables.removeIf(t -> Identifier.of(t).name().equals(VAULT_SECRET));
    boolean onlyVaultSecret = !tables.isEmpty() && columnTables.isEmpty();
    KeySettings keys = session.config().keys();
    MasterSecrets secrets = session.secrets();
    List<TableTarget> targets;
    KeyRing before;
    List<String> uniqueWindow;
    try (Connection connection = session.connect()) {
      targets = onlyVaultSecret ? List.of() : new TableResolver(connection).resolve(session.config(), columnTables);
      if (VaultSchema.installedVersion(connection) == 0) {
        throw new AdminFailure(ExitCode.CONFIG, "the vault tables are not installed in " + session.describeDatabase() + "; run vault-admin install first");
      }
      before = SafetyCheck.ringWithEverySecret(connection, secrets, keys.secretEnv(), keys.previousSecretsEnv());
      try {
        SafetyCheck.sampleDecrypts(connection, targets, before);
      } catch (RewriteFailure e) {
        // Another shard may have registered the new version, and rewritten rows to it, since this
        // one read the ring: the check holds only if it fails with the ring read now too.
        KeyRing now = shard.whole() || e.reason() != RewriteFailure.Reason.SECRET ? before
            : SafetyCheck.ringWithEverySecret(connection, secrets, keys.secretEnv(), keys.previousSecretsEnv());
        if (now.primaryVersion() == before.primaryVersion()) {
          throw e;
        }
        before = now;
        SafetyCheck.sampleDecrypts(connection, targets, before);
      }
      uniqueWindow = uniqueIndexesOnDeterministicColumns(connection, targets);
    }
    if (dryRun) {
      return dryRun(session, targets, before, secrets, uniqueWindow);
    }
    if (!uniqueWindow.isEmpty() && !allowUniqueWindow) {
      throw new AdminFailure(ExitCode.REFUSED, "unique " + String.join("; ", uniqueWindow) + " covers a deterministic column: while the rotation runs"
          + " a value has two ciphertexts, so the index accepts a duplicate of a row not yet rewritten, and that row cannot be rewritten afterwards;"
          + " nothing was changed. Stop application writes to the table for the rotation or accept that window, then run rotate --allow-unique-window:"
          + " rows it cannot rewrite are listed by key with the row holding the same value (docs/OPERATIONS.md, \"Rotate with a unique index on a deterministic column\")");
    }
    if (!uniqueWindow.isEmpty()) {
      session.invocation().err().println("rotate: --allow-unique-window: unique " + String.join("; ", uniqueWindow)
          + " covers a deterministic column; rows a duplicate keeps from being rewritten will be listed");
    }
    Progress progress = session.progress(job);
    FailureLog failures = new FailureLog();
    KeyRing checked = before;
    try (JobLock lock = SharedJob.lock(session, JOB, shard); JobJournal journal = JobJournal.open(session.connect(), lock)) {
      JobJournal.Job run = SharedJob.startAlone(session, shard, () -> {
        if (shard.whole()) {
          return startOrResume(journal, checked, secrets, progress, shard);
        }
        // Another shard may have registered the version since this one read the ring.
        try (Connection connection = session.connect()) {
          return startOrResume(journal, SafetyCheck.ringWithEverySecret(connection, secrets, keys.secretEnv(), keys.previousSecretsEnv()),
              secrets, progress, shard);
        }
      });
      KeyRing ring;
      try (Connection connection = session.connect()) {
        ring = SafetyCheck.ringWithEverySecret(connection, secrets, keys.secretEnv(), keys.previousSecretsEnv());
      }
      if (ring.primaryVersion() != run.targetVersion()) {
        throw new AdminFailure(ExitCode.INCOMPLETE, "key version " + ring.primaryVersion() + " became primary while rotating to version "
            + run.targetVersion() + "; run rotate again");
      }
      Instant settleUntil = replicas.any() ? replicasLoaded(session, journal, run, progress) : run.startedAt().plusSeconds(settleSeconds);
      // No row is rewritten to the new version before every application has loaded it: an
      // application whose ring still lacks it would look rows up with the old version's ciphertext
      // only, and miss every row already rewritten.
      waitUntil(settleUntil, "for applications to load key version " + run.targetVersion() + " before rewriting any row", progress);
      RewriteJob rewrite = new RewriteJob(JOB, session.connections(), journal, new ReEncryption(ring),
          new RewriteJob.Settings(job.batchSize, job.parallel, job.maxSweeps, settleUntil, shard), progress, failures, Clock.systemUTC());
      RewriteJob.Report report = rewrite.run(targets);
      // vault_secret is small and rotated through the Vault's own statements: the first shard does it all.
      boolean secretsDone = !includeVaultSecret || shard.index() != 1 || rotateVaultSecret(session, journal, secrets, run, settleUntil, progress);
      List<String> all = new ArrayList<>();
      session.config().tables().forEach(t -> all.add(t.name().name()));
      boolean finished;
      if (shard.whole()) {
        all.add(VAULT_SECRET);
        finished = journal.finishIfComplete(JOB, all);
      } else {
        List<JobJournal.Part> parts = new ArrayList<>(SharedJob.parts(JOB, shard, all));
        parts.add(new JobJournal.Part(JOB, VAULT_SECRET));
        finished = journal.finishIfComplete(JOB, parts);
      }
      if (!finished && report.complete() && secretsDone && failures.isEmpty()) {
        progress.say("rotation to key version " + run.targetVersion() + (shard.whole()
            ? ": the tables asked for are done; other tables still to do (rotate --table ...)"
            : ": shard " + shard + " is done; the rotation is finished when every shard (and every table) is, by the last to finish"));
      }
      int code = JobSummary.finish(session.invocation(), JOB, report, failures, report.complete() && secretsDone);
      if (finished) {
        session.invocation().out().println("every value is at key version " + run.targetVersion()
            + "; older versions can be retired once status shows them unused (vault-admin retire N)");
      }
      return code;
    }
  }

  /**
   * Waits until every {@code --replica} has replayed the registration, and returns the moment from
   * which applications reading them have had {@code --settle-seconds} to load the new version. An
   * application that reads a replica reads {@code vault_key} there: it can load the version only once
   * the replica has replayed it, so the settle time counts from the moment the replay was seen. That
   * moment is kept in the journal: a resumed rotation given the same replicas counts from it instead
   * of waiting the settle time again (a replica does not un-replay; one re-created from the primary
   * since holds the version already).
   */
  private Instant replicasLoaded(Session session, JobJournal journal, JobJournal.Job run, Progress progress) throws SQLException {
    String position;
    try (Connection connection = session.connect()) {
      position = ReplicaOptions.currentWalPosition(connection);
    }
    List<ReplicaOptions.Behind> behind = replicas.awaitReplay(session.database(), position,
        "(the registration of key version " + run.targetVersion() + ")", progress);
    if (!behind.isEmpty()) {
      throw new AdminFailure(ExitCode.INCOMPLETE, String.join("; ", behind.stream().map(ReplicaOptions.Behind::describe).toList())
          + " after --replica-timeout " + replicas.timeoutSeconds + " s: applications reading it cannot load key version " + run.targetVersion()
          + " yet, so no row was rewritten. Once the replica catches up (SELECT pg_wal_replay_resume() if its replay is paused), run rotate again:"
          + " it continues the same rotation");
    }
    String replicaSet = replicas.identity(session.database());
    Optional<Instant> earlier = journal.replayed(JOB, replicaSet);
    Instant replayed;
    if (earlier.isPresent()) {
      replayed = earlier.get();
      progress.say("every --replica had replayed the registration of key version " + run.targetVersion() + " at " + replayed
          + " (seen by the earlier run): the settle time counts from then");
    } else {
      replayed = Instant.now();
      journal.recordReplay(JOB, replicaSet, replayed);
      progress.say("every --replica has replayed the registration of key version " + run.targetVersion());
    }
    Instant fromRegistration = run.startedAt().plusSeconds(settleSeconds);
    Instant fromReplay = replayed.plusSeconds(settleSeconds);
    return fromReplay.isAfter(fromRegistration) ? fromReplay : fromRegistration;
  }

  /** "constraint customers_email_key (email) on customers", one per unique index that covers a deterministic column. */
  private static List<String> uniqueIndexesOnDeterministicColumns(Connection connection, List<TableTarget> targets) {
    List<String> found = new ArrayList<>();
    for (TableTarget table : targets) {
      try {
        UniqueIndexes.of(connection, table).onDeterministicColumns().forEach(index -> found.add(index.describe() + " on " + table.name()));
      } catch (SQLException e) {
        throw new AdminFailure(ExitCode.DATABASE, "cannot read the unique indexes of table " + table.name() + ": " + e.getMessage(), e);
      }
    }
    return found;
  }

  private JobJournal.Job startOrResume(JobJournal journal, KeyRing ring, MasterSecrets secrets, Progress progress, Shard shard) throws SQLException {
    Optional<JobJournal.Job> unfinished = journal.unfinished(JOB)
        .filter(j -> j.targetVersion() != null && j.targetVersion() == ring.primaryVersion());
    if (unfinished.isPresent()) {
      SharedJob.checkSameShardCount(unfinished.get(), shard, "the rotation to key version " + unfinished.get().targetVersion());
      progress.say("resuming the rotation to key version " + unfinished.get().targetVersion() + " started at " + unfinished.get().startedAt());
      return unfinished.get();
    }
    JobJournal.Job started = journal.begin(JOB, shard.count(), connection -> KeyVersionStore.registerNewPrimary(connection, secrets).version());
    progress.say("registered key version " + started.targetVersion() + " (master secret fingerprint " + secrets.current().fingerprint()
        + ") as primary; re-encrypting to it");
    return started;
  }

  private boolean rotateVaultSecret(Session session, JobJournal journal, MasterSecrets secrets, JobJournal.Job run, Instant settleUntil,
      Progress progress) throws SQLException {
    if (journal.done(JOB, VAULT_SECRET)) {
      return true;
    }
    waitUntil(settleUntil, "for applications to load the new key version", progress);
    // SecretRotation writes through the Vault's own statements, unfenced: the lock is checked once before it.
    journal.checkFence();
    try (RefreshingKeyRingSource ring = RefreshingKeyRingSource.start(session.dataSource(), secrets, Duration.ZERO)) {
      SecretRotation rotation = new SecretRotation(session.dataSource(), ring, job.batchSize);
      Progress.Task task = progress.start("rotate vault_secret", rotation.countBelow(run.targetVersion()));
      AtomicLong reported = new AtomicLong();
      SecretRotation.Outcome outcome = rotation.reencryptBelow(run.targetVersion(), done -> task.advance(done - reported.getAndSet(done)));
      task.finish(String.format(Locale.ROOT, "re-encrypted %,d secrets, %,d remaining", outcome.reencrypted(), outcome.remaining()));
      if (!outcome.failedSecretIds().isEmpty()) {
        session.invocation().err().println("rotate vault_secret: " + outcome.failedSecretIds().size() + " secrets do not decrypt and were left: "
            + String.join(", ", outcome.failedSecretIds()));
      }
      if (outcome.completed()) {
        journal.markDone(JOB, VAULT_SECRET);
        return true;
      }
      return false;
    }
  }

  private int dryRun(Session session, List<TableTarget> targets, KeyRing ring, MasterSecrets secrets, List<String> uniqueWindow) throws SQLException {
    KeyUsage.Report usage = KeyUsage.take(session.connections(), targets, 5000, Progress.silent());
    var out = session.invocation().out();
    out.println("dry run: would register key version " + (ring.versions().get(ring.versions().size() - 1).version() + 1)
        + " (master secret fingerprint " + secrets.current().fingerprint() + ") and re-encrypt:");
    for (KeyUsage.ColumnUsage column : usage.columns()) {
      long envelopes = column.byVersion().values().stream().mapToLong(Long::longValue).sum();
      out.println(String.format(Locale.ROOT, "  %s.%s: %,d values (%,d plaintext left to encrypt-existing)", column.table(), column.column(),
          envelopes, column.plaintext()));
    }
    if (usage.vaultSecretRows() >= 0 && (tables.isEmpty() || tables.contains(VAULT_SECRET))) {
      out.println(String.format(Locale.ROOT, "  vault_secret: %,d secrets", usage.vaultSecretRows()));
    }
    for (String index : uniqueWindow) {
      out.println("  unique " + index + " covers a deterministic column: rotate refuses to start without --allow-unique-window");
    }
    out.println("dry run: nothing was changed");
    return ExitCode.DONE.code();
  }

  private static void waitUntil(Instant moment, String why, Progress progress) {
    Duration wait = Duration.between(Instant.now(), moment);
    if (wait.isNegative() || wait.isZero()) {
      return;
    }
    progress.say("waiting " + Math.max(1, wait.toSeconds()) + " s " + why + " (--settle-seconds)");
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminFailure(ExitCode.INCOMPLETE, "interrupted while waiting; run rotate again to continue");
    }
  }
}
