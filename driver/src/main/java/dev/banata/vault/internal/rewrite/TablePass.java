package dev.banata.vault.internal.rewrite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One pass over one table: reads it in key order batch by batch, lets the {@link ValueRewrite}
 * decide each value, and writes each batch's changes with one compare-and-set statement. A reader
 * feeds {@code parallel} writers through a bounded hand-off, so at most {@code 2 × parallel + 1}
 * batches are in memory. The checkpoint only moves past a batch once it and every batch before it
 * are written, so a run killed at any moment resumes without skipping a row.
 */
public final class TablePass {

  /**
   * What a pass saw and did. {@code pending} counts rows that needed a change: rewritten + conflicts
   * (lost to an application write) + blocked (refused by a unique index, reported in the failures).
   */
  public record Result(long scanned, long pending, long rewritten, long conflicts, long blocked) {

    /** True when the pass found nothing left that another pass could change: blocked rows wait for a person. */
    boolean clean() {
      return pending == blocked;
    }
  }

  private final JobConnections connections;
  private final boolean ownConnections;
  private final ValueRewrite onlyToChange;
  private final TableTarget table;
  private final ValueRewrite rewrite;
  private final int batchSize;
  private final int parallel;
  private final boolean write;
  private final FailureLog failures;
  private final Consumer<String> checkpoint;
  private final Progress.Task task;
  private final Fence fence;
  private final Shard shard;
  private UniqueIndexes uniqueIndexes;

  /** A pass that writes nothing ({@code verify}, counting). */
  public TablePass(Supplier<Connection> connections, TableTarget table, ValueRewrite rewrite, int batchSize, int parallel,
      FailureLog failures, Progress.Task task) {
    this(new JobConnections(connections), true, table, rewrite, batchSize, parallel, false, Fence.NONE, failures, key -> { }, task, Shard.WHOLE, false);
  }

  /**
   * A writing pass of a {@link RewriteJob} over the rows of {@code shard}: each batch's changes are
   * written in a transaction that checks {@code fence} first. It runs on {@code connections}, which
   * the job shares between its passes; with {@code onlyToChange} it reads only the rows with a value the rewrite might change
   * ({@link ValueRewrite#leftAloneSql}, the sweeps).
   */
  TablePass(JobConnections connections, TableTarget table, ValueRewrite rewrite, int batchSize, int parallel, Fence fence, FailureLog failures,
      Consumer<String> checkpoint, Progress.Task task, Shard shard, boolean onlyToChange) {
    this(connections, false, table, rewrite, batchSize, parallel, true, fence, failures, checkpoint, task, shard, onlyToChange);
  }

  private TablePass(JobConnections connections, boolean ownConnections, TableTarget table, ValueRewrite rewrite, int batchSize, int parallel,
      boolean write, Fence fence, FailureLog failures, Consumer<String> checkpoint, Progress.Task task, Shard shard, boolean onlyToChange) {
    this.connections = connections;
    this.ownConnections = ownConnections;
    this.onlyToChange = onlyToChange ? rewrite : null;
    this.table = table;
    this.rewrite = rewrite;
    this.batchSize = batchSize;
    this.parallel = parallel;
    this.write = write;
    this.failures = failures;
    this.checkpoint = checkpoint;
    this.task = task;
    this.fence = fence;
    this.shard = shard;
  }

  /** Runs from just after {@code startKey} (null: the first row) to the end of the table. */
  public Result run(String startKey) throws SQLException {
    KeysetReader reader = new KeysetReader(table, batchSize, shard, onlyToChange);
    CompareAndSetWriter writer = new CompareAndSetWriter(table, fence);
    Counters counters = new Counters();
    Watermark watermark = new Watermark(checkpoint);
    List<Connection> opened = new ArrayList<>();
    ThreadLocal<Connection> workerConnection = ThreadLocal.withInitial(() -> {
      Connection connection = connections.take();
      synchronized (opened) {
        opened.add(connection);
      }
      return connection;
    });
    ExecutorService workers = Executors.newFixedThreadPool(parallel, runnable -> {
      Thread thread = new Thread(runnable, "vault-admin-" + table.name());
      thread.setDaemon(true);
      return thread;
    });
    Semaphore inFlight = new Semaphore(parallel * 2);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Future<?>> submitted = new ArrayList<>();
    // Closed quietly, not by try-with-resources: when a worker failed because the connection to the
    // server was lost, closing the reader's (equally lost) connection throws too, and that error —
    // "Unable to close connection properly" — would hide the worker's, which says what happened.
    Connection readerConnection = connections.take();
    boolean reusable = false;
    try {
      String after = startKey;
      for (long sequence = 0; failure.get() == null; sequence++) {
        List<StoredRow> rows = reader.next(readerConnection, after);
        if (rows.isEmpty()) {
          break;
        }
        after = rows.get(rows.size() - 1).key();
        long batch = sequence;
        String lastKey = after;
        acquire(inFlight);
        submitted.add(workers.submit(() -> {
          try {
            process(workerConnection.get(), writer, rows, counters);
            watermark.completed(batch, lastKey);
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          } finally {
            inFlight.release();
          }
        }));
        submitted.removeIf(Future::isDone);
      }
      for (Future<?> each : submitted) {
        await(each);
      }
      // Every task has ended: no worker uses its connection any more.
      reusable = failure.get() == null;
    } finally {
      workers.shutdownNow();
      synchronized (opened) {
        for (Connection connection : opened) {
          connections.release(connection, reusable);
        }
      }
      connections.release(readerConnection, reusable);
      if (ownConnections) {
        connections.close();
      }
    }
    Throwable first = failure.get();
    if (first instanceof SQLException sql) {
      throw sql;
    }
    if (first instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
    watermark.flush();
    return new Result(counters.scanned.get(), counters.pending.get(), counters.rewritten.get(), counters.conflicts.get(), counters.blocked.get());
  }

  private void process(Connection connection, CompareAndSetWriter writer, List<StoredRow> rows, Counters counters) throws SQLException {
    List<RowChange> changes = new ArrayList<>();
    int width = table.columns().size();
    for (StoredRow row : rows) {
      Object[] next = null;
      // Only the columns that change are sent: an unchanged value may be plaintext (a value
      // encrypt-existing could not read, or one rotate leaves to encrypt-existing).
      for (int i = 0; i < width; i++) {
        Object stored = row.values()[i];
        if (stored == null) {
          continue;
        }
        ColumnTarget column = table.columns().get(i);
        try {
          Object replacement = rewrite.rewrite(column, stored);
          if (replacement != null) {
            if (next == null) {
              next = new Object[width];
            }
            next[i] = replacement;
          }
        } catch (UnreadableValue e) {
          failures.add(table.name(), row.key(), column.column().column().name(), e.getMessage());
        }
      }
      if (next != null) {
        changes.add(new RowChange(row.key(), row.version(), next));
      }
    }
    counters.scanned.addAndGet(rows.size());
    counters.pending.addAndGet(changes.size());
    if (write && !changes.isEmpty()) {
      AtomicLong blocked = new AtomicLong();
      int updated = writer.write(connection, changes, (on, change, constraint) -> {
        blocked.incrementAndGet();
        reportRefused(on, change, constraint);
      });
      counters.rewritten.addAndGet(updated);
      counters.blocked.addAndGet(blocked.get());
      counters.conflicts.addAndGet(changes.size() - updated - blocked.get());
    }
    task.advance(rows.size());
  }

  /**
   * Lists a row a unique index refused, with the rows that already hold the value — by key and
   * constraint, never the value — so that a person can decide which row is right.
   */
  private void reportRefused(Connection connection, RowChange change, String constraint) throws SQLException {
    UniqueIndexes indexes;
    synchronized (this) {
      if (uniqueIndexes == null) {
        uniqueIndexes = UniqueIndexes.of(connection, table);
      }
      indexes = uniqueIndexes;
    }
    Optional<UniqueIndexes.UniqueIndex> index = indexes.named(constraint);
    List<String> others = index.isPresent() ? indexes.collidingRows(connection, index.get(), change) : List.of();
    String columns = index.map(UniqueIndexes.UniqueIndex::encryptedColumns).orElse("(unique index " + constraint + ")");
    failures.add(table.name(), change.key(), columns, "not rewritten: unique " + index.map(UniqueIndexes.UniqueIndex::describe).orElse("index " + constraint)
        + " refuses the new value, which " + (others.isEmpty() ? "another row" : (others.size() == 1 ? "row " : "rows ") + String.join(", ", others))
        + " already holds: two rows got one value while it had two forms (two key versions, or plaintext and ciphertext);"
        + " keep one of the rows, then run the same command again");
  }

  private static void acquire(Semaphore semaphore) {
    try {
      semaphore.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RewriteFailure(RewriteFailure.Reason.INCOMPLETE, "interrupted; run again to continue");
    }
  }

  private static void await(Future<?> future) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RewriteFailure(RewriteFailure.Reason.INCOMPLETE, "interrupted; run again to continue");
    } catch (ExecutionException e) {
      // The task records its own failure; nothing escapes it.
    }
  }

  private static final class Counters {
    final AtomicLong scanned = new AtomicLong();
    final AtomicLong pending = new AtomicLong();
    final AtomicLong rewritten = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong blocked = new AtomicLong();
  }

  /**
   * The last key before which every batch is written. Batches finish out of order with several
   * writers; the mark only moves over an unbroken run of finished batches, and is saved at most
   * once a second (a stale checkpoint only means re-reading a few batches after a crash).
   */
  private static final class Watermark {

    private final Consumer<String> sink;
    private final TreeMap<Long, String> finished = new TreeMap<>();
    private long next;
    private String mark;
    private String saved;
    private long savedAt = System.nanoTime();

    Watermark(Consumer<String> sink) {
      this.sink = sink;
    }

    synchronized void completed(long batch, String lastKey) {
      finished.put(batch, lastKey);
      while (!finished.isEmpty() && finished.firstKey() == next) {
        mark = finished.pollFirstEntry().getValue();
        next++;
      }
      if (System.nanoTime() - savedAt > 1_000_000_000L) {
        flush();
      }
    }

    synchronized void flush() {
      if (mark != null && !mark.equals(saved)) {
        sink.accept(mark);
        saved = mark;
        savedAt = System.nanoTime();
      }
    }
  }
}
