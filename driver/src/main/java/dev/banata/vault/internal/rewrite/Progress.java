package dev.banata.vault.internal.rewrite;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Shows how far a long job is: rows done of the total, the rate and the time left. On a terminal
 * one line is redrawn in place; otherwise (logs, CI) one line is printed per interval, so a log
 * shows the job advancing without flooding. Writes to stderr so that stdout stays machine-readable.
 * Thread-safe: workers call {@link Task#advance} concurrently.
 */
public final class Progress {

  private final PrintStream stream;
  private final boolean redraw;
  private final long intervalNanos;
  private final LongSupplier nanoTime;

  public Progress(PrintStream stream, boolean redraw, Duration interval, LongSupplier nanoTime) {
    this.stream = stream;
    this.redraw = redraw;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Progress that prints nothing (for --json and for tests that do not look at it). */
  public static Progress silent() {
    return new Progress(new PrintStream(PrintStream.nullOutputStream()), false, Duration.ofDays(1), System::nanoTime);
  }

  /** Prints one message line; on a terminal it replaces the progress line being redrawn, which the next update draws again below it. */
  public synchronized void say(String message) {
    stream.println(redraw ? "\r\u001b[K" + message : message);
  }

  /** Starts a task of {@code total} rows ({@code -1} when unknown). */
  public Task start(String label, long total) {
    return new Task(label, total);
  }

  /** One table or pass being worked through. */
  public final class Task {

    private final String label;
    private final long total;
    private final long startedAt;
    private final AtomicLong done = new AtomicLong();
    private volatile long lastShownAt;
    private boolean finished;

    private Task(String label, long total) {
      this.label = label;
      this.total = total;
      this.startedAt = nanoTime.getAsLong();
      this.lastShownAt = startedAt;
    }

    public void advance(long rows) {
      long now = nanoTime.getAsLong();
      long count = done.addAndGet(rows);
      if (now - lastShownAt >= intervalNanos) {
        synchronized (Progress.this) {
          if (now - lastShownAt >= intervalNanos && !finished) {
            lastShownAt = now;
            show(count, now, false);
          }
        }
      }
    }

    public long done() {
      return done.get();
    }

    /** Prints the final line of the task. */
    public void finish(String outcome) {
      synchronized (Progress.this) {
        finished = true;
        show(done.get(), nanoTime.getAsLong(), true);
        if (outcome != null && !outcome.isEmpty()) {
          stream.println("  " + outcome);
        }
      }
    }

    private void show(long count, long now, boolean last) {
      String line = describe(count, now - startedAt, last);
      if (redraw) {
        stream.print("\r" + line + "\u001b[K");
        if (last) {
          stream.println();
        }
      } else {
        stream.println(line);
      }
      stream.flush();
    }

    String describe(long count, long elapsedNanos, boolean last) {
      double seconds = Math.max(elapsedNanos, 1) / 1e9;
      double rate = count / seconds;
      StringBuilder line = new StringBuilder(label).append(": ");
      line.append(String.format(Locale.ROOT, "%,d", count));
      if (total >= 0) {
        line.append(String.format(Locale.ROOT, "/%,d rows (%.1f%%)", total, total == 0 ? 100.0 : 100.0 * Math.min(count, total) / total));
      } else {
        line.append(" rows");
      }
      line.append(String.format(Locale.ROOT, ", %,.0f rows/s", rate));
      if (last) {
        line.append(", took ").append(clock((long) seconds));
      } else if (total >= 0 && rate > 0) {
        line.append(", ETA ").append(clock((long) (Math.max(total - count, 0) / rate)));
      }
      return line.toString();
    }
  }

  static String clock(long seconds) {
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
