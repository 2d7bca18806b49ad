package dev.banata.vault.samples.quickstart;

import dev.banata.vault.config.KeySettings;
import dev.banata.vault.keys.MasterSecretSources;
import java.io.PrintStream;

/**
 * Banata Vault for JDBC in a few minutes: starts an embedded PostgreSQL (or uses {@code --url}),
 * then encrypts, reads, looks up, rejects, stores a Vault secret, rotates and verifies — printing
 * each step and checking that it behaved as printed.
 *
 * <pre>
 * mvn -q -B -pl samples -am package -DskipTests
 * java -jar samples/target/vault-samples-0.1.0-SNAPSHOT.jar                      # embedded PostgreSQL
 * java -jar samples/target/vault-samples-0.1.0-SNAPSHOT.jar --url jdbc:postgresql://localhost:5432/app --user app
 * </pre>
 *
 * <p>Exit code 0 when every step behaved as shown, 1 when one did not (the output says which), 2 for
 * a wrong command line.
 */
public final class Quickstart {

  static final int OK = 0;
  static final int STEP_FAILED = 1;
  static final int USAGE = 2;

  private Quickstart() {}

  public static void main(String[] args) throws Exception {
    QuickstartOptions options;
    try {
      options = QuickstartOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("quickstart: " + e.getMessage());
      System.err.println(QuickstartOptions.USAGE);
      System.exit(USAGE);
      return;
    }
    if (!options.help() && options.url().isEmpty() && !DemoSecret.isSet()) {
      System.exit(DemoSecret.runAgainWithGeneratedSecret(args, System.err));
    }
    System.exit(run(options, System.out));
  }

  /** Runs every step against the database the options name; returns the exit code. */
  public static int run(String[] args, PrintStream out) {
    QuickstartOptions options;
    try {
      options = QuickstartOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("quickstart: " + e.getMessage());
      out.println(QuickstartOptions.USAGE);
      return USAGE;
    }
    return run(options, out);
  }

  private static int run(QuickstartOptions options, PrintStream out) {
    if (options.help()) {
      out.println(QuickstartOptions.USAGE);
      return OK;
    }
    Narrator narrator = new Narrator(out);
    narrator.banner("Banata Vault for JDBC — quickstart");
    try {
      // Checked before anything starts: missing or shorter than 32 characters fails here, with a message
      // that names the variable (never the value).
      MasterSecretSources.environment(KeySettings.DEFAULT).load();
      out.println("master secret: " + DemoSecret.VARIABLE + " (set; the secret itself is never printed)");
    } catch (RuntimeException e) {
      out.println("quickstart: " + e.getMessage()
          + " (the quickstart generates a throwaway secret only for its embedded database; set it to run with --url)");
      return STEP_FAILED;
    }
    try {
      narrator.step(options.url().isPresent() ? "Connect to PostgreSQL" : "Start an embedded PostgreSQL (no Docker, no installed server)");
      try (QuickstartDatabase database = options.url().isPresent()
          ? QuickstartDatabase.server(options.url().get(), options.user(), options.password())
          : QuickstartDatabase.embedded()) {
        narrator.say(database.describe());
        narrator.check(database.schema().equals(database.currentSchema()),
            "connected; working in the fresh schema " + database.schema() + " (dropped at the end)");
        new QuickstartFlow(database, narrator).run();
      }
    } catch (StepFailed e) {
      out.println();
      out.println("FAILED: " + e.getMessage());
      return STEP_FAILED;
    } catch (Exception e) {
      out.println();
      out.println("FAILED in step " + narrator.steps() + ": " + e);
      e.printStackTrace(out);
      return STEP_FAILED;
    }
    out.println();
    out.println("All " + narrator.steps() + " steps behaved as shown (" + narrator.checks() + " checks passed). "
        + "Schema dropped" + (options.url().isPresent() ? "." : ", embedded PostgreSQL stopped."));
    return OK;
  }
}
