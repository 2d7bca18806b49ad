package dev.banata.vault.internal.rewrite;

import dev.banata.vault.internal.database.ServerSqlState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Makes writing jobs mutually exclusive per database schema, with a PostgreSQL session advisory
 * lock held on a connection of its own for the duration of the job. The server releases it when
 * that connection ends — also when the process is killed — so a crashed run never blocks the next.
 * Every writing job (rotate, encrypt-existing, decrypt-existing, retire) takes the same lock.
 *
 * <p>The lock session stays idle while the job works on other connections, so it can end on its
 * own ({@code idle_session_timeout}, {@code pg_terminate_backend}, a firewall dropping an idle
 * connection) and let a second run in. The lock is therefore also a {@link Fence}: taking it writes
 * a token of the run and its lock session's pid into the one row of {@code vault_admin_lock}, and
 * every write of the job first reads that row {@code FOR SHARE} in the write's own transaction and
 * checks that the token is still its own and that its lock session still holds the advisory lock.
 * A run that took the lock over has to update the row first, which waits for every batch of the old
 * run in flight to commit; after that, every check of the old run fails, and it stops with
 * {@link RewriteFailure.Reason#LOCKED} (or {@link RewriteFailure.Reason#DATABASE} when the lock
 * session's own connection failed: a network cut). So two runs never write at once, and a run whose
 * lock session ended stops at its next write even when no other run came.
 *
 * <p>The processes of a sharded job ({@code --shard K/N}, {@link #acquireShard}) hold the schema's
 * lock <em>shared</em> — they exclude every other job, and a run without {@code --shard}, but not
 * each other — and each also holds its shard's own lock exclusively, with its own token row in
 * {@code vault_admin_shard_lock}: the same fence per shard, so two processes of one shard never
 * write at once. Their batches also read the schema's row {@code FOR SHARE}, holding the mark of the
 * sharded job, so a later job taking the schema's lock waits for their batches and ends their fence.
 */
public final class JobLock implements Fence, AutoCloseable {

  // "bana" as an int: the lock's class; the second half is the schema, so schemas do not contend.
  private static final int LOCK_CLASS = 1650552417;
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", hashtext(current_schema()))";
  private static final String CREATE = """
      CREATE TABLE IF NOT EXISTS vault_admin_lock (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        holder text NOT NULL,
        pid integer NOT NULL,
        job text NOT NULL,
        taken_at timestamptz NOT NULL DEFAULT now())""";
  private static final String TAKE = """
      INSERT INTO vault_admin_lock (holder, pid, job) VALUES (?, pg_backend_pid(), ?)
      ON CONFLICT (singleton) DO UPDATE SET holder = EXCLUDED.holder, pid = EXCLUDED.pid, job = EXCLUDED.job, taken_at = now()""";
  // The shards' own locks: the same class plus one; the second half hashes schema, job and shard.
  private static final int SHARD_LOCK_CLASS = LOCK_CLASS + 1;
  // Serialises the start of a sharded job (finding or registering the one job all shards share).
  private static final int START_LOCK_CLASS = LOCK_CLASS + 2;
  // Serialises creating the admin tables: CREATE TABLE IF NOT EXISTS run at once by two sessions
  // (shards starting together) fails in one of them on the catalog's unique index.
  private static final int CREATE_LOCK_CLASS = LOCK_CLASS + 3;
  private static final String SHARD_KEY = "hashtext(current_schema() || '/' || ? || '/' || ?)";
  private static final String TRY_SHARD_LOCK = "SELECT pg_try_advisory_lock_shared(" + LOCK_CLASS + ", hashtext(current_schema()))"
      + " AND pg_try_advisory_lock(" + SHARD_LOCK_CLASS + ", " + SHARD_KEY + ")";
  private static final String CREATE_SHARDS = """
      CREATE TABLE IF NOT EXISTS vault_admin_shard_lock (
        job text NOT NULL,
        shard text NOT NULL,
        holder text NOT NULL,
        pid integer NOT NULL,
        taken_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job, shard))""";
  private static final String TAKE_SHARD = """
      INSERT INTO vault_admin_shard_lock (job, shard, holder, pid) VALUES (?, ?, ?, pg_backend_pid())
      ON CONFLICT (job, shard) DO UPDATE SET holder = EXCLUDED.holder, pid = EXCLUDED.pid, taken_at = now()""";
  private static final String SHARD_STILL_HELD = "SELECT l.holder = ? AND s.holder = ? AND EXISTS (SELECT 1 FROM pg_locks p"
      + " WHERE p.locktype = 'advisory' AND p.classid = " + SHARD_LOCK_CLASS + " AND p.objid::bigint = (" + SHARD_KEY + "::bigint & 4294967295)"
      + " AND p.objsubid = 2 AND p.pid = s.pid AND p.granted)"
      + " FROM vault_admin_lock l, vault_admin_shard_lock s WHERE s.job = ? AND s.shard = ? FOR SHARE OF l, s";
  // The shards of another job hold the schema's lock shared too: a shard row of another job whose
  // session still holds that shard's lock.
  private static final String OTHER_SHARDED_JOB = "SELECT s.job FROM vault_admin_shard_lock s WHERE s.job <> ?"
      + " AND EXISTS (SELECT 1 FROM pg_locks p WHERE p.locktype = 'advisory' AND p.classid = " + SHARD_LOCK_CLASS
      + " AND p.objid::bigint = (hashtext(current_schema() || '/' || s.job || '/' || s.shard)::bigint & 4294967295)"
      + " AND p.objsubid = 2 AND p.pid = s.pid AND p.granted) LIMIT 1";
  private static final String STILL_HELD = "SELECT l.holder = ? AND EXISTS (SELECT 1 FROM pg_locks p WHERE p.locktype = 'advisory'"
      + " AND p.classid = " + LOCK_CLASS + " AND p.objsubid = 2 AND p.pid = l.pid AND p.granted) FROM vault_admin_lock l FOR SHARE OF l";

  // Long enough for a healthy server, short enough that a silently dropped connection does not hold up the report.
  private static final int LOCK_CONNECTION_PROBE_MILLIS = 5_000;

  private final Connection connection;
  private final String job;
  private final String token;
  private final Shard shard;

  private JobLock(Connection connection, String job, String token, Shard shard) {
    this.connection = connection;
    this.job = job;
    this.token = token;
    this.shard = shard;
  }

  /** The mark a sharded job keeps in the schema's lock row while its shards run. */
  private static String shardedMark(String job) {
    return "shards of " + job;
  }

  /** Takes the lock on {@code connection} (which it then owns and closes), or fails with {@link RewriteFailure.Reason#LOCKED}. */
  public static JobLock acquire(Connection connection, String job) {
    try (PreparedStatement statement = connection.prepareStatement(TRY_LOCK); ResultSet result = statement.executeQuery()) {
      result.next();
      if (!result.getBoolean(1)) {
        closeQuietly(connection);
        throw new RewriteFailure(RewriteFailure.Reason.LOCKED, "another admin job is running on this schema; " + job + " did not start (it changes nothing until that one ends)");
      }
      String token = UUID.randomUUID().toString();
      try (Statement create = connection.createStatement()) {
        create.execute(CREATE);
      }
      // Waits for any write of a run that held the lock before and is still in flight (see the class comment).
      try (PreparedStatement take = connection.prepareStatement(TAKE)) {
        take.setString(1, token);
        take.setString(2, job);
        take.executeUpdate();
      }
      return new JobLock(connection, job, token, Shard.WHOLE);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new RewriteFailure(RewriteFailure.Reason.DATABASE, "cannot take the admin job lock: " + e.getMessage(), e);
    }
  }

  /**
   * Takes the lock of {@code shard} of {@code job} on {@code connection} (which it then owns and
   * closes), or fails with {@link RewriteFailure.Reason#LOCKED}: while another job, a run of
   * {@code job} without {@code --shard}, or another process of the same shard holds its lock.
   */
  public static JobLock acquireShard(Connection connection, String job, Shard shard) {
    try {
      try (PreparedStatement statement = connection.prepareStatement(TRY_SHARD_LOCK)) {
        statement.setString(1, job);
        statement.setString(2, shard.toString());
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          if (!result.getBoolean(1)) {
            closeQuietly(connection);
            throw new RewriteFailure(RewriteFailure.Reason.LOCKED, "another admin job, or another process of shard " + shard + " of " + job
                + ", is running on this schema; this one did not start (it changes nothing until that one ends)");
          }
        }
      }
      String token = UUID.randomUUID().toString();
      createAlone(connection, CREATE, CREATE_SHARDS);
      try (PreparedStatement other = connection.prepareStatement(OTHER_SHARDED_JOB)) {
        other.setString(1, job);
        try (ResultSet running = other.executeQuery()) {
          if (running.next()) {
            String otherJob = running.getString(1);
            closeQuietly(connection);
            throw new RewriteFailure(RewriteFailure.Reason.LOCKED, "the shards of another admin job (" + otherJob + ") are running on this schema; "
                + job + " did not start (it changes nothing until that one ends)");
          }
        }
      }
      // Both wait for the batches in flight of a run that held the lock before (see the class comment):
      // the schema's row for any earlier job (and, briefly, for the other shards' batches), the shard's
      // row for an earlier process of this shard.
      try (PreparedStatement take = connection.prepareStatement(TAKE)) {
        take.setString(1, shardedMark(job));
        take.setString(2, job);
        take.executeUpdate();
      }
      try (PreparedStatement take = connection.prepareStatement(TAKE_SHARD)) {
        take.setString(1, job);
        take.setString(2, shard.toString());
        take.setString(3, token);
        take.executeUpdate();
      }
      return new JobLock(connection, job, token, shard);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new RewriteFailure(RewriteFailure.Reason.DATABASE, "cannot take the admin job lock: " + e.getMessage(), e);
    }
  }

  /** Runs {@code ddl} (CREATE ... IF NOT EXISTS) in one transaction, one session of the schema at a time. */
  static void createAlone(Connection connection, String... ddl) throws SQLException {
    dev.banata.vault.internal.database.Transaction.run(connection, inTransaction -> {
      try (Statement statement = inTransaction.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK_CLASS + ", hashtext(current_schema()))");
        for (String each : ddl) {
          statement.execute(each);
        }
      }
      return null;
    });
  }

  /**
   * Holds, until closed, the lock under which the processes of a sharded job start one at a time:
   * the first registers the job (and a rotation its key version), the others find it.
   */
  public static StartLock startOfShardedJob(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(" + START_LOCK_CLASS + ", hashtext(current_schema()))");
    }
    return () -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_unlock(" + START_LOCK_CLASS + ", hashtext(current_schema()))");
      }
    };
  }

  /** See {@link #startOfShardedJob}. */
  public interface StartLock extends AutoCloseable {
    @Override
    void close() throws SQLException;
  }

  @Override
  public void check(Connection writing) throws SQLException {
    if (!shard.whole()) {
      checkShard(writing);
      return;
    }
    try (PreparedStatement statement = writing.prepareStatement(STILL_HELD)) {
      statement.setString(1, token);
      try (ResultSet held = statement.executeQuery()) {
        if (held.next() && held.getBoolean(1)) {
          return;
        }
      }
    }
    failIfTheLockConnectionFailed();
    throw new RewriteFailure(RewriteFailure.Reason.LOCKED, job + " lost the admin job lock while it ran (the server ended its lock session:"
        + " idle_session_timeout or pg_terminate_backend; or another run took the lock over): it stopped before writing anything more,"
        + " so that two jobs never write at once; batches already written stay done: run the same command again to continue"
        + " (it exits 7 again while another run holds the lock)");
  }

  /**
   * A lock found gone has two true diagnoses that race when the network cuts every connection of
   * the job at once: a writer that reconnected first finds the lock session gone before any other
   * writer sees the cut. The lock session's own connection tells them apart: a connection failure
   * there (SQLState class 08, a socket error) is the cut, reported as the database interruption it
   * is; a session the server ended answers with the server's reason (57P01, 57P05), and a takeover
   * leaves it healthy.
   */
  private void failIfTheLockConnectionFailed() {
    try {
      connection.setNetworkTimeout(Runnable::run, LOCK_CONNECTION_PROBE_MILLIS);
      try (Statement probe = connection.createStatement()) {
        probe.execute("SELECT 1");
      }
    } catch (SQLException e) {
      if (ServerSqlState.connectionException(e) || e.getCause() instanceof IOException) {
        throw new RewriteFailure(RewriteFailure.Reason.DATABASE, job + " lost the connection that holds its admin job lock: " + e.getMessage(), e);
      }
    }
  }

  private void checkShard(Connection writing) throws SQLException {
    try (PreparedStatement statement = writing.prepareStatement(SHARD_STILL_HELD)) {
      statement.setString(1, shardedMark(job));
      statement.setString(2, token);
      statement.setString(3, job);
      statement.setString(4, shard.toString());
      statement.setString(5, job);
      statement.setString(6, shard.toString());
      try (ResultSet held = statement.executeQuery()) {
        if (held.next() && held.getBoolean(1)) {
          return;
        }
      }
    }
    failIfTheLockConnectionFailed();
    throw new RewriteFailure(RewriteFailure.Reason.LOCKED, "shard " + shard + " of " + job + " lost its admin job lock while it ran (its lock"
        + " session ended, or another process of the shard or another job took the lock over): it stopped before writing anything more;"
        + " batches already written stay done: run the same command (same --shard) again to continue");
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing the session releases the lock; if the close fails the server ends the session anyway.
    }
  }
}
