package dev.banata.vault.internal.rewrite;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Checked inside the transaction of every write a job makes (each batch, each journal entry): proves
 * that the job still holds the one-job-per-schema lock, and keeps it from being taken over until
 * that transaction ends. {@link JobLock} is the fence of the admin jobs.
 */
public interface Fence {

  /** No lock to prove: for callers that run a {@link RewriteJob} without the admin command's lock (tests). */
  Fence NONE = connection -> { };

  /**
   * Runs in the write's transaction on {@code connection}, before the write; throws
   * {@link RewriteFailure} ({@link RewriteFailure.Reason#LOCKED}) when the job no longer holds the lock.
   */
  void check(Connection connection) throws SQLException;
}
