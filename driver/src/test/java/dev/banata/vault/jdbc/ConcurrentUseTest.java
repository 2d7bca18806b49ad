package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many threads share the driver, one pool and one plan cache, running the same SQL with their own
 * values: every thread reads back exactly what it wrote (no cross-talk of parameters).
 */
@DatabaseTest
class ConcurrentUseTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws SQLException {
    Customers.create(db);
    pool = Customers.pool(db, Customers.CONFIG);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Test
  void threadsSharingPoolAndPlansNeverSeeEachOthersValues() throws Exception {
    int threads = 8;
    int rowsPerThread = 40;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<Integer> work = () -> {
          int checked = 0;
          for (int i = 0; i < rowsPerThread; i++) {
            long id = thread * 1000L + i;
            String email = "t" + thread + "-" + i + "@example.com";
            try (Connection connection = pool.getConnection()) {
              try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email, ssn, visits) VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, id);
                insert.setString(2, email);
                insert.setString(3, "ssn-" + id);
                insert.setInt(4, (int) id);
                insert.executeUpdate();
              }
              try (PreparedStatement select = connection.prepareStatement("SELECT id, ssn, visits FROM customers WHERE email = ?")) {
                select.setString(1, email);
                try (ResultSet rows = select.executeQuery()) {
                  assertThat(rows.next()).isTrue();
                  assertThat(rows.getLong(1)).isEqualTo(id);
                  assertThat(rows.getString(2)).isEqualTo("ssn-" + id);
                  assertThat(rows.getInt(3)).isEqualTo((int) id);
                  assertThat(rows.next()).isFalse();
                  checked++;
                }
              }
            }
          }
          return checked;
        };
        results.add(executor.submit(work));
      }
      int total = 0;
      for (Future<Integer> result : results) {
        total += result.get();
      }
      assertThat(total).isEqualTo(threads * rowsPerThread);
    } finally {
      executor.shutdownNow();
    }
    try (Connection plain = db.plainConnection();
        ResultSet rows = plain.createStatement().executeQuery("SELECT count(*) FROM customers WHERE email LIKE 'bv1:%'")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(threads * rowsPerThread);
    }
  }
}
