package dev.banata.vault.admin;

import dev.banata.vault.internal.rewrite.RewriteFailure;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The bundled admin command ({@code java -jar vault-admin-VERSION.jar ...}, see the vault-admin module): installs the vault
 * tables, shows key usage, rotates keys, migrates plaintext columns in and out, verifies integrity,
 * and retires key versions. Every subcommand has {@code --help}; exit codes are {@link ExitCode}.
 *
 * <p>A failure ends with one line on stderr ({@code vault-admin rotate: <reason>}) and its exit
 * code; a stack trace only with {@code --verbose}. Reasons never contain a value or a secret.
 *
 * <p>This class is the entry point only ({@link #main}, {@link #run}); the command line itself,
 * what picocli parses and calls, is the package-private {@code RootCommand}.
 */
public final class AdminCommand {

  private AdminCommand() {}

  public static void main(String[] args) {
    System.exit(run(Invocation.ofProcess(), args));
  }

  /** Runs the command line {@code args}; returns the exit code. */
  public static int run(Invocation invocation, String... args) {
    RootCommand root = new RootCommand(invocation);
    CommandLine commandLine = new CommandLine(root);
    commandLine.setOut(new PrintWriter(invocation.out(), true));
    commandLine.setErr(new PrintWriter(invocation.err(), true));
    commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> report(invocation, root, failed, failure));
    return commandLine.execute(args);
  }

  private static int report(Invocation invocation, RootCommand root, CommandLine failed, Exception failure) {
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

}
