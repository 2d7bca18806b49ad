package dev.banata.vault.admin;

import dev.banata.vault.internal.rewrite.Shard;
import picocli.CommandLine.Option;

/** {@code --shard K/N}: this process rewrites part K of N of every table; N processes share the job. */
final class ShardOption {

  @Option(names = "--shard", paramLabel = "K/N",
      description = "Share the job with other processes (other machines): this one rewrites the rows whose key hashes into part K of N"
          + " (1 <= K <= N <= " + Shard.MAX_COUNT + "). Start the N processes, in any order, with the same command and each its own K;"
          + " killed, a process continues its part when started again with the same K/N. The first to start registers the job"
          + " (rotate: the key version), every one waits the same settle time, the last to finish marks the job done."
          + " A job started with another N, or without --shard, is refused until it is finished. Default: the whole table (1/1).")
  String shard;

  Shard parsed() {
    if (shard == null) {
      return Shard.WHOLE;
    }
    try {
      return Shard.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new AdminFailure(ExitCode.USAGE, e.getMessage());
    }
  }
}
