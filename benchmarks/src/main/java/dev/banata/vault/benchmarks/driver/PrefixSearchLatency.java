package dev.banata.vault.benchmarks.driver;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The cost of a prefix search on an encrypted {@code search: prefix} column (Spring Data's
 * {@code StartingWith} page: {@code LIKE ? ESCAPE '\'} with {@code LIMIT}, and its {@code count(*)}),
 * next to an equality lookup on the same column and a plain {@code LIKE} on an indexed plain column
 * of the same data. Interleaved rounds, median latency per query (wall clock, one connection each).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.driver.PrefixSearchLatency [rows] [rounds] [trgm]}:
 * with {@code trgm} the encrypted column gets the optional pg_trgm GIN index.
 */
public final class PrefixSearchLatency {

  private static final String[] SYLLABLES = {"da", "vi", "son", "mi", "th", "ro", "ber", "ts", "an", "der", "ke", "lly", "o", "ma"};

  private PrefixSearchLatency() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    boolean trgm = args.length > 2 && args[2].equals("trgm");
    Path yaml = Files.createTempFile("vault-bench-prefix-", ".yaml");
    Files.writeString(yaml, """
        tables:
          people:
            primary-key: id
            columns:
              last_name: { mode: deterministic, search: prefix }
        """);
    try (BenchmarkDatabase db = BenchmarkDatabase.open(); HikariDataSource vault = db.vaultPool(1, yaml); HikariDataSource plain = db.plainPool(1)) {
      try (Connection c = db.plainConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE people (id bigint PRIMARY KEY, last_name text)");
        s.execute("CREATE TABLE plain_people (id bigint PRIMARY KEY, last_name text)");
        s.execute("CREATE INDEX ON plain_people (last_name text_pattern_ops)");
      }
      List<String> names = names(rows);
      try (Connection v = vault.getConnection(); PreparedStatement insert = v.prepareStatement("INSERT INTO people VALUES (?, ?)");
          Connection p = plain.getConnection(); PreparedStatement plainInsert = p.prepareStatement("INSERT INTO plain_people VALUES (?, ?)")) {
        for (int i = 0; i < names.size(); i++) {
          for (PreparedStatement statement : List.of(insert, plainInsert)) {
            statement.setLong(1, i + 1);
            statement.setString(2, names.get(i));
            statement.addBatch();
          }
          if (i % 500 == 499) {
            insert.executeBatch();
            plainInsert.executeBatch();
          }
        }
        insert.executeBatch();
        plainInsert.executeBatch();
      }
      try (Connection c = db.plainConnection(); Statement s = c.createStatement()) {
        if (trgm) {
          s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
          s.execute("CREATE INDEX ON people USING gin (last_name gin_trgm_ops)");
        }
        s.execute("ANALYZE people");
        s.execute("ANALYZE plain_people");
      }
      String page = "SELECT id, last_name FROM %s WHERE last_name LIKE ? ESCAPE '\\' ORDER BY id LIMIT 20";
      String count = "SELECT count(*) FROM %s WHERE last_name LIKE ? ESCAPE '\\'";
      String[][] queries = {
          {"encrypted prefix page (LIKE 'Dav%' LIMIT 20)", "v", page, "prefix"},
          {"encrypted prefix count(*)", "v", count, "prefix"},
          {"encrypted equality lookup (= ?)", "v", "SELECT id, last_name FROM %s WHERE last_name = ?", "exact"},
          {"plain prefix page, text_pattern_ops index", "p", page, "prefix"},
          {"plain prefix count(*), text_pattern_ops index", "p", count, "prefix"},
          {"plain equality lookup", "p", "SELECT id, last_name FROM %s WHERE last_name = ?", "exact"}};
      long[][] nanos = new long[queries.length][rounds];
      Random random = new Random(7);
      try (Connection v = vault.getConnection(); Connection p = plain.getConnection()) {
        for (int round = -20; round < rounds; round++) {
          String name = names.get(random.nextInt(names.size()));
          String prefix = name.substring(0, Math.min(3, name.length()));
          for (int q = 0; q < queries.length; q++) {
            Connection connection = queries[q][1].equals("v") ? v : p;
            String table = queries[q][1].equals("v") ? "people" : "plain_people";
            long start = System.nanoTime();
            try (PreparedStatement statement = connection.prepareStatement(queries[q][2].formatted(table))) {
              statement.setString(1, queries[q][3].equals("prefix") ? prefix + "%" : name);
              try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                  result.getString(queries[q][2].startsWith("SELECT count") ? 1 : 2);
                }
              }
            }
            if (round >= 0) {
              nanos[q][round] = System.nanoTime() - start;
            }
          }
        }
      }
      System.out.printf("rows %d, rounds %d, pg_trgm index on the encrypted column: %s%n", rows, rounds, trgm);
      for (int q = 0; q < queries.length; q++) {
        long[] sorted = nanos[q].clone();
        Arrays.sort(sorted);
        System.out.printf("%-48s median %8.3f ms   p90 %8.3f ms%n", queries[q][0], sorted[rounds / 2] / 1e6, sorted[rounds * 9 / 10] / 1e6);
      }
    }
  }

  private static List<String> names(int count) {
    Random random = new Random(42);
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder name = new StringBuilder();
      int parts = 2 + random.nextInt(3);
      for (int p = 0; p < parts; p++) {
        name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      }
      name.setCharAt(0, Character.toUpperCase(name.charAt(0)));
      names.add(name.toString());
    }
    return names;
  }

}
