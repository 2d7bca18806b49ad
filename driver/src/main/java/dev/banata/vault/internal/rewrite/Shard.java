package dev.banata.vault.internal.rewrite;

/**
 * The part of every table one admin process rewrites when several share a job ({@code --shard K/N}):
 * the rows whose key hashes into bucket {@code K} of {@code N}. The hash is PostgreSQL's
 * {@code hashtext} of the key's text form, so every process (and the server) agrees on it, a row
 * belongs to exactly one shard, and the shards together cover the table. {@link #WHOLE} ({@code 1/1})
 * is a run without {@code --shard}: every row, and the job's own journal entries.
 */
public record Shard(int index, int count) {

  /** The whole table: a run without {@code --shard}. */
  public static final Shard WHOLE = new Shard(1, 1);

  /** A job split in more parts would spend more on every process's full index scan than it gains. */
  public static final int MAX_COUNT = 64;

  public Shard {
    if (count < 1 || count > MAX_COUNT || index < 1 || index > count) {
      throw new IllegalArgumentException("a shard is K/N with 1 <= K <= N <= " + MAX_COUNT);
    }
  }

  /** Parses {@code K/N}; throws {@link IllegalArgumentException} with the reason. */
  public static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("--shard is K/N (this process's part K of N, e.g. 2/4), not '" + text + "'");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--shard is K/N (this process's part K of N, e.g. 2/4), not '" + text + "'");
    }
  }

  public boolean whole() {
    return count == 1;
  }

  /**
   * The SQL condition that keeps this shard's rows ({@code ""} for the whole table), to append after
   * a WHERE clause. {@code hashtext} is a signed int4: shifted to 0..2^32-1 before the modulo, as
   * {@code abs} would overflow on its minimum.
   */
  String sqlCondition(String keySql) {
    if (whole()) {
      return "";
    }
    return " AND (hashtext(CAST(" + keySql + " AS text))::bigint + 2147483648) % " + count + " = " + (index - 1);
  }

  /** The name of this shard's checkpoints in the journal: the job's own name for the whole table. */
  public String journalName(String job) {
    return whole() ? job : job + "/shard " + index + " of " + count;
  }

  @Override
  public String toString() {
    return whole() ? "whole" : index + "/" + count;
  }
}
