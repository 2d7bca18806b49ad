package dev.banata.vault.benchmarks.driver;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost per row of the driver ordering rows itself (ORDER BY on an encrypted column, no LIMIT),
 * next to the same rows ordered by the database by a plain key, both through the vault driver and
 * both reading and decrypting the encrypted column of every row:
 * <ul>
 *   <li>(s) {@code SELECT id, email FROM t WHERE id <= ? ORDER BY id}: the server orders;</li>
 *   <li>(c) {@code SELECT id, email FROM t WHERE id <= ? ORDER BY email}: sent without the ORDER BY,
 *       every row read into a scroll-insensitive result, every email decrypted to sort, then visited
 *       in order (and decrypted again when the application reads it).</li>
 * </ul>
 * The two alternate in slices of the measuring thread's CPU time in one JVM (so other processes on a
 * shared machine count for neither); reported: the median over rounds of the client CPU time per
 * row of each and their difference, for several row counts.
 *
 * <pre>BETTER_AUTH_SECRET=benchmark-only-fake-secret-0123456789abcdef \
 *   java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.driver.ClientOrderingCost [rounds] [sliceMillis]</pre>
 */
public final class ClientOrderingCost {

  private static final int[] ROW_COUNTS = {100, 1_000, 10_000};
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ClientOrderingCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 300) * 1_000_000L;
    String table = "ordering_cost";
    try (BenchmarkDatabase database = BenchmarkDatabase.open()) {
      database.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text, email text, ssn text)");
      Path yaml = BenchmarkDatabase.writeVaultYaml(table);
      try (HikariDataSource pool = database.vaultPool(1, yaml); Connection connection = pool.getConnection()) {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, name, email) VALUES (?, ?, ?)")) {
          for (long id = 1; id <= ROW_COUNTS[ROW_COUNTS.length - 1]; id++) {
            insert.setLong(1, id);
            insert.setString(2, "name-" + id);
            // Not in id order: the client sort has real work to do.
            insert.setString(3, "user" + Long.toHexString(id * 0x9E3779B97F4A7C15L) + "@example.com");
            insert.addBatch();
            if (id % 500 == 0) {
              insert.executeBatch();
            }
          }
        }
        database.execute("ANALYZE " + table);
        try (PreparedStatement serverOrdered = connection.prepareStatement("SELECT id, email FROM " + table + " WHERE id <= ? ORDER BY id");
            PreparedStatement clientOrdered = connection.prepareStatement("SELECT id, email FROM " + table + " WHERE id <= ? ORDER BY email")) {
          System.out.printf(Locale.ROOT, "paired slices: %d rounds x 2 x %d ms, client CPU time per row, median (p25..p75)%n", rounds,
              sliceNanos / 1_000_000);
          System.out.println("| rows | (s) server orders by id, µs/row | (c) driver orders by email, µs/row | (c) - (s), µs/row |");
          System.out.println("|---:|---:|---:|---:|");
          for (int rows : ROW_COUNTS) {
            double[][] perRow = new double[2][rounds];
            double[] difference = new double[rounds];
            for (int round = -3; round < rounds; round++) {
              double s = slice(serverOrdered, rows, sliceNanos);
              double c = slice(clientOrdered, rows, sliceNanos);
              if (round >= 0) {
                perRow[0][round] = s;
                perRow[1][round] = c;
                difference[round] = c - s;
              }
            }
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s |%n", rows, median(perRow[0]), median(perRow[1]), median(difference));
          }
        }
      }
    }
  }

  /** Runs {@code select} for {@code rows} rows until {@code sliceNanos} of this thread's CPU time passed; CPU µs per row. */
  private static double slice(PreparedStatement select, int rows, long sliceNanos) throws Exception {
    long start = THREADS.getCurrentThreadCpuTime();
    long executions = 0;
    long sink = 0;
    do {
      select.setInt(1, rows);
      try (ResultSet result = select.executeQuery()) {
        int read = 0;
        while (result.next()) {
          sink += result.getLong(1) + result.getString(2).length();
          read++;
        }
        if (read != rows) {
          throw new IllegalStateException("expected " + rows + " rows, read " + read);
        }
      }
      executions++;
    } while (THREADS.getCurrentThreadCpuTime() - start < sliceNanos);
    if (sink == 42) {
      System.out.print("");
    }
    return (THREADS.getCurrentThreadCpuTime() - start) / 1_000.0 / executions / rows;
  }

  private static String median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    List<Double> quartiles = new ArrayList<>();
    for (double q : new double[] {0.25, 0.5, 0.75}) {
      quartiles.add(sorted[(int) Math.round(q * (sorted.length - 1))]);
    }
    return String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", quartiles.get(1), quartiles.get(0), quartiles.get(2));
  }
}
