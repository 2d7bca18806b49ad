package dev.banata.vault.benchmarks.driver;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The vault JDBC driver against plain pgjdbc on the same PostgreSQL, in the same run, through
 * HikariCP: table {@code customers_<variant>(id bigint PK, name text, email text, ssn text,
 * created_at timestamptz)} with {@code email} deterministic and {@code ssn} randomized.
 *
 * <ul>
 *   <li>W1 {@link #w1Insert}: prepared single-row INSERT;</li>
 *   <li>W2 {@link #w2PointSelect}: SELECT by id, both encrypted columns read with getString;</li>
 *   <li>W3 {@link #w3Select1000}: SELECT of 1,000 rows, both encrypted columns read (2,000 decryptions);</li>
 *   <li>W4 {@link #w4SelectByEmail}: SELECT by {@code email = ?} (an equality lookup on the deterministic column).</li>
 * </ul>
 *
 * Variants ({@code variant} parameter): {@code a_plain} plain pgjdbc with plaintext columns;
 * {@code b_hand_crypto} plain pgjdbc with the application doing the same AES-GCM by hand
 * ({@link HandWrittenColumnCrypto}); {@code c_shardingsphere} Apache ShardingSphere-JDBC's encrypt
 * feature over plain pgjdbc ({@link ShardingSphereEncrypt}); {@code e_vault} the vault driver
 * ({@code jdbc:vault:postgresql:}).
 * Every operation borrows a pooled connection and prepares its statement, as application code does
 * (pgjdbc keeps server-side prepared statements per connection across that). Run with {@code -t 1}
 * and {@code -t 2}; the pool always has two connections.
 *
 * <p>The vault variant needs the master secret in the environment:
 * {@code BETTER_AUTH_SECRET=benchmark-only-fake-secret-0123456789abcdef}. See docs/BENCHMARKS.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DriverWorkloadBenchmark {

  /** Rows loaded before measuring; W2, W3 and W4 read them, W1 adds rows above them. */
  static final int ROWS = 10_000;
  static final int RANGE_ROWS = 1_000;
  static final int POOL_SIZE = 2;

  static String name(long id) {
    return "Customer " + id;
  }

  static String email(long id) {
    return "customer" + id + "@example.com";
  }

  static String ssn(long id) {
    return "ssn-" + (100_000_000L + id);
  }

  /** The table, its pool and its rows: one per fork, shared by the benchmark threads. */
  @State(Scope.Benchmark)
  public static class Fixture {

    @Param({"a_plain", "b_hand_crypto", "c_shardingsphere", "e_vault"})
    public String variant;

    String table;
    String insertSql;
    String pointSelectSql;
    String rangeSelectSql;
    String emailSelectSql;
    /** A fixed created_at for inserts, so no variant pays for a clock read the others skip. */
    final OffsetDateTime createdAt = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    final AtomicLong nextInsertId = new AtomicLong(1_000_000_000L);

    private BenchmarkDatabase database;
    private Path vaultYaml;
    /** Under (c), ShardingSphere's data source over {@link #plainPool}; otherwise the pool itself. */
    DataSource pool;
    private HikariDataSource plainPool;

    boolean handCrypto() {
      return variant.equals("b_hand_crypto");
    }

    boolean shardingSphere() {
      return variant.equals("c_shardingsphere");
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      if (!variant.equals("a_plain") && !handCrypto() && !shardingSphere() && !variant.equals("e_vault")) {
        throw new IllegalArgumentException("unknown variant " + variant);
      }
      table = "customers_" + variant;
      database = BenchmarkDatabase.open();
      // ShardingSphere resolves an unqualified table in PostgreSQL's default schema (public), not in the
      // connection's currentSchema: its statements name the schema, the others' statements do not.
      String from = shardingSphere() ? database.schema() + "." + table : table;
      insertSql = "INSERT INTO " + from + " (id, name, email, ssn, created_at) VALUES (?, ?, ?, ?, ?)";
      pointSelectSql = "SELECT name, email, ssn FROM " + from + " WHERE id = ?";
      rangeSelectSql = "SELECT id, email, ssn FROM " + from + " WHERE id BETWEEN ? AND ?";
      emailSelectSql = "SELECT id, name, ssn FROM " + from + " WHERE email = ?";
      if (shardingSphere()) {
        // ShardingSphere looks email up by its assisted-query column (a salted MD5), so that is what is indexed.
        database.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text, email text, email_assisted text, ssn text,"
            + " created_at timestamptz NOT NULL)", "CREATE INDEX ON " + table + " (email_assisted)");
      } else {
        // email is indexed: equality lookups are what deterministic encryption is for, and an application has the index.
        database.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text, email text, ssn text, created_at timestamptz NOT NULL)",
            "CREATE INDEX ON " + table + " (email)");
      }
      if (variant.equals("e_vault")) {
        vaultYaml = BenchmarkDatabase.writeVaultYaml(table);
        plainPool = database.vaultPool(POOL_SIZE, vaultYaml);
        pool = plainPool;
      } else if (shardingSphere()) {
        plainPool = database.plainPool(POOL_SIZE);
        pool = ShardingSphereEncrypt.dataSource(plainPool, table);
      } else {
        plainPool = database.plainPool(POOL_SIZE);
        pool = plainPool;
      }
      ApplicationColumns columns = handCrypto() ? ApplicationColumns.handEncrypted(table) : ApplicationColumns.AS_IS;
      load(columns);
      database.execute("ANALYZE " + table);
      WorkloadCheck.verify(this, columns, database);
    }

    private void load(ApplicationColumns columns) throws Exception {
      try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement(insertSql)) {
        for (long id = 1; id <= ROWS; id++) {
          insert.setLong(1, id);
          insert.setString(2, name(id));
          insert.setString(3, columns.emailToStore(email(id)));
          insert.setString(4, columns.ssnToStore(ssn(id)));
          insert.setObject(5, createdAt);
          insert.addBatch();
          if (id % 500 == 0) {
            insert.executeBatch();
          }
        }
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      if (pool instanceof AutoCloseable closeable && pool != plainPool) {
        closeable.close();
      }
      if (plainPool != null) {
        plainPool.close();
      }
      if (database != null) {
        database.close();
      }
      if (vaultYaml != null) {
        Files.deleteIfExists(vaultYaml);
      }
    }
  }

  /** Per benchmark thread: what the application does to the encrypted columns (its own Cipher for b). */
  @State(Scope.Thread)
  public static class Session {
    ApplicationColumns columns;

    @Setup(Level.Trial)
    public void setUp(Fixture fixture) {
      columns = fixture.handCrypto() ? ApplicationColumns.handEncrypted(fixture.table) : ApplicationColumns.AS_IS;
    }
  }

  private static long randomId() {
    return ThreadLocalRandom.current().nextLong(1, ROWS + 1);
  }

  @Benchmark
  public int w1Insert(Fixture fixture, Session session) throws Exception {
    long id = fixture.nextInsertId.incrementAndGet();
    try (Connection connection = fixture.pool.getConnection(); PreparedStatement insert = connection.prepareStatement(fixture.insertSql)) {
      insert.setLong(1, id);
      insert.setString(2, name(id));
      insert.setString(3, session.columns.emailToStore(email(id)));
      insert.setString(4, session.columns.ssnToStore(ssn(id)));
      insert.setObject(5, fixture.createdAt);
      return insert.executeUpdate();
    }
  }

  @Benchmark
  public void w2PointSelect(Fixture fixture, Session session, Blackhole blackhole) throws Exception {
    try (Connection connection = fixture.pool.getConnection(); PreparedStatement select = connection.prepareStatement(fixture.pointSelectSql)) {
      select.setLong(1, randomId());
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          blackhole.consume(row.getString(1));
          blackhole.consume(session.columns.emailFromStore(row.getString(2)));
          blackhole.consume(session.columns.ssnFromStore(row.getString(3)));
        }
      }
    }
  }

  @Benchmark
  public int w3Select1000(Fixture fixture, Session session, Blackhole blackhole) throws Exception {
    long first = ThreadLocalRandom.current().nextLong(1, ROWS - RANGE_ROWS + 2);
    int rows = 0;
    try (Connection connection = fixture.pool.getConnection(); PreparedStatement select = connection.prepareStatement(fixture.rangeSelectSql)) {
      select.setLong(1, first);
      select.setLong(2, first + RANGE_ROWS - 1);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          blackhole.consume(row.getLong(1));
          blackhole.consume(session.columns.emailFromStore(row.getString(2)));
          blackhole.consume(session.columns.ssnFromStore(row.getString(3)));
          rows++;
        }
      }
    }
    return rows;
  }

  @Benchmark
  public void w4SelectByEmail(Fixture fixture, Session session, Blackhole blackhole) throws Exception {
    try (Connection connection = fixture.pool.getConnection(); PreparedStatement select = connection.prepareStatement(fixture.emailSelectSql)) {
      select.setString(1, session.columns.emailToStore(email(randomId())));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          blackhole.consume(row.getLong(1));
          blackhole.consume(row.getString(2));
          blackhole.consume(session.columns.ssnFromStore(row.getString(3)));
        }
      }
    }
  }
}
