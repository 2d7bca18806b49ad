package dev.banata.vault.admin;

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
    db.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, email text, ssn text, note text)",
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
