package dev.banata.vault.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vault-admin} as picocli sees it: the global options, the subcommands, the usage when none is
 * given. Run by {@link AdminCommand#run}; package-private, so that what picocli calls ({@code call()})
 * is no part of the API.
 */
@Command(name = "vault-admin",
    mixinStandardHelpOptions = true,
    versionProvider = RootCommand.Version.class,
    description = "Administers Banata Vault for JDBC on a PostgreSQL database: vault tables, key versions, encrypted columns.",
    subcommands = {InstallCommand.class, StatusCommand.class, RotateCommand.class, EncryptExistingCommand.class,
        DecryptExistingCommand.class, VerifyCommand.class, RetireCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  done",
        "  1  values that do not decrypt were found (verify; or left behind by a job)",
        "  2  invalid command line",
        "  3  configuration error (vault.yaml, unknown table or column, no primary key)",
        "  4  database unreachable or login refused",
        "  5  master secret missing or wrong; nothing was changed",
        "  6  refused to do harm (retire a version in use, write plaintext without --confirm-plaintext)",
        "  7  another admin job is running on this schema, or this job lost its lock mid-job; run the same command again",
        "  8  incomplete: rows remain; run the same command again to continue",
        "  9  the database cannot take writes (read-only, or out of disk space); fix that, then run the same command again",
        " 70  unexpected error (run with --verbose for the stack trace)"})
final class RootCommand implements Callable<Integer> {

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "On failure, print the stack trace too.")
  boolean verbose;

  @Spec CommandSpec spec;

  private final Invocation invocation;

  RootCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  Invocation invocation() {
    return invocation;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(invocation.err());
    return ExitCode.USAGE.code();
  }

  /** The driver's version, from the jar's Maven descriptor. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vault-admin (Banata Vault for JDBC) " + version(), "Java " + System.getProperty("java.version")};
    }

    static String version() {
      try (InputStream in = RootCommand.class.getResourceAsStream("/META-INF/maven/dev.banata.vault/vault-driver/pom.properties")) {
        if (in != null) {
          Properties properties = new Properties();
          properties.load(in);
          return properties.getProperty("version", "unknown");
        }
      } catch (IOException e) {
        // Fall through: a build from source without the Maven descriptor.
      }
      Package pkg = RootCommand.class.getPackage();
      String implementation = pkg == null ? null : pkg.getImplementationVersion();
      return implementation == null ? "development build" : implementation;
    }
  }
}
