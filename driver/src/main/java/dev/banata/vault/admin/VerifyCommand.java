package dev.banata.vault.admin;

import dev.banata.vault.config.PlaintextReadPolicy;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.RefreshingKeyRingSource;
import dev.banata.vault.internal.keys.StoredKeyVersion;
import dev.banata.vault.internal.rewrite.DecryptionCheck;
import dev.banata.vault.internal.rewrite.FailureLog;
import dev.banata.vault.internal.rewrite.Progress;
import dev.banata.vault.internal.rewrite.TablePass;
import dev.banata.vault.internal.rewrite.TableResolver;
import dev.banata.vault.internal.rewrite.TableTarget;
import dev.banata.vault.internal.secrets.SecretStore;
import dev.banata.vault.VaultException;
import dev.banata.vault.internal.secrets.VaultSchema;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code verify}: decrypts every ciphertext of every configured column and of {@code vault_secret},
 * and lists each one that fails by table, key and column — never the value. Exit code 1 when any
 * fails. Read-only.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Decrypt every ciphertext in every configured encrypted column and in vault_secret; list each failure by table, primary key and column (never the value). Plaintext counts as a failure when the configuration has plaintext-reads: reject. Exit code 1 when anything fails. Read-only (vault_secret reads are audited as vault.decrypted events, as every decryption of a vault secret is).")
final class VerifyCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Mixin DatabaseOptions database;
  @Mixin ConfigOptions config;
  @Mixin JobOptions job;

  @Option(names = "--table", paramLabel = "TABLE", split = ",",
      description = "Only these tables (repeatable; vault_secret names the vault's own table).")
  List<String> tables = new ArrayList<>();

  @Override
  public Integer call() throws SQLException {
    job.validate();
    Session session = Session.open(root.invocation(), database, config);
    List<String> columnTables = new ArrayList<>(tables);
    boolean includeVaultSecret = tables.isEmpty() || columnTables.removeIf(t -> t.equals(RotateCommand.VAULT_SECRET));
    boolean onlyVaultSecret = !tables.isEmpty() && columnTables.isEmpty();
    MasterSecrets secrets = session.secrets();
    PrintStream out = session.invocation().out();
    List<TableTarget> targets;
    KeyRing ring;
    boolean vaultInstalled;
    try (Connection connection = session.connect()) {
      targets = onlyVaultSecret ? List.of() : new TableResolver(connection).resolve(session.config(), columnTables);
      List<StoredKeyVersion> versions = KeyVersionStore.versions(connection);
      for (StoredKeyVersion version : versions) {
        if (version.isLive() && secrets.byFingerprint(version.fingerprint()).isEmpty()) {
          session.invocation().err().println("verify: key version " + version.version() + " needs the master secret with fingerprint "
              + version.fingerprint() + ", which is not configured: its values will fail");
        }
      }
      try {
        ring = KeyVersionStore.ringOf(versions, secrets);
      } catch (CryptoException e) {
        throw new AdminFailure(ExitCode.SECRET, e.getMessage(), e);
      }
      vaultInstalled = VaultSchema.installedVersion(connection) > 0;
    }
    boolean plaintextIsFailure = session.config().plaintextReads() == PlaintextReadPolicy.REJECT;
    FailureLog failures = new FailureLog();
    Progress progress = session.progress(job);
    DecryptionCheck check = new DecryptionCheck(FieldCipher.of(ring), plaintextIsFailure);
    long checked = 0;
    for (TableTarget table : targets) {
      Progress.Task task = progress.start("verify " + table.name(), -1);
      TablePass.Result result = new TablePass(session.connections(), table, check, job.batchSize, job.parallel, failures, task)
          .run(null);
      task.finish(null);
      checked += result.scanned();
    }
    long secretsChecked = includeVaultSecret && vaultInstalled ? verifyVaultSecret(session, secrets, failures, progress) : 0;
    for (FailureLog.Failure failure : failures.kept()) {
      out.println("FAILED " + failure);
    }
    if (failures.count() > failures.kept().size()) {
      out.println("... and " + (failures.count() - failures.kept().size()) + " more");
    }
    out.println(String.format(Locale.ROOT, "verify: %,d rows of %d tables and %,d vault secrets checked, %,d failures", checked, targets.size(),
        secretsChecked, failures.count()));
    if (!failures.isEmpty()) {
      throw new AdminFailure(ExitCode.FAILURES_FOUND, failures.count() + " values do not decrypt (listed on stdout by table, key and column)");
    }
    return ExitCode.DONE.code();
  }

  private long verifyVaultSecret(Session session, MasterSecrets secrets, FailureLog failures, Progress progress) throws SQLException {
    long checked = 0;
    Progress.Task task = progress.start("verify vault_secret", -1);
    try (RefreshingKeyRingSource ring = RefreshingKeyRingSource.start(session.dataSource(), secrets, Duration.ZERO);
        Connection connection = session.connect();
        PreparedStatement page = connection.prepareStatement(
            "SELECT id, context, organization_id FROM vault_secret WHERE id > ? ORDER BY id LIMIT ?")) {
      SecretStore store = new SecretStore(session.dataSource(), ring, job.batchSize);
      String after = "";
      while (true) {
        page.setString(1, after);
        page.setInt(2, job.batchSize);
        List<String[]> rows = new ArrayList<>();
        try (ResultSet result = page.executeQuery()) {
          while (result.next()) {
            rows.add(new String[] {result.getString(1), result.getString(2), result.getString(3)});
          }
        }
        if (rows.isEmpty()) {
          break;
        }
        for (String[] row : rows) {
          try {
            store.decrypt(row[0], row[1], row[2]);
          } catch (VaultException e) {
            failures.add(RotateCommand.VAULT_SECRET, row[0], "encrypted_value", e.getMessage());
          }
        }
        after = rows.get(rows.size() - 1)[0];
        checked += rows.size();
        task.advance(rows.size());
      }
    }
    task.finish(null);
    return checked;
  }
}
