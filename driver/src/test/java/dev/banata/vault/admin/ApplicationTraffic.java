package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.jdbc.HikariRejectionOverride;
import dev.banata.vault.jdbc.VaultDriver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * An application at work on a table {@code (id bigint, email text, ssn text)} whose rows start as
 * {@code user<id>@example.com} / {@code ssn-<id>} (email deterministic with context
 * {@code customers.email}, ssn randomized with context {@code pii}, as {@link Application} writes them), through a HikariCP pool over {@code jdbc:vault:}:
 * four writers (writer {@code w} owns the rows with {@code id % 4 == w}, so "its last write" is well
 * defined) update the first {@code writtenRows} rows, and a reader looks up the others (by email, or by
 * id while plaintext remains). Errors are counted by SQLState and the work goes on; what a fault may
 * cost is judged afterwards: a write whose call failed is "in doubt" (the crash may have hidden a commit).
 */
final class ApplicationTraffic implements AutoCloseable {

  private final String table;
  private final int rows;
  private final int writtenRows;
  private final boolean byEmail;
  private final HikariDataSource pool;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger misses = new AtomicInteger();
  private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
  private final Map<String, String> firstErrorByState = new ConcurrentHashMap<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final ConcurrentSkipListSet<Long> successTimes = new ConcurrentSkipListSet<>();
  private final ConcurrentLinkedQueue<Long> errorTimes = new ConcurrentLinkedQueue<>();
  /** The value each row was last acknowledged with. */
  private final Map<Long, String> acknowledged = new ConcurrentHashMap<>();
  /** Values of writes since the row's last acknowledged one whose outcome an error hid. */
  private final Map<Long, Set<String>> inDoubt = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();

  /**
   * @param plainUrl the database's {@code jdbc:postgresql:} URL; the pool uses it behind {@code jdbc:vault:}
   */
  ApplicationTraffic(String plainUrl, String user, String password, Path config, String table, int rows, int writtenRows, boolean byEmail) {
    this.table = table;
    this.rows = rows;
    this.writtenRows = writtenRows;
    this.byEmail = byEmail;
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl("jdbc:vault:" + plainUrl.substring("jdbc:".length()));
    hikari.setDriverClassName(VaultDriver.class.getName());
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.addDataSourceProperty("vault.config", config.toString());
    hikari.addDataSourceProperty("vault.key-refresh-seconds", "1");
    hikari.setExceptionOverrideClassName(HikariRejectionOverride.class.getName());
    hikari.setMaximumPoolSize(5);
    hikari.setConnectionTimeout(60_000);
    hikari.setPoolName("application");
    this.pool = new HikariDataSource(hikari);
  }

  /** Starts the writers and the reader and returns once they have written and read. */
  ApplicationTraffic start() throws InterruptedException {
    for (int w = 0; w < 4; w++) {
      int writer = w;
      threads.add(new Thread(() -> guard(() -> write(writer)), "application-writer-" + w));
    }
    threads.add(new Thread(() -> guard(this::lookUp), "application-reader"));
    threads.forEach(Thread::start);
    Instant deadline = Instant.now().plusSeconds(120);
    while (writes.get() < 20 || lookups.get() < 5) {
      assertThat(failure.get()).as("the application started").isNull();
      assertThat(Instant.now()).as("the application started: %s", this).isBefore(deadline);
      Thread.sleep(50);
    }
    return this;
  }

  /** What the application saw of a fault: errors from its start, and the first write acknowledged once the server was back. */
  record Outage(int errors, long firstErrorMillis, long lastErrorMillis, long firstWriteAfterBackMillis) {
    @Override
    public String toString() {
      return errors + " errors, from " + firstErrorMillis + " ms to " + lastErrorMillis + " ms after the fault began;"
          + " first acknowledged write " + firstWriteAfterBackMillis + " ms after the server was back";
    }
  }

  /**
   * Waits until a write is acknowledged after {@code back} (the server accepts connections again),
   * and 20 more, then says what the fault that began at {@code fault} cost.
   */
  Outage awaitRecovery(Instant fault, Instant back) throws InterruptedException {
    long start = fault.toEpochMilli();
    long mark = back.toEpochMilli();
    Instant deadline = Instant.now().plusSeconds(120);
    while (successTimes.ceiling(mark) == null) {
      assertThat(Instant.now()).as("the application recovered through its pool: %s", this).isBefore(deadline);
      Thread.sleep(20);
    }
    int writesSoFar = writes.get();
    while (writes.get() < writesSoFar + 20) {
      assertThat(Instant.now()).as("the application keeps writing after the fault: %s", this).isBefore(deadline);
      Thread.sleep(20);
    }
    List<Long> during = errorTimes.stream().filter(t -> t >= start).sorted().toList();
    return new Outage(during.size(), during.isEmpty() ? -1 : during.get(0) - start, during.isEmpty() ? -1 : during.get(during.size() - 1) - start,
        successTimes.ceiling(mark) - mark);
  }

  int writes() {
    return writes.get();
  }

  /** Stops the application; fails if it hit anything but an error the database returned. */
  @Override
  public void close() throws InterruptedException {
    if (stop.getAndSet(true)) {
      return;
    }
    for (Thread thread : threads) {
      thread.join();
    }
    pool.close();
    assertThat(failure.get()).as("the application hit no error other than a database error").isNull();
  }

  /** No lookup that got an answer missed its row, and every error was the database going away or coming back. */
  void assertNoMissAndOnlyOutageErrors() {
    assertThat(misses.get()).as("lookups that got an answer but not their row").isZero();
    for (String state : errors.keySet()) {
      assertThat(state.startsWith("08") || state.startsWith("57P0")).as("SQLState %s is an outage: %s", state, firstErrorByState.get(state)).isTrue();
    }
  }

  void assertNoError() {
    assertThat(misses.get()).as("lookups that got an answer but not their row").isZero();
    assertThat(errors).as("application errors: %s", firstErrorByState).isEmpty();
  }

  /**
   * Every row is at {@code version} and holds the last value the application was told it wrote, or
   * the value of a write in doubt; returns how many hold a write in doubt.
   */
  int assertEveryRowIsTheLastWrittenValueAtVersion(DataSource plain, String secret, int version) throws Exception {
    int inDoubtKept = 0;
    try (Application app = new Application(plain, secret, Duration.ZERO);
        Connection connection = plain.getConnection(); Statement statement = connection.createStatement();
        ResultSet stored = statement.executeQuery("SELECT id, email, ssn FROM " + table + " ORDER BY id")) {
      int count = 0;
      while (stored.next()) {
        long id = stored.getLong(1);
        count++;
        assertThat(FieldCipher.isEnvelope(stored.getString(2))).as("email of row %d is encrypted", id).isTrue();
        assertThat(FieldCipher.keyVersionOf(stored.getString(2))).as("version of email %d", id).isEqualTo(version);
        assertThat(FieldCipher.keyVersionOf(stored.getString(3))).as("version of ssn %d", id).isEqualTo(version);
        String ssn = (String) app.decrypt(stored.getString(3), Mode.RANDOMIZED, "pii", ValueType.TEXT);
        String email = (String) app.decrypt(stored.getString(2), Mode.DETERMINISTIC, "customers.email", ValueType.TEXT);
        assertThat(email).as("row %d holds email and ssn of one write", id).isEqualTo(ssn.startsWith("ssn-") ? "user" + id + "@example.com" : ssn + "@example.com");
        String expected = acknowledged.getOrDefault(id, "ssn-" + id);
        if (!ssn.equals(expected)) {
          assertThat(inDoubt.getOrDefault(id, Set.of())).as("row %d holds %s: neither its last acknowledged write %s nor a write in doubt", id, ssn, expected)
              .contains(ssn);
          inDoubtKept++;
        }
      }
      assertThat(count).isEqualTo(rows);
    }
    return inDoubtKept;
  }

  private void write(int writer) throws Exception {
    for (int n = 0; !stop.get(); n++) {
      long id = ThreadLocalRandom.current().nextLong(writtenRows / 4) * 4 + writer + 1;
      String value = "w" + writer + "-" + n;
      try (Connection connection = pool.getConnection();
          PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET email = ?, ssn = ? WHERE id = ?")) {
        update.setString(1, value + "@example.com");
        update.setString(2, value);
        update.setLong(3, id);
        inDoubt.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(value);
        assertThat(update.executeUpdate()).isEqualTo(1);
        acknowledged.put(id, value);
        inDoubt.remove(id);
        writes.incrementAndGet();
        successTimes.add(System.currentTimeMillis());
      } catch (SQLException e) {
        failed(e);
      }
    }
  }

  private void lookUp() throws Exception {
    String sql = byEmail ? "SELECT id, ssn FROM " + table + " WHERE email = ?" : "SELECT id, ssn FROM " + table + " WHERE id = ?";
    while (!stop.get()) {
      long id = writtenRows + 1 + ThreadLocalRandom.current().nextLong(rows - writtenRows);
      try (Connection connection = pool.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
        if (byEmail) {
          select.setString(1, "user" + id + "@example.com");
        } else {
          select.setLong(1, id);
        }
        try (ResultSet found = select.executeQuery()) {
          if (!found.next() || found.getLong(1) != id || !("ssn-" + id).equals(found.getString(2))) {
            misses.incrementAndGet();
          }
        }
        lookups.incrementAndGet();
      } catch (SQLException e) {
        failed(e);
      }
    }
  }

  private void failed(SQLException e) throws InterruptedException {
    String state = String.valueOf(e.getSQLState());
    errorTimes.add(System.currentTimeMillis());
    errors.computeIfAbsent(state, s -> new AtomicInteger()).incrementAndGet();
    firstErrorByState.putIfAbsent(state, e.getClass().getSimpleName() + ": " + e.getMessage());
    Thread.sleep(20);
  }

  private interface Work {
    void run() throws Exception;
  }

  private void guard(Work work) {
    try {
      work.run();
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
    }
  }

  @Override
  public String toString() {
    return writes + " writes, " + lookups + " lookups, " + misses + " missed, errors by SQLState " + new TreeMap<>(errors)
        + ", writes in doubt " + inDoubt.size();
  }
}
