package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A result is decrypted with the layout of the execution that produced it, whatever the application
 * called in between: for every pair of operations (execute, executeQuery, executeUpdate, addBatch,
 * executeBatch, clearBatch, getResultSet, getGeneratedKeys, getMoreResults, a refused and a failing
 * execution) on a Statement, three kinds of PreparedStatement and a CallableStatement, followed by
 * getResultSet and getGeneratedKeys, no value read is a {@code bv1:} ciphertext and every plaintext
 * is the one of its row. A result the driver cannot attribute to one plan may be refused; a getter
 * that fails to decrypt (a layout applied to the wrong result) fails the test.
 */
@DatabaseTest
class ResultsOfAnyCallSequenceAreDecryptedTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  private static final String SELECT_ALL = "SELECT id, email, ssn, name FROM customers WHERE id = 1";
  private static final String SELECT_OTHER_LAYOUT = "SELECT id, name, ssn FROM customers WHERE id = 2";
  private static final String UPDATE = "UPDATE customers SET name = name WHERE id = 1";
  private static final String UPDATE_RETURNING = "UPDATE customers SET ssn = 's2' WHERE id = 2 RETURNING id, email, ssn";

  @BeforeAll
  static void start() throws SQLException {
    Customers.create(db);
    pool = Customers.pool(db, Customers.CONFIG);
    try (Connection connection = pool.getConnection()) {
      Customers.insertNumbered(connection, 2);
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  // ---- what is checked

  /** Reads every row and column of {@code rows}; fails on ciphertext as data or a plaintext of another row or column. */
  private static int checkPlaintext(ResultSet rows, String step) throws SQLException {
    if (rows == null || rows.isClosed()) {
      // pgjdbc hands out again a result that was closed (by the application, getMoreResults or a refusal).
      return 0;
    }
    int values = 0;
    {
      // Not closed: the next getResultSet() returns the same result, read again (to its end already).
      ResultSetMetaData meta = rows.getMetaData();
      while (rows.next()) {
        String id = null;
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (meta.getColumnLabel(i).equals("id")) {
            id = rows.getString(i);
          }
        }
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String label = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
          String value;
          try {
            value = rows.getString(i);
          } catch (SQLException e) {
            throw new AssertionError(step + ": reading " + label + " failed (a layout applied to the wrong result?): " + e.getMessage(), e);
          }
          if (value == null) {
            continue;
          }
          assertThat(value).as("%s: %s", step, label).doesNotStartWith("bv1:");
          String expected = switch (label) {
            case "email" -> "e" + id + "@example.com";
            case "ssn" -> "s" + id;
            case "name" -> "n" + id;
            default -> null;
          };
          if (expected != null) {
            assertThat(value).as("%s: %s of row %s", step, label, id).isEqualTo(expected);
            values++;
          }
        }
      }
    }
    return values;
  }

  @FunctionalInterface
  private interface Action {
    void run(Statement statement, List<String> log) throws SQLException;
  }

  private record Op(String name, Action action) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An operation that may fail (pgjdbc refuses some calls on prepared statements, the vault refuses others): only its results are checked. */
  private static Op op(String name, Action action) {
    return new Op(name, (statement, log) -> {
      try {
        action.run(statement, log);
      } catch (SQLException e) {
        log.add(name + " threw " + e.getSQLState());
      }
    });
  }

  /** The operations every statement has (Statement's methods). */
  private static List<Op> statementOps() {
    List<Op> ops = new ArrayList<>();
    ops.add(op("execute(select)", (s, log) -> s.execute(SELECT_ALL)));
    ops.add(op("executeQuery(select)", (s, log) -> checkPlaintext(s.executeQuery(SELECT_OTHER_LAYOUT), "executeQuery(select)")));
    ops.add(op("executeUpdate(update, keys)", (s, log) -> s.executeUpdate(UPDATE, Statement.RETURN_GENERATED_KEYS)));
    ops.add(op("executeUpdate(update, names)", (s, log) -> s.executeUpdate(UPDATE, new String[] {"id", "ssn"})));
    ops.add(op("execute(update returning)", (s, log) -> s.execute(UPDATE_RETURNING)));
    ops.add(op("executeUpdate(select)", (s, log) -> s.executeUpdate(SELECT_ALL)));
    ops.add(op("execute(plain)", (s, log) -> s.execute("SELECT 1 AS id, 'x' AS other")));
    ops.add(op("addBatch(update)", (s, log) -> s.addBatch(UPDATE)));
    ops.add(op("addBatch(select)", (s, log) -> s.addBatch(SELECT_ALL)));
    ops.add(op("executeBatch", (s, log) -> s.executeBatch()));
    ops.add(op("clearBatch", (s, log) -> s.clearBatch()));
    ops.add(op("getMoreResults", (s, log) -> s.getMoreResults()));
    ops.add(op("getMoreResults(KEEP)", (s, log) -> s.getMoreResults(Statement.KEEP_CURRENT_RESULT)));
    ops.add(op("refused", (s, log) -> s.executeQuery("SELECT id FROM customers WHERE email LIKE 'e%'")));
    ops.add(op("failing", (s, log) -> s.executeQuery("SELECT id, email FROM no_such_table")));
    ops.add(op("getResultSet", (s, log) -> checkPlaintext(s.getResultSet(), "getResultSet")));
    ops.add(op("getGeneratedKeys", (s, log) -> checkPlaintext(s.getGeneratedKeys(), "getGeneratedKeys")));
    return ops;
  }

  /** The operations of a prepared (or callable) statement with its parameters set. */
  private static List<Op> preparedOps() {
    List<Op> ops = new ArrayList<>(statementOps());
    ops.add(op("ps.execute()", (s, log) -> ((PreparedStatement) s).execute()));
    ops.add(op("ps.executeQuery()", (s, log) -> checkPlaintext(((PreparedStatement) s).executeQuery(), "ps.executeQuery()")));
    ops.add(op("ps.executeUpdate()", (s, log) -> ((PreparedStatement) s).executeUpdate()));
    ops.add(op("ps.addBatch()", (s, log) -> ((PreparedStatement) s).addBatch()));
    return ops;
  }

  private enum Kind {
    STATEMENT, PREPARED_SELECT, PREPARED_UPDATE_WITH_KEYS, PREPARED_UPDATE_RETURNING, CALLABLE;

    Statement open(Connection connection) throws SQLException {
      return switch (this) {
        case STATEMENT -> connection.createStatement();
        case PREPARED_SELECT -> withId(connection.prepareStatement("SELECT id, email, ssn, name FROM customers WHERE id = ?"), 1);
        case PREPARED_UPDATE_WITH_KEYS -> withId(connection.prepareStatement("UPDATE customers SET name = name WHERE id = ?",
            Statement.RETURN_GENERATED_KEYS), 2);
        case PREPARED_UPDATE_RETURNING -> {
          PreparedStatement update = connection.prepareStatement("UPDATE customers SET ssn = ? WHERE id = ? RETURNING id, ssn, email");
          update.setString(1, "s1");
          update.setLong(2, 1);
          yield update;
        }
        // A callable over encrypted columns is refused: only plain SQL runs as a call.
        case CALLABLE -> withId(connection.prepareCall("SELECT id, name FROM customers WHERE id = ?"), 2);
      };
    }

    private static PreparedStatement withId(PreparedStatement statement, long id) throws SQLException {
      statement.setLong(1, id);
      return statement;
    }

    List<Op> ops() {
      return this == STATEMENT ? statementOps() : preparedOps();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyPairOfOperationsThenTheResultAndTheKeys() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (Op first : kind.ops()) {
        for (Op second : kind.ops()) {
          String name = kind + ": " + first + " -> " + second;
          tests.add(DynamicTest.dynamicTest(name, () -> {
            List<String> log = new ArrayList<>();
            try (Connection connection = pool.getConnection(); Statement statement = kind.open(connection)) {
              first.action().run(statement, log);
              checkResultAndKeys(statement, name + " (after the first)");
              second.action().run(statement, log);
              checkResultAndKeys(statement, name);
            }
          }));
        }
      }
    }
    return tests.stream();
  }

  /** getResultSet() and getGeneratedKeys(): plaintext, or refused as a result no plan describes (22000). */
  private static void checkResultAndKeys(Statement statement, String step) throws SQLException {
    try {
      checkPlaintext(statement.getResultSet(), step + " -> getResultSet");
    } catch (VaultSqlException refused) {
      assertThat(refused.getSQLState()).as(step).isEqualTo("22000");
    }
    try {
      checkPlaintext(statement.getGeneratedKeys(), step + " -> getGeneratedKeys");
    } catch (VaultSqlException refused) {
      assertThat(refused.getSQLState()).as(step).isEqualTo("22000");
    }
  }

  // ---- the sequences of the issue, with the plaintext they must return

  @Test
  void executeThenAddBatchThenGetResultSetDecryptsTheSelect() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThat(statement.execute(SELECT_ALL)).isTrue();
      statement.addBatch(UPDATE);
      assertThat(checkPlaintext(statement.getResultSet(), "getResultSet")).isEqualTo(3);
    }
  }

  @Test
  void aPreparedResultSurvivesAQueryStringThatPgjdbcRejects() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT id, email, ssn, name FROM customers WHERE id = ?")) {
      select.setLong(1, 1);
      assertThat(select.execute()).isTrue();
      assertThatThrownBy(() -> select.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
      assertThat(checkPlaintext(select.getResultSet(), "getResultSet")).isEqualTo(3);
    }
  }

  @Test
  void generatedKeysSurviveAnAddBatch() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThat(statement.executeUpdate(UPDATE, Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
      statement.addBatch("SELECT 1");
      assertThat(checkPlaintext(statement.getGeneratedKeys(), "getGeneratedKeys")).isEqualTo(3);
    }
  }

  @Test
  void aPreparedBatchReturnsTheKeysOfEveryRowDecrypted() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement update = connection.prepareStatement("UPDATE customers SET name = name WHERE id = ?", Statement.RETURN_GENERATED_KEYS)) {
      for (long id = 1; id <= 2; id++) {
        update.setLong(1, id);
        update.addBatch();
      }
      update.executeBatch();
      assertThat(checkPlaintext(update.getGeneratedKeys(), "getGeneratedKeys")).isEqualTo(6);
    }
  }

  @Test
  void anExecuteUpdateOfASelectDoesNotLendItsRowsThePreviousLayout() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1 AS id");
      // pgjdbc runs it, keeps its rows as the current result and throws.
      assertThatThrownBy(() -> statement.executeUpdate(SELECT_ALL)).isInstanceOf(SQLException.class);
      try {
        checkPlaintext(statement.getResultSet(), "getResultSet");
      } catch (VaultSqlException refused) {
        assertThat(refused.getSQLState()).isEqualTo("22000");
      }
    }
  }

  /** The check above is not vacuous: the same reading over the raw delegate sees the ciphertext. */
  @Test
  void theCheckSeesCiphertextWhenTheVaultIsBypassed() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(SELECT_ALL);
      Statement raw = statement.unwrap(org.postgresql.PGStatement.class) instanceof Statement s ? s : null;
      assertThat(raw).isNotNull();
      try {
        checkPlaintext(raw.getResultSet(), "raw");
        fail("ciphertext was not noticed");
      } catch (AssertionError expected) {
        assertThat(expected).hasMessageContaining("bv1:");
      }
    }
  }

  @Test
  void aCallableStatementOverEncryptedColumnsIsStillRefused() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      assertThatThrownBy(() -> connection.prepareCall(SELECT_ALL)).isInstanceOf(VaultSqlException.class);
    }
  }
}
