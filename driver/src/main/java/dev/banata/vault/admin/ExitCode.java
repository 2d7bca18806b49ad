package dev.banata.vault.admin;

import dev.banata.vault.internal.rewrite.RewriteFailure;

/**
 * The exit codes of the admin command. Scripts may rely on them: they are part of the command's
 * contract and listed in {@code docs/ADMIN.md}.
 */
public enum ExitCode {

  /** Everything asked for is done. */
  DONE(0, "done"),
  /** {@code verify} (or a rewrite) met values that do not decrypt; the report names table, key and column. */
  FAILURES_FOUND(1, "values that do not decrypt were found"),
  /** The command line is wrong (unknown option, missing argument). */
  USAGE(2, "invalid command line"),
  /** The configuration is wrong: unreadable vault.yaml, unknown table or column, no primary key. */
  CONFIG(3, "configuration error"),
  /** The database cannot be reached, or refused the login. */
  DATABASE(4, "database unreachable or login refused"),
  /** A master secret is missing, too short, or does not decrypt existing data. */
  SECRET(5, "master secret missing or wrong"),
  /** The command refused to act because acting would do harm (retire a version in use, write plaintext without confirmation). */
  REFUSED(6, "refused to do harm"),
  /** Another run of a writing job holds the lock, or this run lost it mid-job and stopped before writing more. */
  LOCKED(7, "another admin job is running"),
  /** The job stopped before every row was done (sweeps exhausted); starting it again continues. */
  INCOMPLETE(8, "incomplete; run again to continue"),
  /**
   * The database refused the job's writes because it cannot take any: it is read-only (a standby,
   * {@code default_transaction_read_only}) or out of disk space. Batches already written stay done;
   * once the server takes writes again the same command continues.
   */
  UNWRITABLE(9, "the database cannot take writes (read-only or out of disk space); fix that, then run again to continue"),
  /** An unexpected error: a bug, or a database error during the work. Run with --verbose for the stack trace. */
  INTERNAL(70, "unexpected error");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The exit code for a failure of the rewrite engine. */
  static ExitCode of(RewriteFailure.Reason reason) {
    return switch (reason) {
      case CONFIG -> CONFIG;
      case DATABASE -> DATABASE;
      case SECRET -> SECRET;
      case LOCKED -> LOCKED;
      case INCOMPLETE -> INCOMPLETE;
    };
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
