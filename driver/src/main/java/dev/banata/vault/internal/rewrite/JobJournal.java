package dev.banata.vault.internal.rewrite;

import dev.banata.vault.internal.database.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Where a writing job records how far it got, so that a run started after a crash continues the
 * same job (same target key version) from its checkpoints instead of starting over. Two small
 * tables next to the vault tables, created on first use:
 *
 * <pre>
 * vault_admin_job        (job PK, target_version, started_at, finished_at, replicas, replicas_replayed_at, shards)
 * vault_admin_checkpoint (job, table_name, last_key, done)  PK (job, table_name)
 * </pre>
 *
 * <p>A job run by several processes ({@code --shard K/N}) has one row in {@code vault_admin_job}
 * with {@code shards = N} (NULL for a run without {@code --shard}), shared by all of them — the
 * target version, the start and so the settle moment are the same for every shard — and each shard
 * keeps its checkpoints under its own name ({@link Shard#journalName}).
 *
 * <p>A checkpoint is a key below which every row was processed; it never runs ahead of the work.
 * The journal uses its own connection, guarded for use from several worker threads. Each entry is
 * written in a transaction of its own that first checks the job's {@link Fence}: a run that lost
 * the admin lock cannot move the checkpoints of the run that took it over.
 */
public final class JobJournal implements AutoCloseable {

  /** A job as recorded. {@code targetVersion} is the key version a rotation rewrites to (null for other jobs). */
  public record Job(String name, Integer targetVersion, Instant startedAt, Integer shards) {

    /** The number of processes the job was started for: 1 for a run without {@code --shard}. */
    public int shardCount() {
      return shards == null ? 1 : shards;
    }
  }

  /** A checkpoint that must be done before a job is finished. */
  public record Part(String journalName, String table) {}

  private final Connection connection;
  private final Fence fence;

  private JobJournal(Connection connection, Fence fence) {
    this.connection = connection;
    this.fence = fence;
  }

  /** Opens an unfenced journal on {@code connection}: for a {@link RewriteJob} run without the admin lock (tests). */
  public static JobJournal open(Connection connection) throws SQLException {
    return open(connection, Fence.NONE);
  }

  /**
   * Opens the journal on {@code connection} (which it then owns), creating its tables if needed;
   * every entry, and every batch of a {@link RewriteJob} keeping this journal, is written only while
   * {@code fence} holds.
   */
  public static JobJournal open(Connection connection, Fence fence) throws SQLException {
    // One session at a time (shards start together); the ALTERs give a journal created by an
    // earlier version the columns added since.
    JobLock.createAlone(connection,
        """
          CREATE TABLE IF NOT EXISTS vault_admin_job (
            job text PRIMARY KEY,
            target_version integer,
            started_at timestamptz NOT NULL DEFAULT now(),
            finished_at timestamptz)""",
        """
          CREATE TABLE IF NOT EXISTS vault_admin_checkpoint (
            job text NOT NULL,
            table_name text NOT NULL,
            last_key text,
            done boolean NOT NULL DEFAULT false,
            PRIMARY KEY (job, table_name))""",
        "ALTER TABLE vault_admin_job ADD COLUMN IF NOT EXISTS replicas text, ADD COLUMN IF NOT EXISTS replicas_replayed_at timestamptz",
        "ALTER TABLE vault_admin_job ADD COLUMN IF NOT EXISTS shards integer");
    return new JobJournal(connection, fence);
  }

  /** The fence every write of the job checks first. */
  Fence fence() {
    return fence;
  }

  /**
   * Checks the fence on its own, for work that writes through code of its own (the rotation of
   * {@code vault_secret}): the job stops there if it has already lost the lock.
   */
  public synchronized void checkFence() throws SQLException {
    Transaction.run(connection, inTransaction -> {
      fence.check(inTransaction);
      return null;
    });
  }

  /** The names of jobs that started and did not finish; empty when the journal does not exist. Read-only. */
  public static java.util.List<String> unfinishedJobs(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet exists = statement.executeQuery("SELECT to_regclass('vault_admin_job') IS NOT NULL")) {
      exists.next();
      if (!exists.getBoolean(1)) {
        return java.util.List.of();
      }
    }
    java.util.List<String> jobs = new java.util.ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT job FROM vault_admin_job WHERE finished_at IS NULL ORDER BY job")) {
      while (rows.next()) {
        jobs.add(rows.getString(1));
      }
    }
    return jobs;
  }

  /** The job of that name that started and did not finish, if any. */
  public synchronized Optional<Job> unfinished(String job) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT target_version, started_at, shards FROM vault_admin_job WHERE job = ? AND finished_at IS NULL")) {
      statement.setString(1, job);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        int version = row.getInt(1);
        Integer target = row.wasNull() ? null : version;
        Instant started = row.getTimestamp(2).toInstant();
        int shards = row.getInt(3);
        return Optional.of(new Job(job, target, started, row.wasNull() ? null : shards));
      }
    }
  }

  /** Decides a new run's target key version inside the journal's transaction (e.g. by registering it). */
  public interface TargetVersion {
    Integer choose(Connection connection) throws SQLException;
  }

  /** Records the start of a new run of {@code job} (no target version), forgetting the checkpoints of the previous one. */
  public synchronized Job begin(String job) throws SQLException {
    return begin(job, 1, connection -> null);
  }

  /**
   * Records the start of a new run of {@code job} whose target is chosen by {@code target} in the
   * same transaction: a rotation registers its new key version and records the job atomically, so
   * a crash leaves either both or neither.
   */
  public synchronized Job begin(String job, TargetVersion target) throws SQLException {
    return begin(job, 1, target);
  }

  /** As {@link #begin(String, TargetVersion)}, for a job shared by {@code shards} processes ({@code --shard K/N}; 1: none). */
  public synchronized Job begin(String job, int shards, TargetVersion target) throws SQLException {
    Transaction.run(connection, inTransaction -> {
      fence.check(inTransaction);
      Integer targetVersion = target.choose(inTransaction);
      // Also the checkpoints of every shard of an earlier run (job names are ours: no LIKE wildcard in them).
      try (PreparedStatement statement = inTransaction.prepareStatement(
          "DELETE FROM vault_admin_checkpoint WHERE job = ? OR job LIKE ? || '/shard %'")) {
        statement.setString(1, job);
        statement.setString(2, job);
        statement.executeUpdate();
      }
      try (PreparedStatement statement = inTransaction.prepareStatement("""
          INSERT INTO vault_admin_job (job, target_version, started_at, finished_at, shards) VALUES (?, ?, now(), NULL, ?)
          ON CONFLICT (job) DO UPDATE SET target_version = EXCLUDED.target_version, started_at = now(), finished_at = NULL,
            replicas = NULL, replicas_replayed_at = NULL, shards = EXCLUDED.shards""")) {
        statement.setString(1, job);
        if (targetVersion == null) {
          statement.setNull(2, java.sql.Types.INTEGER);
        } else {
          statement.setInt(2, targetVersion);
        }
        if (shards == 1) {
          statement.setNull(3, java.sql.Types.INTEGER);
        } else {
          statement.setInt(3, shards);
        }
        statement.executeUpdate();
      }
      return targetVersion;
    });
    return unfinished(job).orElseThrow();
  }

  /**
   * The moment an earlier run of the unfinished {@code job} saw {@code replicas} (the same set,
   * as {@link #recordReplay} was given it) replay its start; empty when none did.
   */
  public synchronized Optional<Instant> replayed(String job, String replicas) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT replicas_replayed_at FROM vault_admin_job WHERE job = ? AND finished_at IS NULL AND replicas = ?")) {
      statement.setString(1, job);
      statement.setString(2, replicas);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() && row.getTimestamp(1) != null ? Optional.of(row.getTimestamp(1).toInstant()) : Optional.empty();
      }
    }
  }

  /** Records that every one of {@code replicas} had replayed the start of {@code job} at {@code at}. */
  public synchronized void recordReplay(String job, String replicas, Instant at) throws SQLException {
    Transaction.run(connection, inTransaction -> {
      fence.check(inTransaction);
      try (PreparedStatement statement = inTransaction.prepareStatement(
          "UPDATE vault_admin_job SET replicas = ?, replicas_replayed_at = ? WHERE job = ? AND finished_at IS NULL")) {
        statement.setString(1, replicas);
        statement.setTimestamp(2, java.sql.Timestamp.from(at));
        statement.setString(3, job);
        return statement.executeUpdate();
      }
    });
  }

  /** The key after which {@code table} continues, empty when it starts from its first row. */
  synchronized Optional<String> checkpoint(String job, String table) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT last_key FROM vault_admin_checkpoint WHERE job = ? AND table_name = ?")) {
      statement.setString(1, job);
      statement.setString(2, table);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
      }
    }
  }

  public synchronized boolean done(String job, String table) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT done FROM vault_admin_checkpoint WHERE job = ? AND table_name = ?")) {
      statement.setString(1, job);
      statement.setString(2, table);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }

  /** Moves the checkpoint of {@code table}; {@code lastKey} null restarts the table from its first row. */
  synchronized void save(String job, String table, String lastKey) {
    upsert(job, table, lastKey, false);
  }

  public synchronized void markDone(String job, String table) {
    upsert(job, table, null, true);
  }

  /** Marks the job finished when every one of {@code tables} is done; returns whether it did. */
  public synchronized boolean finishIfComplete(String job, Collection<String> tables) throws SQLException {
    return finishIfComplete(job, tables.stream().map(table -> new Part(job, table)).toList());
  }

  /**
   * Marks the job finished when every one of {@code parts} is done (for a sharded job: every table of
   * every shard); returns whether it did. The shard that finishes last marks it.
   */
  public synchronized boolean finishIfComplete(String job, java.util.List<Part> parts) throws SQLException {
    for (Part part : parts) {
      if (!done(part.journalName(), part.table())) {
        return false;
      }
    }
    Transaction.run(connection, inTransaction -> {
      fence.check(inTransaction);
      try (PreparedStatement statement = inTransaction.prepareStatement("UPDATE vault_admin_job SET finished_at = now() WHERE job = ?")) {
        statement.setString(1, job);
        return statement.executeUpdate();
      }
    });
    return true;
  }

  private void upsert(String job, String table, String lastKey, boolean done) {
    try {
      Transaction.run(connection, inTransaction -> {
        fence.check(inTransaction);
        try (PreparedStatement statement = inTransaction.prepareStatement("""
            INSERT INTO vault_admin_checkpoint (job, table_name, last_key, done) VALUES (?, ?, ?, ?)
            ON CONFLICT (job, table_name) DO UPDATE SET last_key = EXCLUDED.last_key, done = EXCLUDED.done""")) {
          statement.setString(1, job);
          statement.setString(2, table);
          statement.setString(3, lastKey);
          statement.setBoolean(4, done);
          return statement.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new RewriteFailure(RewriteFailure.Reason.DATABASE, "cannot record the progress of " + job + " on table " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
