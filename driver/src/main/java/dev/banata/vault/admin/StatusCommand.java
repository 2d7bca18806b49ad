package dev.banata.vault.admin;

import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.StoredKeyVersion;
import dev.banata.vault.internal.rewrite.JobJournal;
import dev.banata.vault.internal.rewrite.KeyUsage;
import dev.banata.vault.internal.rewrite.Progress;
import dev.banata.vault.internal.rewrite.TableResolver;
import dev.banata.vault.internal.rewrite.TableTarget;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code status}: the key versions with their state, and for every configured column the rows per
 * key version, plaintext and NULL; shows which versions no value uses any more. Read-only.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the key versions (primary, live, retired; whether their master secret is configured) and, for every configured encrypted column and vault_secret, how many values use each key version, how many are plaintext and how many are NULL. A version no value uses any more can be retired. Read-only; needs no master secret.")
final class StatusCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Mixin DatabaseOptions database;
  @Mixin ConfigOptions config;

  @Option(names = "--json", description = "Print JSON (for scripts and monitoring) instead of tables.")
  boolean json;

  @Option(names = "--table", paramLabel = "TABLE", split = ",", description = "Only these configured tables (repeatable).")
  List<String> tables = new ArrayList<>();

  @Override
  public Integer call() throws SQLException {
    Session session = Session.open(root.invocation(), database, config);
    MasterSecrets secrets = optionalSecrets(session);
    List<TableTarget> targets;
    List<StoredKeyVersion> versions;
    List<String> unfinished;
    try (Connection connection = session.connect()) {
      targets = new TableResolver(connection).resolve(session.config(), tables);
      versions = KeyVersionStore.versions(connection);
      unfinished = JobJournal.unfinishedJobs(connection);
    }
    Progress progress = json ? Progress.silent() : session.invocation().progress(java.time.Duration.ofSeconds(10));
    KeyUsage.Report usage = KeyUsage.take(session.connections(), targets, 5000, progress);
    StatusReport report = new StatusReport(versions, usage, secrets, unfinished);
    PrintStream out = session.invocation().out();
    out.print(json ? report.toJson() : report.toText());
    out.flush();
    return ExitCode.DONE.code();
  }

  private static MasterSecrets optionalSecrets(Session session) {
    try {
      return session.secrets();
    } catch (AdminFailure e) {
      if (e.exitCode() == ExitCode.SECRET) {
        return null;
      }
      throw e;
    }
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
