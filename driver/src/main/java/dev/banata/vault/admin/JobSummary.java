package dev.banata.vault.admin;

import dev.banata.vault.internal.rewrite.FailureLog;
import dev.banata.vault.internal.rewrite.RewriteJob;
import java.io.PrintStream;
import java.util.Locale;

/** Prints what a writing job did and decides its exit code. */
final class JobSummary {

  private static final int LISTED_FAILURES = 20;

  private JobSummary() {}

  /**
   * Prints the outcome; the exit code is {@link ExitCode#FAILURES_FOUND} when values could not be
   * processed, {@link ExitCode#INCOMPLETE} when rows remain, {@link ExitCode#DONE} otherwise.
   */
  static int finish(Invocation invocation, String job, RewriteJob.Report report, FailureLog failures, boolean complete) {
    PrintStream out = invocation.out();
    for (RewriteJob.TableOutcome table : report.tables()) {
      out.println(String.format(Locale.ROOT, "%s %s: %s", job, table.table(),
          table.skipped() ? "already done"
              : String.format(Locale.ROOT, "%,d rows rewritten, %,d newer application writes kept, %d sweep(s), %s", table.rewritten(),
                  table.conflicts(), table.sweeps(), table.clean() ? "none left" : "ROWS REMAIN")));
    }
    if (!failures.isEmpty()) {
      invocation.err().println(String.format(Locale.ROOT, "%s: %,d values could not be processed and were left as they are:", job, failures.count()));
      failures.kept().stream().limit(LISTED_FAILURES).forEach(failure -> invocation.err().println("  " + failure));
      if (failures.count() > LISTED_FAILURES) {
        invocation.err().println("  ... (vault-admin verify lists them all)");
      }
      throw new AdminFailure(ExitCode.FAILURES_FOUND, failures.count() + " values could not be processed (listed above); the rest is done");
    }
    if (!complete) {
      throw new AdminFailure(ExitCode.INCOMPLETE, "rows remain after the sweeps (application writes keep changing them); run " + job + " again to continue");
    }
    out.println(job + ": done");
    return ExitCode.DONE.code();
  }
}
