package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the driver refuses a result it has already received, it closes the delegate's result and
 * throws the refusal; a delegate whose close fails as well (a connection that broke meanwhile) must not
 * replace the refusal with its own error: the application sees why it got no rows, the close failure
 * is attached as suppressed. The delegate here is PostgreSQL's, with every result set of a query on
 * {@code customers} failing after it really closed.
 */
@DatabaseTest
class TheRealErrorSurvivesAFailingCloseTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  /** The delegate's result sets of queries on customers, in the order they were handed out. */
  private static final List<ResultSet> delegateResults = new CopyOnWriteArrayList<>();
  private static VaultDataSource vault;

  @BeforeAll
  static void start() throws SQLException {
    Customers.installVault(db);
    Customers.create(db);
    vault = new VaultDataSource(closeFailing(db.plainDataSource()));
    vault.setConfigLocation(Customers.CONFIG);
    vault.setVaultProperty("vault.client-sort-max-rows", "2");
    try (Connection connection = vault.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email) VALUES (?, ?)")) {
      for (int id = 1; id <= 3; id++) {
        insert.setLong(1, id);
        insert.setString(2, "c" + id + "@example.com");
        insert.executeUpdate();
      }
    }
  }

  @BeforeEach
  void forget() {
    delegateResults.clear();
  }

  @Test
  void moreRowsThanTheDriverMayOrderIsTheErrorEvenWhenClosingTheirResultFails() throws SQLException {
    try (Connection connection = vault.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT id, email FROM customers ORDER BY email")) {
      assertThatThrownBy(select::executeQuery).isInstanceOf(SQLException.class)
          .hasMessageContaining("more than 2 rows")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54000"))
          .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
              .satisfies(suppressed -> assertThat(suppressed).hasMessage("the delegate could not close its result")));
    }
    assertThat(delegateResults).as("the delegate's result, closed by the driver").singleElement()
        .satisfies(rows -> assertThat(rows.isClosed()).isTrue());
  }

  /**
   * {@code plain}, except that a result set of a query on customers fails to close after it closed:
   * connections, statements and result sets are proxies over PostgreSQL's own.
   */
  private static DataSource closeFailing(DataSource plain) {
    return proxy(plain, DataSource.class, false);
  }

  /**
   * {@code target} as {@code type}; {@code ofACustomersQuery}: a statement whose results fail to close,
   * or such a result.
   */
  private static <T> T proxy(Object target, Class<T> type, boolean ofACustomersQuery) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (target instanceof ResultSet && ofACustomersQuery && method.getName().equals("close")) {
        throw new SQLException("the delegate could not close its result");
      }
      Class<?> returned = method.getReturnType();
      if (result == null || !returned.isInterface()) {
        return result;
      }
      if (Connection.class.isAssignableFrom(returned)) {
        return proxy(result, returned, false);
      }
      if (Statement.class.isAssignableFrom(returned)) {
        boolean customersQuery = args != null && args[0] instanceof String sql && sql.startsWith("SELECT") && sql.contains("customers");
        return proxy(result, returned, customersQuery);
      }
      if (result instanceof ResultSet rows && returned == ResultSet.class && target instanceof Statement && ofACustomersQuery) {
        delegateResults.add(rows);
        return proxy(rows, ResultSet.class, true);
      }
      return result;
    }));
  }
}
