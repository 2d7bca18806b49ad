package dev.banata.vault.admin;

import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.secrets.VaultSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code install}: creates or upgrades the vault tables, with the same installer the Vault API uses. */
@Command(name = "install", mixinStandardHelpOptions = true,
    description = "Create or upgrade the vault tables (vault_secret, vault_key, vault_audit_event) in the connection's schema. Idempotent. Records key version 1 for the current master secret when no version is recorded yet (--tables-only skips that and needs no secret).")
final class InstallCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Mixin DatabaseOptions database;
  @Mixin ConfigOptions config;

  @Option(names = "--tables-only", description = "Create the tables only; do not record key version 1 (no master secret needed).")
  boolean tablesOnly;

  @Override
  public Integer call() throws SQLException {
    Session session = Session.open(root.invocation(), database, config);
    MasterSecrets secrets = tablesOnly ? null : session.secrets();
    try (Connection connection = session.connect()) {
      VaultSchema.InstallResult result = tablesOnly ? VaultSchema.installTables(connection) : VaultSchema.install(connection, secrets);
      var out = session.invocation().out();
      if (result.appliedVersions().isEmpty()) {
        out.println("vault tables are up to date (schema version " + result.currentVersion() + ")");
      } else {
        out.println("vault tables installed: schema version " + result.previousVersion() + " -> " + result.currentVersion()
            + " (applied " + result.appliedVersions() + ")");
      }
      if (result.initialKeyRecorded()) {
        out.println("key version 1 recorded for the current master secret (fingerprint " + secrets.current().fingerprint() + ")");
      }
    }
    return ExitCode.DONE.code();
  }
}
