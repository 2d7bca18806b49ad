package dev.banata.vault.admin;

import dev.banata.vault.internal.rewrite.JobJournal;
import dev.banata.vault.internal.rewrite.JobLock;
import dev.banata.vault.internal.rewrite.Shard;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a writing job does differently when several processes share it ({@code --shard K/N}). */
final class SharedJob {

  private SharedJob() {}

  /** The job lock of this process: the schema's, or for a shard its shard's (see {@link JobLock}). */
  static JobLock lock(Session session, String job, Shard shard) {
    return shard.whole() ? JobLock.acquire(session.connect(), job) : JobLock.acquireShard(session.connect(), job, shard);
  }

  /** Refuses to continue {@code unfinished} with a different number of processes than it was started for. */
  static void checkSameShardCount(JobJournal.Job unfinished, Shard shard, String what) {
    int started = unfinished.shardCount();
    if (started == shard.count()) {
      return;
    }
    String how = started == 1 ? "was started without --shard: continue it without --shard"
        : "is shared by " + started + " processes: continue it with --shard K/" + started + " in each (K = 1.." + started + ")";
    String given = shard.whole() ? "this run has no --shard" : "this run says --shard " + shard;
    throw new AdminFailure(ExitCode.USAGE, what + " started at " + unfinished.startedAt() + " " + how + "; " + given
        + ", so it did not start (nothing was changed). A job changes its number of processes only once it is finished");
  }

  /** The checkpoints that must all be done before {@code job} is finished: every table of every shard. */
  static List<JobJournal.Part> parts(String job, Shard shard, Collection<String> tables) {
    List<JobJournal.Part> parts = new ArrayList<>();
    for (int index = 1; index <= shard.count(); index++) {
      String name = shard.whole() ? job : new Shard(index, shard.count()).journalName(job);
      tables.forEach(table -> parts.add(new JobJournal.Part(name, table)));
    }
    return parts;
  }

  /** Runs {@code start} alone among the processes of a sharded job (the first registers the job, the others find it). */
  static <T> T startAlone(Session session, Shard shard, Start<T> start) throws java.sql.SQLException {
    if (shard.whole()) {
      return start.run();
    }
    try (Connection connection = session.connect(); JobLock.StartLock alone = JobLock.startOfShardedJob(connection)) {
      return start.run();
    }
  }

  interface Start<T> {
    T run() throws java.sql.SQLException;
  }
}
