package dev.banata.vault.internal.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The values a job could not process, by table, key and column, with a fixed reason — never the
 * value. Keeps the first {@value #KEPT} for the report and counts all of them.
 */
public final class FailureLog {

  static final int KEPT = 1000;

  /** One value that failed. */
  public record Failure(String table, String key, String column, String reason) {
    @Override
    public String toString() {
      return table + " " + key + " " + column + ": " + reason;
    }
  }

  private final List<Failure> kept = new ArrayList<>();
  private final AtomicLong count = new AtomicLong();

  public void add(String table, String key, String column, String reason) {
    count.incrementAndGet();
    synchronized (kept) {
      if (kept.size() < KEPT) {
        kept.add(new Failure(table, key, column, reason));
      }
    }
  }

  /** Adds every failure {@code other} holds (kept ones while there is room, all of them to the count). */
  public void addAll(FailureLog other) {
    count.addAndGet(other.count());
    List<Failure> theirs = other.kept();
    synchronized (kept) {
      for (Failure failure : theirs) {
        if (kept.size() >= KEPT) {
          break;
        }
        kept.add(failure);
      }
    }
  }

  public long count() {
    return count.get();
  }

  public List<Failure> kept() {
    synchronized (kept) {
      return List.copyOf(kept);
    }
  }

  public boolean isEmpty() {
    return count.get() == 0;
  }
}
