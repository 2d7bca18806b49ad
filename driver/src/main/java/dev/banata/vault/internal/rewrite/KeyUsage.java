package dev.banata.vault.internal.rewrite;

import dev.banata.vault.internal.crypto.FieldCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which key versions the stored values use: for every configured column the rows, NULLs, plaintext
 * values and values per key version (read from the envelope headers, nothing is decrypted), and the
 * versions of {@code vault_secret}. What {@code status} shows and what {@code retire} checks.
 */
public final class KeyUsage {

  /**
   * One column's counts; {@code withoutSearchTokens}: for a {@code search: prefix} column the non-NULL values without
   * the configured number of search tokens (written before the search options, or plaintext), else -1.
   */
  public record ColumnUsage(String table, String column, long rows, long nulls, long plaintext, Map<Integer, Long> byVersion,
      long withoutSearchTokens) {}

  /** Every column's counts, and {@code vault_secret}'s ({@code vaultSecretRows} -1 when the table does not exist). */
  public record Report(List<ColumnUsage> columns, long vaultSecretRows, Map<Integer, Long> vaultSecretByVersion) {

    /** How many values (columns and vault_secret together) use {@code version}. */
    public long valuesAt(int version) {
      long total = vaultSecretByVersion.getOrDefault(version, 0L);
      for (ColumnUsage column : columns) {
        total += column.byVersion().getOrDefault(version, 0L);
      }
      return total;
    }

    /** Where {@code version} is used, e.g. {@code customers.email: 120, vault_secret: 3}. */
    public String whereUsed(int version) {
      List<String> places = new ArrayList<>();
      for (ColumnUsage column : columns) {
        long count = column.byVersion().getOrDefault(version, 0L);
        if (count > 0) {
          places.add(column.table() + "." + column.column() + ": " + count);
        }
      }
      long secrets = vaultSecretByVersion.getOrDefault(version, 0L);
      if (secrets > 0) {
        places.add("vault_secret: " + secrets);
      }
      return String.join(", ", places);
    }

    /** Every version some value uses. */
    public List<Integer> versionsInUse() {
      TreeMap<Integer, Boolean> versions = new TreeMap<>();
      vaultSecretByVersion.keySet().forEach(v -> versions.put(v, true));
      columns.forEach(c -> c.byVersion().keySet().forEach(v -> versions.put(v, true)));
      return List.copyOf(versions.keySet());
    }
  }

  private KeyUsage() {}

  public static Report take(Supplier<Connection> connections, List<TableTarget> tables, int batchSize, Progress progress) throws SQLException {
    List<ColumnUsage> columns = new ArrayList<>();
    for (TableTarget table : tables) {
      Counting counting = new Counting();
      long[] totals = totals(connections, table);
      Progress.Task task = progress.start("status " + table.name(), totals[0]);
      new TablePass(connections, table, counting, batchSize, 1, new FailureLog(), task).run(null);
      task.finish(null);
      for (int i = 0; i < table.columns().size(); i++) {
        ColumnTarget column = table.columns().get(i);
        String name = column.column().column().name();
        Map<Integer, Long> versions = new TreeMap<>();
        counting.byVersion(name).forEach((version, count) -> versions.put(version, count.sum()));
        long plaintext = versions.getOrDefault(Counting.PLAINTEXT, 0L);
        versions.remove(Counting.PLAINTEXT);
        long withoutTokens = searchTokenCount(column) < 0 ? -1 : totals[table.columns().size() + 2 + i];
        columns.add(new ColumnUsage(table.name(), name, totals[1], totals[i + 2], plaintext, Collections.unmodifiableMap(versions),
            withoutTokens));
      }
    }
    try (Connection connection = connections.get()) {
      return vaultSecret(connection, columns);
    }
  }

  /** The number of search tokens a stored value of {@code column} carries, or -1 when it has no search options (or is bytea). */
  private static int searchTokenCount(ColumnTarget column) {
    var search = column.column().search();
    return search.prefix() && !column.binary() ? (search.prefixLength() + 1) * (search.ignoreCase() ? 2 : 1) : -1;
  }

  /**
   * Rows with any encrypted value, all rows, NULLs per column, then per column the values without their search
   * tokens (the '.' of a stored text are its token delimiters; 0 for a column without search), in the same scan.
   */
  private static long[] totals(Supplier<Connection> connections, TableTarget table) throws SQLException {
    String nulls = table.columns().stream().map(c -> "count(*) - count(" + c.sqlName() + ")").collect(Collectors.joining(", "));
    String any = table.columns().stream().map(c -> c.sqlName() + " IS NOT NULL").collect(Collectors.joining(" OR "));
    String tokens = table.columns().stream().map(c -> searchTokenCount(c) < 0 ? "0" : "count(*) FILTER (WHERE " + c.sqlName()
        + " IS NOT NULL AND length(" + c.sqlName() + "::text) - length(replace(" + c.sqlName() + "::text, '.', '')) <> "
        + searchTokenCount(c) + ")").collect(Collectors.joining(", "));
    String sql = "SELECT count(*) FILTER (WHERE " + any + "), count(*), " + nulls + ", " + tokens + " FROM " + table.sqlName();
    try (Connection connection = connections.get(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      long[] totals = new long[2 * table.columns().size() + 2];
      for (int i = 0; i < totals.length; i++) {
        totals[i] = row.getLong(i + 1);
      }
      return totals;
    }
  }

  private static Report vaultSecret(Connection connection, List<ColumnUsage> columns) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet exists = statement.executeQuery("SELECT to_regclass('vault_secret') IS NOT NULL")) {
      exists.next();
      if (!exists.getBoolean(1)) {
        return new Report(List.copyOf(columns), -1, Map.of());
      }
    }
    Map<Integer, Long> versions = new TreeMap<>();
    long rows = 0;
    try (PreparedStatement statement = connection.prepareStatement("SELECT version, count(*) FROM vault_secret GROUP BY version ORDER BY version");
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        versions.put(result.getInt(1), result.getLong(2));
        rows += result.getLong(2);
      }
    }
    return new Report(List.copyOf(columns), rows, Collections.unmodifiableMap(versions));
  }

  /** Counts instead of rewriting: the census rides on the same batched reader as the jobs. */
  private static final class Counting implements ValueRewrite {

    static final int PLAINTEXT = 0;

    private final Map<String, Map<Integer, LongAdder>> counts = new ConcurrentHashMap<>();

    Map<Integer, LongAdder> byVersion(String column) {
      return counts.getOrDefault(column, Map.of());
    }

    @Override
    public Object rewrite(ColumnTarget column, Object stored) {
      int version = FieldCipher.isEnvelope(stored) ? FieldCipher.keyVersionOf(stored) : PLAINTEXT;
      counts.computeIfAbsent(column.column().column().name(), c -> new ConcurrentHashMap<>())
          .computeIfAbsent(version, v -> new LongAdder()).increment();
      return null;
    }
  }
}
