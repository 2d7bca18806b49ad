package dev.banata.vault.samples.quickstart;

/** A step of the quickstart did not behave as the quickstart says it does. */
final class StepFailed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  StepFailed(int step, String claim) {
    super("step " + step + " did not behave as shown: expected " + claim);
  }

  StepFailed(int step, String claim, Throwable cause) {
    super("step " + step + " did not behave as shown: expected " + claim + " (" + cause + ")", cause);
  }
}
