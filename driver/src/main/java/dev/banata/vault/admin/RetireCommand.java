package dev.banata.vault.admin;

import dev.banata.vault.internal.database.Transaction;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.StoredKeyVersion;
import dev.banata.vault.internal.rewrite.JobLock;
import dev.banata.vault.internal.rewrite.KeyUsage;
import dev.banata.vault.internal.rewrite.TableResolver;
import dev.banata.vault.internal.rewrite.TableTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code retire}: marks a key version retired, so that it leaves every key ring and a later
 * misconfiguration (an old secret put back, a stale backup restored) fails loudly. Refuses while
 * any configured column or {@code vault_secret} still has a value at that version.
 */
@Command(name = "retire", mixinStandardHelpOptions = true,
    description = "Mark a key version retired: no application decrypts with it any more. Refuses the primary version, a version that any value of a configured column or vault_secret still uses (status shows which), and a version that was primary less than --settle-seconds ago (applications may still be encrypting with it); with --replica, also while a named replica has not replayed the rewrite.")
final class RetireCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Mixin DatabaseOptions database;
  @Mixin ConfigOptions config;
  @Mixin ReplicaOptions replicas;

  @Parameters(index = "0", paramLabel = "VERSION", description = "The key version to retire (status lists them).")
  int version;

  @Option(names = "--settle-seconds", paramLabel = "SECONDS", defaultValue = "35",
      description = "How long after a newer version was registered applications may still encrypt with this one (default: ${DEFAULT-VALUE}).")
  int settleSeconds;

  @Override
  public Integer call() throws SQLException {
    replicas.validate();
    Session session = Session.open(root.invocation(), database, config);
    List<TableTarget> targets;
    try (Connection connection = session.connect()) {
      targets = new TableResolver(connection).resolve(session.config(), List.of());
    }
    try (JobLock lock = JobLock.acquire(session.connect(), "retire")) {
      List<StoredKeyVersion> versions;
      try (Connection connection = session.connect()) {
        versions = KeyVersionStore.versions(connection);
      }
      StoredKeyVersion row = versions.stream().filter(v -> v.version() == version).findFirst()
          .orElseThrow(() -> new AdminFailure(ExitCode.REFUSED, "key version " + version + " is not recorded in vault_key"));
      if (!row.isLive()) {
        session.invocation().out().println("key version " + version + " is already retired (since " + row.retiredAt() + ")");
        return ExitCode.DONE.code();
      }
      int primary = versions.stream().filter(StoredKeyVersion::isLive).mapToInt(StoredKeyVersion::version).max().orElseThrow();
      if (primary == version) {
        throw new AdminFailure(ExitCode.REFUSED, "key version " + version + " is the primary version; rotate first, then retire it");
      }
      Optional<Instant> successorCreated = versions.stream().filter(v -> v.version() > version).map(StoredKeyVersion::createdAt).min(Instant::compareTo);
      if (successorCreated.isPresent() && Duration.between(successorCreated.get(), Instant.now()).getSeconds() < settleSeconds) {
        throw new AdminFailure(ExitCode.REFUSED, "key version " + version + " was primary until " + successorCreated.get()
            + "; applications may still be encrypting with it for --settle-seconds " + settleSeconds + "; try again later");
      }
      KeyUsage.Report usage = KeyUsage.take(session.connections(), targets, 5000, session.invocation().progress(Duration.ofSeconds(10)));
      long inUse = usage.valuesAt(version);
      if (inUse > 0) {
        throw new AdminFailure(ExitCode.REFUSED, "key version " + version + " is still used by " + inUse + " values (" + usage.whereUsed(version)
            + "); run vault-admin rotate first (nothing was changed)");
      }
      if (replicas.any()) {
        replicasCaughtUp(session);
      }
      try (Connection connection = session.connect()) {
        Transaction.run(connection, inTransaction -> KeyVersionStore.retire(inTransaction, version));
      }
      session.invocation().out().println("key version " + version + " retired; applications drop it at their next key refresh");
      return ExitCode.DONE.code();
    }
  }

  /**
   * Every {@code --replica} has replayed everything the primary had written when no value used the
   * version any more (the rewrite included), else a refusal: a replica behind still holds values at
   * the version, which applications reading it decrypt with it.
   */
  private void replicasCaughtUp(Session session) throws SQLException {
    String position;
    try (Connection connection = session.connect()) {
      position = ReplicaOptions.currentWalPosition(connection);
    }
    List<ReplicaOptions.Behind> behind = replicas.awaitReplay(session.database(), position,
        "(the rewrite away from key version " + version + ")", session.invocation().progress(Duration.ofSeconds(10)));
    if (!behind.isEmpty()) {
      throw new AdminFailure(ExitCode.REFUSED, "key version " + version + " is no longer used on the primary, but "
          + String.join("; ", behind.stream().map(ReplicaOptions.Behind::describe).toList()) + " after --replica-timeout " + replicas.timeoutSeconds
          + " s: it may still hold values at version " + version + ", which applications reading it decrypt with that version; nothing was changed."
          + " Wait until the replica catches up (SELECT pg_wal_replay_resume() if its replay is paused), then run retire again"
          + " (or give a larger --replica-timeout)");
    }
  }
}
