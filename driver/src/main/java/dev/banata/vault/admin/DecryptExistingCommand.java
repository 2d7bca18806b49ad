package dev.banata.vault.admin;

import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.rewrite.PlaintextRestoration;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code decrypt-existing}: writes the plaintext back into configured columns, to roll back an adoption. */
@Command(name = "decrypt-existing", mixinStandardHelpOptions = true,
    description = "Replace every ciphertext in the configured encrypted columns with its plaintext, to roll back an adoption. DANGEROUS: afterwards anyone who can read the table reads the values. Refuses to run without --confirm-plaintext. Run the application with plaintext-reads: allow meanwhile, and remove the columns from vault.yaml afterwards.")
final class DecryptExistingCommand implements Callable<Integer> {

  static final String JOB = "decrypt-existing";

  @ParentCommand RootCommand root;
  @Mixin DatabaseOptions database;
  @Mixin ConfigOptions config;
  @Mixin JobOptions job;
  @Mixin ShardOption shardOption;

  @Option(names = "--table", paramLabel = "TABLE", split = ",", description = "Only these configured tables (repeatable).")
  List<String> tables = new ArrayList<>();

  @Option(names = "--dry-run", description = "Check and count the ciphertexts; write nothing.")
  boolean dryRun;

  @Option(names = "--confirm-plaintext", description = "Required: confirms that the columns' values are to be stored as plaintext.")
  boolean confirmed;

  @Override
  public Integer call() throws SQLException {
    if (!confirmed && !dryRun) {
      throw new AdminFailure(ExitCode.REFUSED, "decrypt-existing stores the values of the encrypted columns as plaintext; "
          + "add --confirm-plaintext if that is what you want (nothing was changed)");
    }
    Session session = Session.open(root.invocation(), database, config);
    return ColumnMigration.run(session, JOB, job, shardOption.parsed(), tables, dryRun, ring -> new PlaintextRestoration(FieldCipher.of(ring)),
        column -> column.byVersion().values().stream().mapToLong(Long::longValue).sum());
  }
}
