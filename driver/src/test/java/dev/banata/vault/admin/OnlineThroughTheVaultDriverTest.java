package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application runs through {@code jdbc:vault:} — four writer threads updating random rows and a
 * reader looking rows up by deterministic email — while the admin command works on the same table.
 * The application never gets an error or a miss; afterwards every row holds the last value its
 * writer wrote, and the job's work is complete.
 */
@DatabaseTest
class OnlineThroughTheVaultDriverTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final int WRITTEN_ROWS = 1200;
  private static final int LOOKED_UP_ROWS = 100;

  @TempDir static Path dir;

  private static Path config;
  private static Map<String, String> env;

  @BeforeAll
  static void install() {
    // The secret of the test JVM, which the vault driver reads from the environment.
    env = AdminRun.env(System.getenv("BETTER_AUTH_SECRET"));
    config = AdminRun.config(dir, """
        plaintext-reads: allow
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
              ssn:   { mode: randomized, context: pii }
        """);
    assertThat(AdminRun.run(env, "install", "--url", db.url(), "--user", db.user()).code()).isZero();
  }

  @Test
  void rotateAndEncryptExistingRunWhileTheApplicationReadsAndWritesThroughTheDriver() throws Exception {
    // Adoption first: a table of plaintext, encrypted while the application (plaintext-reads: allow) uses it.
    db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text)",
        "INSERT INTO customers SELECT g, 'user' || g || '@example.com', 'ssn-' || g FROM generate_series(1, "
            + (WRITTEN_ROWS + LOOKED_UP_ROWS) + ") g");
    Map<Long, String[]> lastWritten = new ConcurrentHashMap<>();

    // While plaintext rows remain, the driver's equality lookups cannot match them (the driver
    // compares ciphertexts), so during the adoption the reader reads by id.
    AdminRun.Result encrypt = whileTheApplicationRuns(lastWritten, false, "encrypt-existing", "--batch-size", "100", "--parallel", "2");
    assertThat(encrypt.code()).as(encrypt.toString()).isZero();
    assertEveryRowIsTheLastWrittenValueAtVersion(lastWritten, 1);

    AdminRun.Result rotate = whileTheApplicationRuns(lastWritten, true, "rotate", "--batch-size", "100", "--parallel", "2", "--settle-seconds", "3");
    assertThat(rotate.code()).as(rotate.toString()).isZero();
    assertEveryRowIsTheLastWrittenValueAtVersion(lastWritten, 2);
  }

  private AdminRun.Result whileTheApplicationRuns(Map<Long, String[]> lastWritten, boolean byEmail, String... command) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    AtomicInteger lookups = new AtomicInteger();
    AtomicReference<Throwable> error = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writer = w;
      threads.add(new Thread(() -> guard(error, () -> write(writer, lastWritten, stop, writes))));
    }
    threads.add(new Thread(() -> guard(error, () -> lookUp(byEmail, stop, lookups))));
    threads.forEach(Thread::start);
    AdminRun.Result result;
    try {
      // The job starts once the application is up and has written and read.
      while (writes.get() < 20 || lookups.get() < 5) {
        assertThat(error.get()).as("the application started").isNull();
        Thread.sleep(50);
      }
      int before = writes.get();
      result = AdminRun.run(env, RotateTest.concat(command,
          new String[] {"--url", db.vaultUrl(), "--user", db.user(), "--config", config.toString(), "--progress-interval", "1"}));
      writes.addAndGet(-before);
    } finally {
      stop.set(true);
      for (Thread thread : threads) {
        thread.join();
      }
    }
    assertThat(error.get()).as("the application kept working during %s", command[0]).isNull();
    assertThat(writes.get()).as("application writes during %s", command[0]).isGreaterThan(50);
    assertThat(lookups.get()).as("application lookups during %s", command[0]).isGreaterThan(20);
    return result;
  }

  private static Connection application() throws SQLException {
    String url = db.vaultUrl() + "&vault.key-refresh-seconds=1&vault.config=" + URLEncoder.encode(config.toString(), StandardCharsets.UTF_8);
    return DriverManager.getConnection(url, db.user(), db.password());
  }

  /** Writer {@code writer} owns the rows with id % 4 == writer, so "the last value it wrote" is well defined. */
  private static void write(int writer, Map<Long, String[]> lastWritten, AtomicBoolean stop, AtomicInteger writes) throws SQLException {
    try (Connection connection = application();
        PreparedStatement update = connection.prepareStatement("UPDATE customers SET email = ?, ssn = ? WHERE id = ?")) {
      for (int n = 0; !stop.get(); n++) {
        long id = ThreadLocalRandom.current().nextLong(WRITTEN_ROWS / 4) * 4 + writer + 1;
        String email = "w" + writer + "-" + n + "-" + System.nanoTime() + "@example.com";
        String ssn = "w" + writer + "-" + n;
        update.setString(1, email);
        update.setString(2, ssn);
        update.setLong(3, id);
        assertThat(update.executeUpdate()).isEqualTo(1);
        lastWritten.put(id, new String[] {email, ssn});
        writes.incrementAndGet();
      }
    }
  }

  /** Lookups (by deterministic email, or by id) on rows no writer touches: each must find its row and read its values. */
  private static void lookUp(boolean byEmail, AtomicBoolean stop, AtomicInteger lookups) throws SQLException {
    try (Connection connection = application();
        PreparedStatement select = connection.prepareStatement(byEmail
            ? "SELECT id, ssn FROM customers WHERE email = ?"
            : "SELECT id, ssn FROM customers WHERE id = ? AND email IS NOT NULL")) {
      while (!stop.get()) {
        long id = WRITTEN_ROWS + 1 + ThreadLocalRandom.current().nextLong(LOOKED_UP_ROWS);
        if (byEmail) {
          select.setString(1, "user" + id + "@example.com");
        } else {
          select.setLong(1, id);
        }
        try (ResultSet found = select.executeQuery()) {
          assertThat(found.next()).as("lookup of row %d by email", id).isTrue();
          assertThat(found.getLong(1)).isEqualTo(id);
          assertThat(found.getString(2)).isEqualTo("ssn-" + id);
        }
        lookups.incrementAndGet();
      }
    }
  }

  private static void assertEveryRowIsTheLastWrittenValueAtVersion(Map<Long, String[]> lastWritten, int version) throws SQLException {
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet stored = statement.executeQuery("SELECT id, email, ssn FROM customers ORDER BY id")) {
      while (stored.next()) {
        long id = stored.getLong(1);
        assertThat(FieldCipher.isEnvelope(stored.getString(2))).as("email of row %d is encrypted", id).isTrue();
        assertThat(FieldCipher.keyVersionOf(stored.getString(2))).as("version of email %d", id).isEqualTo(version);
        assertThat(FieldCipher.keyVersionOf(stored.getString(3))).as("version of ssn %d", id).isEqualTo(version);
      }
    }
    try (Connection connection = application(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, email, ssn FROM customers")) {
      int count = 0;
      while (rows.next()) {
        long id = rows.getLong(1);
        count++;
        String[] last = lastWritten.getOrDefault(id, new String[] {"user" + id + "@example.com", "ssn-" + id});
        assertThat(rows.getString(2)).as("email of row %d", id).isEqualTo(last[0]);
        assertThat(rows.getString(3)).as("ssn of row %d", id).isEqualTo(last[1]);
      }
      assertThat(count).isEqualTo(WRITTEN_ROWS + LOOKED_UP_ROWS);
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  private static void guard(AtomicReference<Throwable> error, Work work) {
    try {
      work.run();
    } catch (Throwable e) {
      error.compareAndSet(null, e);
    }
  }
}
