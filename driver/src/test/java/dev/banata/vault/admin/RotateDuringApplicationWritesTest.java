package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation is online: four application writers keep updating random rows (with a key ring that only
 * learns the new version at its next refresh) and a reader keeps looking rows up by deterministic
 * email while {@code rotate} runs. Afterwards every row holds the last value its writer wrote, every
 * row is at the new version, and the reader never missed.
 */
@DatabaseTest
class RotateDuringApplicationWritesTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final int WRITTEN_ROWS = 2000;
  private static final int LOOKED_UP_ROWS = 200;

  @TempDir Path dir;

  @Test
  void fourWritersDuringRotateKeepTheirLastValueAndEveryRowEndsAtTheNewVersion() throws Exception {
    db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text)");
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    Path config = AdminRun.config(dir, AdminRun.EMAIL_AND_SSN_YAML);
    String[] target = AdminRun.target(db, config);
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, target)).code()).isZero();

    Map<Long, String[]> lastWritten = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    AtomicInteger lookups = new AtomicInteger();
    AtomicReference<Throwable> applicationError = new AtomicReference<>();
    AdminRun.Result rotate;
    // The application refreshes its key ring every 2 seconds: for up to 2 seconds after the new version
    // is registered it still encrypts with version 1.
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ofSeconds(2))) {
      try (Connection connection = db.plainConnection()) {
        app.insertCustomers(connection, "customers", WRITTEN_ROWS + LOOKED_UP_ROWS);
      }
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        threads.add(new Thread(() -> guard(applicationError, () -> write(app, writer, lastWritten, stop, writes))));
      }
      threads.add(new Thread(() -> guard(applicationError, () -> lookUp(app, stop, lookups))));
      threads.forEach(Thread::start);

      rotate = AdminRun.run(env, RotateTest.concat(
          new String[] {"rotate", "--settle-seconds", "3", "--batch-size", "100", "--parallel", "2", "--progress-interval", "1"}, target));

      stop.set(true);
      for (Thread thread : threads) {
        thread.join();
      }
    }

    assertThat(applicationError.get()).as("the application kept working").isNull();
    assertThat(rotate.code()).as(rotate.toString()).isZero();
    assertThat(rotate.err()).contains("clean — a full sweep found no row left to do");
    assertThat(writes.get()).as("writes during the rotation").isGreaterThan(200);
    assertThat(lookups.get()).as("lookups during the rotation").isGreaterThan(50);
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, email, ssn FROM customers ORDER BY id")) {
      while (rows.next()) {
        long id = rows.getLong(1);
        String[] last = lastWritten.getOrDefault(id, new String[] {"user" + id + "@example.com", "ssn-" + id});
        assertThat(FieldCipher.keyVersionOf(rows.getString(2))).as("version of email %d", id).isEqualTo(2);
        assertThat(FieldCipher.keyVersionOf(rows.getString(3))).as("version of ssn %d", id).isEqualTo(2);
        assertThat(app.decrypt(rows.getString(2), Mode.DETERMINISTIC, "customers.email", ValueType.TEXT)).as("email %d", id).isEqualTo(last[0]);
        assertThat(app.decrypt(rows.getString(3), Mode.RANDOMIZED, "pii", ValueType.TEXT)).as("ssn %d", id).isEqualTo(last[1]);
      }
    }
  }

  /** Writer {@code writer} owns the rows with id % 4 == writer, so "the last value it wrote" is well defined. */
  private static void write(Application app, int writer, Map<Long, String[]> lastWritten, AtomicBoolean stop, AtomicInteger writes)
      throws SQLException {
    try (Connection connection = db.plainConnection();
        PreparedStatement update = connection.prepareStatement("UPDATE customers SET email = ?, ssn = ? WHERE id = ?")) {
      for (int n = 0; !stop.get(); n++) {
        long id = ThreadLocalRandom.current().nextLong(WRITTEN_ROWS / 4) * 4 + writer + 1;
        String email = "w" + writer + "-" + n + "@example.com";
        String ssn = "w" + writer + "-" + n;
        update.setString(1, app.email(email));
        update.setString(2, app.ssn(ssn));
        update.setLong(3, id);
        assertThat(update.executeUpdate()).isEqualTo(1);
        lastWritten.put(id, new String[] {email, ssn});
        writes.incrementAndGet();
      }
    }
  }

  /** Looks rows up by email the way the driver does while several versions are live: one candidate per live version. */
  private static void lookUp(Application app, AtomicBoolean stop, AtomicInteger lookups) throws SQLException {
    try (Connection connection = db.plainConnection()) {
      while (!stop.get()) {
        long id = WRITTEN_ROWS + 1 + ThreadLocalRandom.current().nextLong(LOOKED_UP_ROWS);
        List<String> candidates = app.cipher.deterministicCandidatesText("customers.email", ValueType.TEXT, "user" + id + "@example.com");
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM customers WHERE email = ANY (?)")) {
          select.setArray(1, connection.createArrayOf("text", candidates.toArray()));
          try (ResultSet found = select.executeQuery()) {
            assertThat(found.next()).as("lookup of row %d by email", id).isTrue();
            assertThat(found.getLong(1)).isEqualTo(id);
          }
        }
        lookups.incrementAndGet();
      }
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
