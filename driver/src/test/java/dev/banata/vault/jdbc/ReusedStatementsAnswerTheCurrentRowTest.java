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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A prepared statement executed again with other parameters, results of the same SQL read side by
 * side, and threads reading at once all answer with their own row: nothing kept between executions
 * or shared between results (the decryptor of a column is shared by every result) lends a value of
 * another row, or decrypts one column with another column's key.
 */
@DatabaseTest
class ReusedStatementsAnswerTheCurrentRowTest {

  private static final String BY_ID = "SELECT name, email, ssn FROM customers WHERE id = ?";
  private static final String BY_EMAIL = "SELECT id, name, ssn FROM customers WHERE email = ?";
  private static final int ROWS = 20;

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws SQLException {
    Customers.create(db);
    pool = Customers.pool(db, Customers.CONFIG);
    try (Connection connection = pool.getConnection()) {
      Customers.insertNumbered(connection, ROWS);
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Test
  void aStatementExecutedAgainAnswersWithTheNewParametersRow() throws SQLException {
    try (Connection connection = pool.getConnection(); PreparedStatement byId = connection.prepareStatement(BY_ID);
        PreparedStatement byEmail = connection.prepareStatement(BY_EMAIL)) {
      for (long id = 1; id <= ROWS; id++) {
        byId.setLong(1, id);
        try (ResultSet row = byId.executeQuery()) {
          assertThat(row.next()).isTrue();
          assertThat(List.of(row.getString(1), row.getString("email"), row.getString(3)))
              .containsExactly("n" + id, "e" + id + "@example.com", "s" + id);
          assertThat(row.next()).isFalse();
        }
        byEmail.setString(1, "e" + id + "@example.com");
        try (ResultSet row = byEmail.executeQuery()) {
          assertThat(row.next()).isTrue();
          assertThat(row.getLong(1)).isEqualTo(id);
          assertThat(row.getString("ssn")).isEqualTo("s" + id);
        }
      }
      byEmail.setString(1, "nobody@example.com");
      try (ResultSet none = byEmail.executeQuery()) {
        assertThat(none.next()).isFalse();
      }
    }
  }

  @Test
  void resultsOfTheSameSqlReadSideBySideKeepTheirOwnRows() throws SQLException {
    try (Connection first = pool.getConnection(); Connection second = pool.getConnection();
        PreparedStatement one = first.prepareStatement(BY_ID); PreparedStatement other = second.prepareStatement(BY_ID)) {
      one.setLong(1, 3);
      other.setLong(1, 4);
      try (ResultSet three = one.executeQuery(); ResultSet four = other.executeQuery()) {
        assertThat(three.next()).isTrue();
        assertThat(four.next()).isTrue();
        // Interleaved, and each column in another order than the select list.
        assertThat(four.getString(3)).isEqualTo("s4");
        assertThat(three.getString(2)).isEqualTo("e3@example.com");
        assertThat(three.getString(3)).isEqualTo("s3");
        assertThat(four.getString(2)).isEqualTo("e4@example.com");
      }
    }
  }

  @Test
  void threadsReadingAtOnceEachGetTheirOwnRows() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> mismatches = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        mismatches.add(threads.submit(() -> {
          List<String> wrong = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            long id = 1 + (i * 7L + offset) % ROWS;
            try (Connection connection = pool.getConnection(); PreparedStatement select = connection.prepareStatement(BY_ID)) {
              select.setLong(1, id);
              try (ResultSet row = select.executeQuery()) {
                row.next();
                if (!row.getString(2).equals("e" + id + "@example.com") || !row.getString(3).equals("s" + id)) {
                  wrong.add("row " + id);
                }
              }
            }
          }
          return wrong;
        }));
      }
      for (Future<List<String>> each : mismatches) {
        assertThat(each.get()).isEmpty();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
