package dev.banata.vault.samples.quickstart;

import java.io.PrintStream;

/**
 * The quickstart's voice: numbered steps, the SQL it runs, what it sees, and one {@code ok:} line per
 * claim it has checked. A claim that does not hold ends the run with {@link StepFailed}.
 */
final class Narrator {

  private static final String INDENT = "    ";

  private final PrintStream out;
  private int step;
  private int checks;

  Narrator(PrintStream out) {
    this.out = out;
  }

  void banner(String line) {
    out.println(line);
    out.println("=".repeat(line.length()));
  }

  void step(String title) {
    step++;
    out.println();
    out.printf("%2d. %s%n", step, title);
  }

  void say(String line) {
    out.println(INDENT + line);
  }

  void sql(String sql) {
    say("SQL> " + sql);
  }

  /** Prints a block of text (an admin command's output) indented under the current step. */
  void block(String text) {
    text.lines().forEach(line -> out.println(INDENT + "| " + line));
  }

  /** States a claim about the current step; throws when it does not hold. */
  void check(boolean holds, String claim) {
    if (!holds) {
      throw new StepFailed(step, claim);
    }
    checks++;
    say("ok: " + claim);
  }

  int steps() {
    return step;
  }

  int checks() {
    return checks;
  }

  PrintStream out() {
    return out;
  }
}
