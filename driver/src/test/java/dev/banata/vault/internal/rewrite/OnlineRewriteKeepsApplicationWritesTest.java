package dev.banata.vault.internal.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rewrite engine on its own, with a stand-in for encryption ("v1:x" becomes "v2:x"), so that what
 * is tested here is the paging, the compare-and-set and the sweeps: application writers that keep
 * writing — some still in the old form until they "refresh" — never lose a write, and the job does
 * not stop while an old-form row remains.
 */
@DatabaseTest
class OnlineRewriteKeepsApplicationWritesTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final int ROWS = 4000;

  /** The stand-in for re-encryption: anything not yet "v2:" is rewritten to "v2:" + its payload. */
  private static final ValueRewrite TO_V2 = (column, stored) -> {
    String text = (String) stored;
    return text.startsWith("v2:") ? null : "v2:" + text.substring(3);
  };

  @Test
  void writersUpdatingRandomRowsDuringTheJobKeepTheirLastValueAndEveryRowEndsRewritten() throws Exception {
    db.execute("DROP TABLE IF EXISTS accounts", "CREATE TABLE accounts (id bigint PRIMARY KEY, email text, ssn text, note text)",
        "INSERT INTO accounts SELECT g, 'v1:e' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'v1:s' || g END, 'n' FROM generate_series(1, " + ROWS + ") g");
    TableTarget table = resolve();
    Instant settleUntil = Instant.now().plusMillis(2500);
    Map<Long, String[]> lastWritten = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    List<Thread> writers = new java.util.ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writer = w;
      Thread thread = new Thread(() -> write(writer, settleUntil.minusMillis(1000), lastWritten, stop, writes));
      thread.start();
      writers.add(thread);
    }

    FailureLog failures = new FailureLog();
    RewriteJob.Report report;
    try (JobJournal journal = JobJournal.open(db.plainConnection())) {
      journal.begin("test-rewrite");
      RewriteJob job = new RewriteJob("test-rewrite", connections(), journal, TO_V2,
          new RewriteJob.Settings(100, 2, 20, settleUntil), Progress.silent(), failures, Clock.systemUTC());
      report = job.run(List.of(table));
    }
    stop.set(true);
    for (Thread thread : writers) {
      thread.join();
    }

    assertThat(report.complete()).isTrue();
    assertThat(failures.isEmpty()).isTrue();
    assertThat(writes.get()).isGreaterThan(100);
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, email, ssn FROM accounts ORDER BY id")) {
      int count = 0;
      while (rows.next()) {
        count++;
        long id = rows.getLong(1);
        String email = rows.getString(2);
        String ssn = rows.getString(3);
        String[] last = lastWritten.get(id);
        String expectedEmail = last == null ? "e" + id : last[0];
        String expectedSsn = last == null ? (id % 7 == 0 ? null : "s" + id) : last[1];
        assertThat(email).as("email of row %d", id).isEqualTo("v2:" + expectedEmail);
        assertThat(ssn).as("ssn of row %d", id).isEqualTo(expectedSsn == null ? null : "v2:" + expectedSsn);
      }
      assertThat(count).isEqualTo(ROWS);
    }
  }

  /**
   * The race made certain: the application writes a row after the job read it and before the job
   * writes it. Its value is kept (the job's write of that row does not happen), and a sweep then
   * rewrites the row from the application's value. A write to a column the job does not rewrite
   * counts the same: the job compares row versions, not values.
   */
  @Test
  void aWriteBetweenTheJobsReadAndItsWriteIsKeptAndSweptLater() throws Exception {
    db.execute("DROP TABLE IF EXISTS accounts",
        "CREATE TABLE accounts (id bigint PRIMARY KEY, email text, ssn text, note text)",
        "INSERT INTO accounts SELECT g, 'v1:e' || g, 'v1:s' || g, 'n' FROM generate_series(1, 100) g");
    TableTarget table = resolve();
    AtomicBoolean raced = new AtomicBoolean();
    ValueRewrite racingApplication = (column, stored) -> {
      // Called by the job between its read of the batch and its write of it.
      if (stored.equals("v1:e5") && raced.compareAndSet(false, true)) {
        try {
          db.execute("UPDATE accounts SET email = 'v2:application' WHERE id = 5", "UPDATE accounts SET note = 'application' WHERE id = 6");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
      return TO_V2.rewrite(column, stored);
    };
    RewriteJob.Report report;
    try (JobJournal journal = JobJournal.open(db.plainConnection())) {
      journal.begin("test-race");
      report = new RewriteJob("test-race", connections(), journal, racingApplication, new RewriteJob.Settings(10, 1, 3, Instant.EPOCH),
          Progress.silent(), new FailureLog(), Clock.systemUTC()).run(List.of(table));
    }

    assertThat(raced).isTrue();
    assertThat(report.complete()).isTrue();
    assertThat(report.tables().get(0).conflicts()).as("rows 5 and 6 were left to the application's writes").isEqualTo(2);
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, email, ssn, note FROM accounts WHERE id IN (5, 6) ORDER BY id")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(2)).as("the application's write to row 5").isEqualTo("v2:application");
      assertThat(rows.getString(3)).as("row 5 rewritten by a sweep").isEqualTo("v2:s5");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(2)).isEqualTo("v2:e6");
      assertThat(rows.getString(4)).as("the application's write to row 6").isEqualTo("application");
    }
  }

  /** Writer {@code writer} owns the rows with id % 4 == writer, so "its last value" is well defined. */
  private static void write(int writer, Instant refreshedAt, Map<Long, String[]> lastWritten, AtomicBoolean stop, AtomicInteger writes) {
    try (Connection connection = db.plainConnection();
        PreparedStatement update = connection.prepareStatement("UPDATE accounts SET email = ?, ssn = ? WHERE id = ?")) {
      int n = 0;
      while (!stop.get()) {
        long id = ThreadLocalRandom.current().nextLong(ROWS / 4) * 4 + writer + (writer == 0 ? 4 : 0);
        if (id > ROWS) {
          continue;
        }
        // Before its key ring refreshes, this writer still writes the old form.
        String prefix = Instant.now().isBefore(refreshedAt) ? "v1:" : "v2:";
        String email = "w" + writer + "-" + n + "@example.com";
        String ssn = "w" + writer + "-" + n++;
        update.setString(1, prefix + email);
        update.setString(2, prefix + ssn);
        update.setLong(3, id);
        update.executeUpdate();
        lastWritten.put(id, new String[] {email, ssn});
        writes.incrementAndGet();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TableTarget resolve() throws SQLException {
    VaultConfig config = VaultConfig.builder().table("accounts").primaryKey("id")
        .column("email", Mode.DETERMINISTIC).column("ssn", Mode.RANDOMIZED).and().build();
    try (Connection connection = db.plainConnection()) {
      return new TableResolver(connection).resolve(config, List.of()).get(0);
    }
  }

  private static Supplier<Connection> connections() {
    return () -> {
      try {
        return db.plainConnection();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
