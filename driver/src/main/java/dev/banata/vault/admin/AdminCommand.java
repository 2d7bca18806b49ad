package dev.banata.vault.admin;

import dev.banata.vault.internal.rewrite.RewriteFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
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
 * The bundled admin command ({@code java -jar vault-admin-VERSION.jar ...}, see the vault-admin module): installs the vault
 * tables, shows key usage, rotates keys, migrates plaintext columns in and out, verifies integrity,
 * and retires key versions. Every subcommand has {@code --help}; exit codes are {@link ExitCode}.
 *
 * <p>A failure ends with one line on stderr ({@code vault-admin rotate: <reason>}) and its exit
 * code; a stack trace only with {@code --verbose}. Reasons never contain a value or a secret.
 */
@Command(name = "vault-admin",
    mixinStandardHelpOptions = true,
    versionProvider = AdminCommand.Version.class,
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
public final class AdminCommand implements Callable<Integer> {

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "On failure, print the stack trace too.")
  boolean verbose;

  @Spec CommandSpec spec;

  private final Invocation invocation;

  AdminCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  public static void main(String[] args) {
    System.exit(run(Invocation.ofProcess(), args));
  }

  /** Runs the command line {@code args}; returns the exit code. */
  public static int run(Invocation invocation, String... args) {
    AdminCommand root = new AdminCommand(invocation);
    CommandLine commandLine = new CommandLine(root);
    commandLine.setOut(new PrintWriter(invocation.out(), true));
    commandLine.setErr(new PrintWriter(invocation.err(), true));
    commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> report(invocation, root, failed, failure));
    return commandLine.execute(args);
  }

  Invocation invocation() {
    return invocation;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(invocation.err());
    return ExitCode.USAGE.code();
  }

  private static int report(Invocation invocation, AdminCommand root, CommandLine failed, Exception failure) {
    String command = failed.getCommandSpec().qualifiedName();
    ExitCode code;
    String reason;
    AdminFailure interruption = DatabaseInterruption.of(failure);
    if (interruption != null && failure instanceof RewriteFailure rewrite && rewrite.reason() == RewriteFailure.Reason.DATABASE) {
      // The engine's own wording ("cannot record the progress ...") around a server that went away
      // or turned read-only: the interruption's reason names the condition and the way out.
      code = interruption.exitCode();
      reason = interruption.getMessage();
    } else if (failure instanceof AdminFailure admin) {
      code = admin.exitCode();
      reason = admin.getMessage();
    } else if (failure instanceof RewriteFailure rewrite) {
      code = ExitCode.of(rewrite.reason());
      reason = rewrite.getMessage();
    } else if (interruption != null) {
      code = interruption.exitCode();
      reason = interruption.getMessage();
    } else {
      code = ExitCode.INTERNAL;
      reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
    invocation.err().println(command + ": " + oneLine(reason));
    if (root.verbose || verboseRequested(failed)) {
      failure.printStackTrace(invocation.err());
    } else if (code == ExitCode.INTERNAL) {
      invocation.err().println(command + ": run with --verbose for the stack trace");
    }
    invocation.err().flush();
    return code.code();
  }

  private static boolean verboseRequested(CommandLine failed) {
    CommandLine.ParseResult result = failed.getParseResult();
    return result != null && result.hasMatchedOption("--verbose");
  }

  private static String oneLine(String reason) {
    return reason == null ? "no reason given" : reason.replaceAll("\\s+", " ").trim();
  }

  /** The driver's version, from the jar's Maven descriptor. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vault-admin (Banata Vault for JDBC) " + version(), "Java " + System.getProperty("java.version")};
    }

    static String version() {
      try (InputStream in = AdminCommand.class.getResourceAsStream("/META-INF/maven/dev.banata.vault/vault-driver/pom.properties")) {
        if (in != null) {
          Properties properties = new Properties();
          properties.load(in);
          return properties.getProperty("version", "unknown");
        }
      } catch (IOException e) {
        // Fall through: a build from source without the Maven descriptor.
      }
      Package pkg = AdminCommand.class.getPackage();
      String implementation = pkg == null ? null : pkg.getImplementationVersion();
      return implementation == null ? "development build" : implementation;
    }
  }
}
