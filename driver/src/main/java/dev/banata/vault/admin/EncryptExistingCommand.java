package dev.banata.vault.admin;

import dev.banata.vault.internal.rewrite.KeyUsage;
import dev.banata.vault.internal.rewrite.PlaintextEncryption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code encrypt-existing}: turns plaintext in configured columns into ciphertext — the adoption path. */
@Command(name = "encrypt-existing", mixinStandardHelpOptions = true,
    description = "Encrypt the plaintext values in every configured encrypted column with the primary key version. The adoption path for an existing database: run the application with plaintext-reads: allow, run this, then switch to plaintext-reads: reject. Online and resumable like rotate; values already encrypted are left. A plaintext in a text column is read as the column's type (ISO dates, numbers, true/false; bytes as \\x hex).")
final class EncryptExistingCommand implements Callable<Integer> {

  static final String JOB = "encrypt-existing";

  @ParentCommand RootCommand root;
  @Mixin DatabaseOptions database;
  @Mixin ConfigOptions config;
  @Mixin JobOptions job;
  @Mixin ShardOption shardOption;

  @Option(names = "--table", paramLabel = "TABLE", split = ",", description = "Only these configured tables (repeatable).")
  List<String> tables = new ArrayList<>();

  @Option(names = "--dry-run", description = "Check and count the plaintext values; write nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws SQLException {
    Session session = Session.open(root.invocation(), database, config);
    return ColumnMigration.run(session, JOB, job, shardOption.parsed(), tables, dryRun, PlaintextEncryption::new, KeyUsage.ColumnUsage::plaintext);
  }
}
