package dev.banata.vault.internal.rewrite;

import java.util.Objects;

/**
 * Ends an online rewrite (or one of its checks) with a one-line reason. The reason names tables,
 * columns, key versions and environment variable names — never a value or a secret. The admin
 * command turns {@link #reason()} into its exit code.
 */
public final class RewriteFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of thing is wrong: what a person has to fix before running the job again. */
  public enum Reason {
    /** The configuration does not match the database (unknown table or column, no usable primary key). */
    CONFIG,
    /** The database could not be read or written. */
    DATABASE,
    /** A master secret is missing or does not decrypt existing data. */
    SECRET,
    /** Another admin job holds the lock. */
    LOCKED,
    /** The job stopped before every row was done; running it again continues. */
    INCOMPLETE
  }

  private final Reason reason;

  public RewriteFailure(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public RewriteFailure(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
