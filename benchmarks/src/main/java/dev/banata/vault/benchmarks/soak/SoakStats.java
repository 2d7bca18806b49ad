package dev.banata.vault.benchmarks.soak;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the soak counts: operations and latencies per minute and per kind of operation, errors by
 * class (SQLState and exception type), each either inside the restart window (expected, counted) or
 * outside it (a failure), and wrong answers (a failure). Latencies are of operations that succeeded,
 * from the moment the worker began the operation (not from its scheduled time).
 */
final class SoakStats {

  enum Kind { INSERT, UPDATE, POINT_SELECT, EMAIL_SELECT, SCAN_1000 }

  /** Operations, errors and latencies (microseconds) of one minute or of one kind of operation: a few thousand a minute at a soak's rates. */
  static final class Latencies {
    private long[] micros = new long[4096];
    private int count;
    private long errors;

    synchronized void ok(long latencyMicros) {
      if (count == micros.length) {
        micros = Arrays.copyOf(micros, count * 2);
      }
      micros[count++] = latencyMicros;
    }

    synchronized void error() {
      errors++;
    }

    synchronized long ops() {
      return count + errors;
    }

    synchronized long errors() {
      return errors;
    }

    /** The {@code q}-quantile (0..1) in milliseconds of the successful operations, nearest rank; NaN when none. */
    synchronized double quantileMillis(double q) {
      if (count == 0) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(micros, count);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(q * count) - 1;
      return sorted[Math.max(0, Math.min(count - 1, rank))] / 1000.0;
    }
  }

  private final long startNanos;
  private final Latencies[] minutes;
  private final Latencies[] kinds = new Latencies[Kind.values().length];
  private final Map<String, AtomicLong> errorsInWindow = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> errorsOutsideWindow = new ConcurrentHashMap<>();
  private final Map<String, String> firstErrorByClass = new ConcurrentHashMap<>();
  private final AtomicLong wrongAnswers = new AtomicLong();
  private final ConcurrentLinkedQueue<String> firstWrongAnswers = new ConcurrentLinkedQueue<>();
  private final AtomicLong lateOps = new AtomicLong();
  private final AtomicLong rowsScanned = new AtomicLong();
  /** [start, end] of the restart window in System.nanoTime(); both 0 until the restart begins. */
  private final AtomicLongArray restartWindow = new AtomicLongArray(2);

  SoakStats(long startNanos, int minuteCount) {
    this.startNanos = startNanos;
    this.minutes = new Latencies[minuteCount + 1];
    Arrays.setAll(minutes, i -> new Latencies());
    Arrays.setAll(kinds, i -> new Latencies());
  }

  Latencies minute(int index) {
    return minutes[index];
  }

  Latencies kind(Kind kind) {
    return kinds[kind.ordinal()];
  }

  private Latencies minuteAt(long nanos) {
    return minutes[(int) Math.min(minutes.length - 1, Math.max(0, (nanos - startNanos) / 60_000_000_000L))];
  }

  void ok(Kind kind, long beganNanos) {
    long latency = (System.nanoTime() - beganNanos) / 1000;
    minuteAt(beganNanos).ok(latency);
    kind(kind).ok(latency);
  }

  /** Counts {@code failure}; expected when it happened in the restart window (plus {@code graceNanos} after it). */
  void error(Kind kind, long beganNanos, Exception failure, long graceNanos) {
    minuteAt(beganNanos).error();
    kind(kind).error();
    String type = failure.getClass().getSimpleName();
    String state = failure instanceof SQLException sql ? String.valueOf(sql.getSQLState()) : "-";
    String errorClass = state + " " + type;
    long now = System.nanoTime();
    long windowStart = restartWindow.get(0);
    long windowEnd = restartWindow.get(1);
    boolean expected = windowStart != 0 && now >= windowStart && (windowEnd == 0 || now <= windowEnd + graceNanos);
    (expected ? errorsInWindow : errorsOutsideWindow).computeIfAbsent(errorClass, c -> new AtomicLong()).incrementAndGet();
    // The type and the driver's message only: the vault driver's messages never carry values.
    firstErrorByClass.putIfAbsent(errorClass, String.valueOf(failure.getMessage()).lines().findFirst().orElse(""));
  }

  void wrongAnswer(String what) {
    if (wrongAnswers.incrementAndGet() <= 10) {
      firstWrongAnswers.add(what);
    }
  }

  void late(long ops) {
    lateOps.addAndGet(ops);
  }

  void scanned(long rows) {
    rowsScanned.addAndGet(rows);
  }

  void restartBegins(long nanos) {
    restartWindow.set(0, nanos);
  }

  void restartEnds(long nanos) {
    restartWindow.set(1, nanos);
  }

  long wrongAnswers() {
    return wrongAnswers.get();
  }

  Iterable<String> firstWrongAnswers() {
    return firstWrongAnswers;
  }

  long lateOps() {
    return lateOps.get();
  }

  long rowsScanned() {
    return rowsScanned.get();
  }

  Map<String, Long> errorsInWindow() {
    return sorted(errorsInWindow);
  }

  Map<String, Long> errorsOutsideWindow() {
    return sorted(errorsOutsideWindow);
  }

  String firstMessage(String errorClass) {
    return firstErrorByClass.getOrDefault(errorClass, "");
  }

  private static Map<String, Long> sorted(Map<String, AtomicLong> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
