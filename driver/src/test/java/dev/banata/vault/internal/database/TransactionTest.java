package dev.banata.vault.internal.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one transaction rule: commit on return, roll back on any failure, auto-commit as it was, rollback failures suppressed. */
@DatabaseTest
class TransactionTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @BeforeEach
  void emptyTable() throws SQLException {
    db.execute("DROP TABLE IF EXISTS notes", "CREATE TABLE notes (id int PRIMARY KEY)");
  }

  @Test
  void workThatReturnsIsCommittedAndAutoCommitIsRestored() throws SQLException {
    try (Connection connection = db.plainConnection()) {
      int inserted = Transaction.run(connection, c -> insert(c, 1));

      assertThat(inserted).isEqualTo(1);
      assertThat(connection.getAutoCommit()).isTrue();
    }
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void workThatThrowsAnythingIsRolledBackAndTheFailureIsRethrownAsItIs() throws SQLException {
    IllegalStateException unchecked = new IllegalStateException("unchecked");
    try (Connection connection = db.plainConnection()) {
      assertThatThrownBy(() -> Transaction.run(connection, c -> {
        insert(c, 1);
        throw unchecked;
      })).isSameAs(unchecked);
      assertThatThrownBy(() -> Transaction.run(connection, c -> {
        insert(c, 2);
        return insert(c, 2); // duplicate key
      })).isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
      assertThatThrownBy(() -> Transaction.run(connection, c -> {
        insert(c, 3);
        throw new AssertionError("an Error too");
      })).isInstanceOf(AssertionError.class);

      assertThat(connection.getAutoCommit()).isTrue();
    }
    assertThat(count()).isZero();
  }

  @Test
  void aConnectionLentWithoutAutoCommitIsGivenBackWithoutIt() throws SQLException {
    try (Connection connection = db.plainConnection()) {
      connection.setAutoCommit(false);

      Transaction.run(db.plainDataSource(), c -> insert(c, 1));
      Transaction.run(connection, c -> insert(c, 2));

      assertThat(connection.getAutoCommit()).isFalse();
    }
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void aFailingRollbackIsSuppressedUnderTheWorksOwnFailure() throws SQLException {
    try (Connection real = db.plainConnection()) {
      SQLException rollbackFailure = new SQLException("rollback failed");
      Connection connection = failingOn("rollback", real, rollbackFailure);
      SQLException workFailure = new SQLException("work failed");

      assertThatThrownBy(() -> Transaction.run(connection, c -> {
        insert(c, 1);
        throw workFailure;
      })).isSameAs(workFailure).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(rollbackFailure));
      assertThat(real.getAutoCommit()).as("restored even so").isTrue();
    }
  }

  @Test
  void aFailingCommitIsRolledBack() throws SQLException {
    try (Connection real = db.plainConnection()) {
      SQLException commitFailure = new SQLException("commit failed");
      Connection connection = failingOn("commit", real, commitFailure);

      assertThatThrownBy(() -> Transaction.run(connection, c -> insert(c, 1))).isSameAs(commitFailure);
      assertThat(real.getAutoCommit()).isTrue();
    }
    assertThat(count()).isZero();
  }

  private static int insert(Connection connection, int id) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return statement.executeUpdate("INSERT INTO notes (id) VALUES (" + id + ")");
    }
  }

  private static long count() throws SQLException {
    try (Connection connection = db.plainConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM notes")) {
      row.next();
      return row.getLong(1);
    }
  }

  /** {@code real}, except that {@code method} throws {@code failure}. */
  private static Connection failingOn(String method, Connection real, SQLException failure) {
    InvocationHandler handler = (proxy, called, arguments) -> {
      if (called.getName().equals(method)) {
        throw failure;
      }
      try {
        return called.invoke(real, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }
}
