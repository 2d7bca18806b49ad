package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.database.Transaction;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.jdbc.HikariRejectionOverride;
import dev.banata.vault.jdbc.VaultDriver;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.PrivateServer;
import dev.banata.vault.testing.ReplicatedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary of the test's own and a streaming replica of it ({@code pg_basebackup -R}, hot standby
 * on another loopback port; {@link ReplicatedPostgres}), applications on both through HikariCP over
 * {@code jdbc:vault:}: a writing pool on the multi-host URL with {@code targetServerType=primary},
 * a read-only pool with {@code targetServerType=preferSecondary} that reads only the replica (its key
 * ring too: {@code vault_key} as replicated). Shown: multi-host URLs work; a key version registered
 * on the primary reaches replica-only readers (measured); a replica reader finds every row by
 * equality during {@code rotate --replica}, zero misses, counted, while rotate waits for a paused
 * replica; {@code retire --replica} refuses (exit 6) while the replica has not replayed the rewrite,
 * and retires once it has. Figures on {@code [replica]} lines, for docs/OPERATIONS.md.
 *
 * <p>About a minute and a half on a loaded machine: profile {@code reliability} ({@code .ci/run} runs it).
 */
@DatabaseTest
@Tag("reliability")
class ReadReplicasTest {

  private static final String SECRET = System.getenv("BETTER_AUTH_SECRET");
  private static final String TABLE = "customers";

  @RegisterExtension static final PrivateServer<ReplicatedPostgres> servers = PrivateServer.of(ReadReplicasTest::start);

  @TempDir Path dir;

  private static ReplicatedPostgres start() throws Exception {
    Instant started = Instant.now();
    ReplicatedPostgres replicated = ReplicatedPostgres.start();
    System.out.printf("[replica] primary on port %d, streaming replica on port %d, started (initdb, pg_basebackup -R) in %d ms%n",
        replicated.primaryPort(), replicated.replicaPort(), Duration.between(started, Instant.now()).toMillis());
    return replicated;
  }

  @Test
  void multiHostUrlsWriteOnThePrimaryAndAReadOnlyPoolReadsTheReplica() throws Exception {
    String db = database("hosts", 200);
    try (HikariDataSource writer = pool(servers.get().multiHostUrl(db, "primary"), false, 1, "writer");
        HikariDataSource reader = pool(servers.get().multiHostUrl(db, "preferSecondary"), true, 1, "reader");
        HikariDataSource direct = pool(servers.get().replicaUrl(db), true, 1, "direct")) {
      assertThat(inRecovery(writer)).as("targetServerType=primary connects to the primary").isFalse();
      assertThat(inRecovery(reader)).as("targetServerType=preferSecondary connects to the replica").isTrue();
      assertThat(inRecovery(direct)).isTrue();
      try (Connection connection = writer.getConnection();
          PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (id, email, ssn) VALUES (?, ?, ?)")) {
        insert.setLong(1, 1001);
        insert.setString(2, "new@example.com");
        insert.setString(3, "ssn-new");
        insert.executeUpdate();
      }
      servers.get().awaitCaughtUp();
      for (HikariDataSource replica : new HikariDataSource[] {reader, direct}) {
        try (Connection connection = replica.getConnection();
            PreparedStatement find = connection.prepareStatement("SELECT id, ssn FROM " + TABLE + " WHERE email = ?")) {
          for (long id : new long[] {1, 77, 200}) {
            find.setString(1, email(id));
            try (ResultSet row = find.executeQuery()) {
              assertThat(row.next()).as("row %d found by email on the replica", id).isTrue();
              assertThat(row.getLong(1)).isEqualTo(id);
              assertThat(row.getString(2)).isEqualTo("ssn-" + id);
            }
          }
          find.setString(1, "new@example.com");
          try (ResultSet row = find.executeQuery()) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(2)).isEqualTo("ssn-new");
          }
        }
      }
    }
    try (Connection plain = DriverManager.getConnection(servers.get().replicaUrl(db), servers.get().user(), "");
        Statement statement = plain.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FILTER (WHERE email LIKE 'bv1:%' AND ssn LIKE 'bv1:%'), count(*) FROM " + TABLE)) {
      row.next();
      assertThat(row.getLong(1)).as("the replica holds ciphertext only").isEqualTo(row.getLong(2)).isEqualTo(201);
    }
  }

  @Test
  void aKeyVersionRegisteredOnThePrimaryReachesApplicationsThatOnlyReadTheReplica() throws Exception {
    String db = database("propagation", 50);
    int refreshSeconds = 2;
    try (HikariDataSource writer = pool(servers.get().multiHostUrl(db, "primary"), false, 1, "writer");
        HikariDataSource reader = pool(servers.get().multiHostUrl(db, "preferSecondary"), true, refreshSeconds, "reader")) {
      lookUp(reader, 1); // the reader's runtime and key ring exist before the registration
      Instant registered;
      int version;
      try (Connection primary = DriverManager.getConnection(servers.get().primaryUrl(db), servers.get().user(), "")) {
        version = Transaction.run(primary, inTransaction -> KeyVersionStore.registerNewPrimary(inTransaction, secrets())).version();
        registered = Instant.now();
      }
      long onReplica = millisUntil(registered, () -> replicaHasVersion(db, version));
      // The writer (key refresh 1 s) writes a row under the new version as soon as it knows it.
      long id = 10_000;
      long writtenAt;
      while (true) {
        id++;
        insert(writer, id);
        if (versionOf(servers.get().primaryUrl(db), id) == version) {
          writtenAt = Duration.between(registered, Instant.now()).toMillis();
          break;
        }
        assertThat(Duration.between(registered, Instant.now())).isLessThan(Duration.ofSeconds(30));
        Thread.sleep(20);
      }
      long row = id;
      long byKey = millisUntil(registered, () -> readsById(reader, row));
      long byEquality = millisUntil(registered, () -> lookUp(reader, row));
      System.out.printf("[replica] key propagation (key refresh: writer 1 s, replica reader %d s): the replica had key version %d in vault_key %d ms after"
          + " the registration on the primary; the writer wrote the first row under it at %d ms; the replica-only reader (polling every 10 ms from then) decrypted that row"
          + " by id at %d ms and found it by equality at %d ms%n",
          refreshSeconds, version, onReplica, writtenAt, byKey, byEquality);
      assertThat(byEquality).as("found by equality within the reader's key refresh").isLessThan(writtenAt + refreshSeconds * 1000L + 5000);
    }
  }

  @Test
  void aReplicaReaderFindsEveryRowByEqualityWhileRotateWaitsForTheReplica() throws Exception {
    int rows = 3000;
    int writtenRows = 300;
    String db = database("rotation", rows);
    int settle = 3;
    try (HikariDataSource writer = pool(servers.get().multiHostUrl(db, "primary"), false, 1, "writer");
        HikariDataSource reader = pool(servers.get().multiHostUrl(db, "preferSecondary"), true, 1, "reader")) {
      int version = (int) query(servers.get().primaryUrl(db), "SELECT max(version) FROM vault_key") + 1;
      Traffic traffic = new Traffic(writer, reader, rows, writtenRows).start();
      servers.get().pauseReplay();
      Instant paused = Instant.now();
      String[] rotate = {"rotate", "--url", servers.get().primaryUrl(db), "--user", servers.get().user(), "--config", config().toString(), "--replica",
          servers.get().replicaUrl(db), "--replica-timeout", "120", "--settle-seconds", Integer.toString(settle), "--batch-size", "100", "--progress-interval", "1"};
      CompletableFuture<AdminRun.Result> job = CompletableFuture.supplyAsync(() -> AdminRun.run(env(), rotate));
      millisUntil(paused, () -> query(servers.get().primaryUrl(db), "SELECT count(*) FROM vault_key WHERE version = " + version) == 1);
      // The replica is paused: rotate must not rewrite a row, however long the settle time is past.
      Thread.sleep((settle + 3) * 1000L);
      long rewrittenWhilePaused = rowsAtVersion(servers.get().primaryUrl(db), version, writtenRows);
      assertThat(job).as("rotate waits for the paused replica").isNotDone();
      assertThat(rewrittenWhilePaused).as("rows the application leaves alone rewritten while the replica was paused").isZero();
      Instant resumed = Instant.now();
      servers.get().resumeReplay();
      ReplayLag lag = new ReplayLag(servers.get().primaryUrl(db));
      lag.start();
      long firstRewrite = millisUntil(resumed, () -> rowsAtVersion(servers.get().primaryUrl(db), version, writtenRows) > 0);
      AdminRun.Result result = job.get(300, TimeUnit.SECONDS);
      Duration rotation = Duration.between(resumed, Instant.now());
      lag.close();
      traffic.close();
      assertThat(result.code()).as(result.toString()).isZero();
      assertThat(result.err()).contains("waiting for replica").contains("every --replica has replayed the registration of key version " + version);
      servers.get().awaitCaughtUp();
      assertThat(rowsAtVersion(servers.get().replicaUrl(db), version, 0)).as("every row at the new version on the replica").isEqualTo(rows);
      System.out.printf("[replica] rotate --replica --settle-seconds %d with the replica's replay paused: 0 rows rewritten in %d s; replay resumed:"
          + " first row rewritten %d ms later (the settle time counts from the replay), rotation done %d ms after the resume; replay lag during the"
          + " rewrite: at most %s; replica reader (preferSecondary, key refresh 1 s): %d lookups by email, %d missed; writer: %d updates, %d errors%n",
          settle, Duration.between(paused, resumed).toSeconds(), firstRewrite, rotation.toMillis(), lag, traffic.lookups.get(), traffic.misses.get(),
          traffic.writes.get(), traffic.errors.get());
      assertThat(traffic.lookups.get()).isPositive();
      assertThat(traffic.misses.get()).as("lookups on the replica that missed their row").isZero();
      assertThat(traffic.errors.get()).as("application errors").isZero();
    }
  }

  @Test
  void aResumedRotateWithTheSameReplicaCountsTheSettleTimeFromTheReplayTheEarlierRunSaw() throws Exception {
    String db = database("resumed", 300);
    int settle = 20;
    int pause = 6;
    int version = (int) query(servers.get().primaryUrl(db), "SELECT max(version) FROM vault_key") + 1;
    String[] rotate = {"rotate", "--url", servers.get().primaryUrl(db), "--user", servers.get().user(), "--config", config().toString(), "--replica",
        servers.get().replicaUrl(db), "--settle-seconds", Integer.toString(settle), "--batch-size", "100", "--progress-interval", "1"};
    ChildProcess first = ChildProcess.start(env(), List.of("-Xmx128m"), rotate);
    Instant deadline = Instant.now().plusSeconds(120);
    while (!first.output().contains("every --replica has replayed the registration of key version " + version)) {
      assertThat(first.isAlive()).as(first.output()).isTrue();
      assertThat(Instant.now()).as("the replay seen:\n%s", first.output()).isBefore(deadline);
      Thread.sleep(50);
    }
    first.killHard();
    assertThat(rowsAtVersion(servers.get().primaryUrl(db), version, 0)).as("rows rewritten before the settle time was up").isZero();
    // The resumed run starts this long after the replay was seen; it must not wait the whole settle time again.
    Thread.sleep(pause * 1000L);
    AdminRun.Result resumed = AdminRun.run(env(), rotate);

    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(resumed.err()).contains("resuming the rotation to key version " + version).contains("(seen by the earlier run): the settle time counts from then");
    java.util.regex.Matcher waited = java.util.regex.Pattern.compile("waiting (\\d+) s for applications to load key version " + version).matcher(resumed.err());
    int waitedSeconds = waited.find() ? Integer.parseInt(waited.group(1)) : 0;
    System.out.printf("[replica] rotate --replica --settle-seconds %d killed after it saw the replay, resumed %d s later: waited %d s more (not %d), exit %d%n",
        settle, pause, waitedSeconds, settle, resumed.code());
    assertThat(waitedSeconds).as("the resumed run's wait, counted from the replay the earlier run saw:\n%s", resumed.err()).isLessThanOrEqualTo(settle - pause);
    assertThat(rowsAtVersion(servers.get().primaryUrl(db), version, 0)).isEqualTo(300);
  }

  @Test
  void retireRefusesWhileAReplicaHasNotReplayedTheRewriteAndRetiresOnceItHas() throws Exception {
    int rows = 1000;
    String db = database("retire", rows);
    int old = (int) query(servers.get().primaryUrl(db), "SELECT max(version) FROM vault_key");
    String[] target = {"--url", servers.get().primaryUrl(db), "--user", servers.get().user(), "--config", config().toString()};
    try (HikariDataSource reader = pool(servers.get().multiHostUrl(db, "preferSecondary"), true, 2, "reader")) {
      servers.get().pauseReplay();
      // The operator forgot --replica: rotate finishes on the primary while the replica is frozen at the old version.
      AdminRun.Result rotated = AdminRun.run(env(), RotateTest.concat(new String[] {"rotate", "--settle-seconds", "3"}, target));
      assertThat(rotated.code()).as(rotated.toString()).isZero();
      Instant refusedAt = Instant.now();
      AdminRun.Result refused = AdminRun.run(env(), RotateTest.concat(new String[] {"retire", Integer.toString(old), "--settle-seconds", "0",
          "--replica", servers.get().replicaUrl(db), "--replica-timeout", "2"}, target));
      long refusalTook = Duration.between(refusedAt, Instant.now()).toMillis();
      assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCode.REFUSED.code());
      assertThat(refused.err()).contains("key version " + old + " is no longer used on the primary, but replica " + servers.get().replicaUrl(db))
          .contains("replay is paused").contains("nothing was changed").contains("pg_wal_replay_resume()");
      assertThat(query(servers.get().primaryUrl(db), "SELECT count(*) FROM vault_key WHERE version = " + old + " AND retired_at IS NULL")).isEqualTo(1);

      // What skipping --replica costs: once the replica replays key and rows together, its readers miss rows until their next key refresh.
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger lookups = new AtomicInteger();
      AtomicInteger misses = new AtomicInteger();
      Thread looker = new Thread(() -> {
        while (!stop.get()) {
          long id = ThreadLocalRandom.current().nextLong(1, rows + 1);
          lookups.incrementAndGet();
          if (!lookUp(reader, id)) {
            misses.incrementAndGet();
          }
        }
      }, "replica-reader");
      looker.start();
      Thread.sleep(500);
      servers.get().resumeReplay();
      Thread.sleep(3000);
      stop.set(true);
      looker.join();

      Instant retiredAt = Instant.now();
      AdminRun.Result retired = AdminRun.run(env(), RotateTest.concat(new String[] {"retire", Integer.toString(old), "--settle-seconds", "0",
          "--replica", servers.get().replicaUrl(db)}, target));
      assertThat(retired.code()).as(retired.toString()).isZero();
      System.out.printf("[replica] retire --replica with the replica paused: exit %d after %d ms (--replica-timeout 2), nothing changed; after the resume: exit %d"
          + " in %d ms. Without rotate --replica (settle 3 s, replica paused during the rotation) a replica reader with key refresh 2 s missed %d of %d lookups"
          + " by email in the 3 s after the replica caught up%n",
          refused.code(), refusalTook, retired.code(), Duration.between(retiredAt, Instant.now()).toMillis(), misses.get(), lookups.get());
    }
  }

  // --- the application

  /** Two writers updating the ssn of rows 1..writtenRows on the primary, one reader looking up the other rows by email on the replica. */
  private static final class Traffic implements AutoCloseable {
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger misses = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread[] threads;

    Traffic(HikariDataSource writer, HikariDataSource reader, int rows, int writtenRows) {
      threads = new Thread[] {
          new Thread(() -> write(writer, writtenRows), "writer-1"),
          new Thread(() -> write(writer, writtenRows), "writer-2"),
          new Thread(() -> {
            while (!stop.get()) {
              long id = ThreadLocalRandom.current().nextLong(writtenRows + 1, rows + 1);
              lookups.incrementAndGet();
              try {
                if (!find(reader, id)) {
                  misses.incrementAndGet();
                }
              } catch (SQLException e) {
                errors.incrementAndGet();
              }
            }
          }, "replica-reader")};
    }

    Traffic start() {
      for (Thread thread : threads) {
        thread.start();
      }
      return this;
    }

    private void write(HikariDataSource writer, int writtenRows) {
      while (!stop.get()) {
        long id = ThreadLocalRandom.current().nextLong(1, writtenRows + 1);
        try (Connection connection = writer.getConnection();
            PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET ssn = ? WHERE id = ?")) {
          update.setString(1, "ssn-" + id + "-" + writes.incrementAndGet());
          update.setLong(2, id);
          update.executeUpdate();
          Thread.sleep(2);
        } catch (SQLException e) {
          errors.incrementAndGet();
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(30_000);
      }
    }
  }

  /** Samples the primary's pg_stat_replication.replay_lag every 100 ms. */
  private static final class ReplayLag extends Thread implements AutoCloseable {
    private final String url;
    private final AtomicLong maxMicros = new AtomicLong();
    private final AtomicLong maxBytes = new AtomicLong();
    private volatile boolean stop;

    ReplayLag(String url) {
      super("replay-lag");
      this.url = url;
    }

    @Override
    public void run() {
      try (Connection connection = DriverManager.getConnection(url, servers.get().user(), ""); Statement statement = connection.createStatement()) {
        while (!stop) {
          try (ResultSet row = statement.executeQuery("SELECT coalesce(extract(epoch FROM replay_lag) * 1000000, 0)::bigint,"
              + " coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint FROM pg_stat_replication")) {
            while (row.next()) {
              maxMicros.accumulateAndGet(row.getLong(1), Math::max);
              maxBytes.accumulateAndGet(row.getLong(2), Math::max);
            }
          }
          Thread.sleep(100);
        }
      } catch (SQLException | InterruptedException e) {
        // A figure, not a check: the samples so far stand.
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      join(10_000);
    }

    @Override
    public String toString() {
      return String.format("%.1f ms (pg_stat_replication.replay_lag) and %,d bytes of WAL", maxMicros.get() / 1000.0, maxBytes.get());
    }
  }

  // --- helpers

  /** A database of its own on the primary with the vault tables and {@code rows} customers, replayed on the replica. */
  private String database(String name, int rows) throws Exception {
    try (Connection connection = servers.get().connectPrimary(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    try (Connection connection = DriverManager.getConnection(servers.get().primaryUrl(name), servers.get().user(), "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, email text, ssn text)");
    }
    AdminRun.Result install = AdminRun.run(env(), "install", "--url", servers.get().primaryUrl(name), "--user", servers.get().user(), "--config", config().toString());
    assertThat(install.code()).as(install.toString()).isZero();
    try (HikariDataSource writer = pool(servers.get().primaryUrl(name), false, 1, "loader");
        Connection connection = writer.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (id, email, ssn) VALUES (?, ?, ?)")) {
      for (long id = 1; id <= rows; id++) {
        insert.setLong(1, id);
        insert.setString(2, email(id));
        insert.setString(3, "ssn-" + id);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    servers.get().awaitCaughtUp();
    return name;
  }

  private HikariDataSource pool(String plainUrl, boolean readOnly, int keyRefreshSeconds, String name) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl("jdbc:vault:" + plainUrl.substring("jdbc:".length()));
    hikari.setDriverClassName(VaultDriver.class.getName());
    hikari.setUsername(servers.get().user());
    hikari.setPassword("");
    hikari.setReadOnly(readOnly);
    hikari.addDataSourceProperty("vault.config", config().toString());
    hikari.addDataSourceProperty("vault.key-refresh-seconds", Integer.toString(keyRefreshSeconds));
    hikari.setExceptionOverrideClassName(HikariRejectionOverride.class.getName());
    hikari.setMaximumPoolSize(3);
    hikari.setConnectionTimeout(60_000);
    hikari.setPoolName(name);
    return new HikariDataSource(hikari);
  }

  private Path config() {
    return AdminRun.config(dir, """
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic, context: customers.email }
              ssn:   { mode: randomized, context: pii }
        """);
  }

  private static String email(long id) {
    return "user" + id + "@example.com";
  }

  private static boolean find(HikariDataSource pool, long id) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement find = connection.prepareStatement("SELECT id FROM " + TABLE + " WHERE email = ?")) {
      find.setString(1, email(id));
      try (ResultSet row = find.executeQuery()) {
        return row.next() && row.getLong(1) == id;
      }
    }
  }

  private static boolean lookUp(HikariDataSource pool, long id) {
    try {
      return find(pool, id);
    } catch (SQLException e) {
      return false;
    }
  }

  private static boolean readsById(HikariDataSource pool, long id) {
    try (Connection connection = pool.getConnection();
        PreparedStatement read = connection.prepareStatement("SELECT email FROM " + TABLE + " WHERE id = ?")) {
      read.setLong(1, id);
      try (ResultSet row = read.executeQuery()) {
        return row.next() && email(id).equals(row.getString(1));
      }
    } catch (SQLException e) {
      return false;
    }
  }

  private static void insert(HikariDataSource pool, long id) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (id, email, ssn) VALUES (?, ?, ?)")) {
      insert.setLong(1, id);
      insert.setString(2, email(id));
      insert.setString(3, "ssn-" + id);
      insert.executeUpdate();
    }
  }

  private static boolean inRecovery(HikariDataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery()")) {
      row.next();
      return row.getBoolean(1);
    }
  }

  private static boolean replicaHasVersion(String db, int version) {
    return query(servers.get().replicaUrl(db), "SELECT count(*) FROM vault_key WHERE version = " + version) == 1;
  }

  private static int versionOf(String url, long id) {
    try (Connection connection = DriverManager.getConnection(url, servers.get().user(), "");
        PreparedStatement read = connection.prepareStatement("SELECT email FROM " + TABLE + " WHERE id = ?")) {
      read.setLong(1, id);
      try (ResultSet row = read.executeQuery()) {
        return row.next() ? FieldCipher.keyVersionOf(row.getString(1)) : -1;
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Rows with {@code id > above} whose email is at {@code version}, read as stored. */
  private static long rowsAtVersion(String url, int version, long above) {
    try (Connection connection = DriverManager.getConnection(url, servers.get().user(), "")) {
      return Application.emailsAtVersion(connection, TABLE, version, above);
    } catch (SQLException e) {
      return -1;
    }
  }

  private static long query(String url, String sql) {
    try (Connection connection = DriverManager.getConnection(url, servers.get().user(), ""); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Polls {@code condition} every 10 ms; the milliseconds from {@code from} until it held (at most 60 s). */
  private static long millisUntil(Instant from, java.util.function.BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited 60 s").isBefore(deadline);
      Thread.sleep(10);
    }
    return Duration.between(from, Instant.now()).toMillis();
  }

  private static MasterSecrets secrets() {
    return MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT, env()::get));
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("BETTER_AUTH_SECRET", SECRET);
    env.put("VAULT_DB_PASSWORD", "");
    return env;
  }
}
