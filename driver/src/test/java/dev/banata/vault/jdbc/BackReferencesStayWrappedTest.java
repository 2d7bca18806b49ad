package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.PgConnection;

/** Walking back-references from anything the driver hands out never reaches the delegate driver's objects. */
@DatabaseTest
class BackReferencesStayWrappedTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @BeforeAll
  static void createTable() throws SQLException {
    db.execute("CREATE TABLE items (id serial primary key, name text)");
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(db.vaultUrl(), db.user(), db.password());
  }

  @Test
  void statementsAndResultSetsPointBackToTheWrappers() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      assertThat(statement.getConnection()).isSameAs(connection);
      try (ResultSet rows = statement.executeQuery("SELECT 1")) {
        assertThat(rows.getStatement()).isSameAs(statement);
      }
      assertThat(statement.execute("SELECT 2")).isTrue();
      try (ResultSet rows = statement.getResultSet()) {
        assertThat(rows.getStatement()).isSameAs(statement);
        assertThat(rows.getClass().getName()).startsWith("dev.banata.vault.jdbc.");
      }
    }
  }

  @Test
  void preparedAndCallableStatementsPointBackToTheWrappers() throws SQLException {
    try (Connection connection = connect();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO items (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
        CallableStatement call = connection.prepareCall("{call pg_sleep(0)}")) {
      insert.setString(1, "a");
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        assertThat(keys.getStatement()).isSameAs(insert);
        assertThat(keys.getStatement().getConnection()).isSameAs(connection);
      }
      assertThat(insert.getConnection()).isSameAs(connection);
      assertThat(call.getConnection()).isSameAs(connection);
      call.execute();
    }
  }

  @Test
  void databaseMetaDataAndItsResultSetsPointBackToTheWrappers() throws SQLException {
    try (Connection connection = connect()) {
      DatabaseMetaData metaData = connection.getMetaData();
      assertThat(metaData.getConnection()).isSameAs(connection);
      try (ResultSet tables = metaData.getTables(null, db.name(), "items", null)) {
        assertThat(tables.getClass().getName()).startsWith("dev.banata.vault.jdbc.");
        assertThat(tables.next()).isTrue();
        Statement statement = tables.getStatement();
        if (statement != null) {
          assertThat(statement.getConnection()).isNotInstanceOf(PgConnection.class);
        }
      }
    }
  }

  @Test
  void unwrapReachesTheDelegateOnlyWhenAskedFor() throws SQLException {
    try (Connection connection = connect()) {
      assertThat(connection).isNotInstanceOf(PGConnection.class);
      assertThat(connection.isWrapperFor(PGConnection.class)).isTrue();
      assertThat(connection.unwrap(PGConnection.class)).isInstanceOf(PgConnection.class);
      assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
      assertThatThrownBy(() -> connection.unwrap(String.class)).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void toStringNeverShowsBoundValues() throws SQLException {
    try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement("SELECT ? AS v")) {
      select.setString(1, "visible-only-to-the-application");
      assertThat(select.toString()).doesNotContain("visible-only-to-the-application");
    }
  }
}
