package dev.banata.vault.samples.quickstart;

import dev.banata.vault.admin.AdminCommand;
import dev.banata.vault.admin.DatabaseOptions;
import dev.banata.vault.admin.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the bundled admin command ({@code vault-admin}) in this JVM, as {@code java -jar
 * vault-admin-VERSION.jar ...} would from a shell, and keeps what it printed.
 *
 * <p>The database comes from {@code VAULT_DB_URL}, {@code VAULT_DB_USER} and
 * {@code VAULT_DB_PASSWORD} in the command's environment (so no password appears on a command
 * line); every other variable, {@code BETTER_AUTH_SECRET} included, is the process's own.
 */
final class AdminCalls {

  /** What one admin command did: its exit code and its output. */
  record Outcome(String commandLine, int exitCode, String out, String err) {
    /** Both streams: progress and messages (stderr) first, then the result (stdout). */
    String printed() {
      return err.isBlank() ? out : err + out;
    }
  }

  private final Function<String, String> environment;
  private final String url;

  AdminCalls(QuickstartDatabase database) {
    this.url = database.vaultUrl();
    Map<String, String> connection = Map.of(
        DatabaseOptions.URL_ENV, url,
        DatabaseOptions.USER_ENV, database.user(),
        DatabaseOptions.PASSWORD_ENV, database.password());
    this.environment = name -> connection.containsKey(name) ? connection.get(name) : System.getenv(name);
  }

  Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      // No console: progress is printed as lines, and no password prompt can block the run.
      exitCode = AdminCommand.run(new Invocation(environment, outStream, errStream, null), args);
    }
    List<String> shown = new ArrayList<>(List.of("vault-admin"));
    shown.addAll(List.of(args));
    return new Outcome(String.join(" ", shown) + "   (VAULT_DB_URL=" + withoutQuery(url) + "?...)", exitCode,
        out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }
}
