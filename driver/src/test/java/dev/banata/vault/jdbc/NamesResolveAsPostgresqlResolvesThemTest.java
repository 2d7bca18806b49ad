package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A column name means what PostgreSQL makes of it, or the statement is refused: {@code DISTINCT ON}
 * reads output names first, a name inside a sub-query over a table the catalog does not list
 * (a temporary table) is not silently taken for the outer encrypted column, and a {@code NATURAL JOIN}
 * compares the same-named columns it compares in PostgreSQL.
 */
@DatabaseTest
class NamesResolveAsPostgresqlResolvesThemTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws SQLException {
    Customers.create(db);
    pool = Customers.pool(db, Customers.CONFIG);
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email, ssn) VALUES (?, ?, ?)")) {
      long id = 1;
      for (String[] row : new String[][] {{"ann@example.com", "111"}, {"ann@example.com", "222"}, {"bob@example.com", "333"}}) {
        insert.setLong(1, id++);
        insert.setString(2, row[0]);
        insert.setString(3, row[1]);
        insert.executeUpdate();
      }
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Test
  void distinctOnAnOutputNameDeDuplicatesOnThatOutputColumn() throws SQLException {
    // DISTINCT ON (ssn) is the output column ssn, which is email: one row per email, as PostgreSQL answers.
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT DISTINCT ON (ssn) email AS ssn FROM customers")) {
      List<String> emails = new ArrayList<>();
      while (rows.next()) {
        emails.add(rows.getString(1));
      }
      assertThat(emails).containsExactlyInAnyOrder("ann@example.com", "bob@example.com");
    }
  }

  @Test
  void distinctOnAnOutputNameThatIsARandomizedColumnIsRefused() throws SQLException {
    // Read as the input column email this would be accepted, and de-duplicate on randomized ssn ciphertexts instead.
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery("SELECT DISTINCT ON (email) ssn AS email FROM customers"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("customers.ssn");
    }
  }

  @Test
  void aNaturalJoinComparesEverySameNamedColumnSoItIsCheckedLikeJoinUsing() throws SQLException {
    // The server would compare randomized ssn ciphertexts, which never match: a silent count of 0.
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM customers a NATURAL JOIN customers b"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("NATURAL JOIN on a randomized column");
    }
  }

  @Test
  void aNameInASubQueryOverATemporaryTableIsNotTakenForTheOuterEncryptedColumn() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TEMPORARY TABLE tmp_emails (email text)");
      statement.execute("INSERT INTO tmp_emails VALUES ('ann@example.com')");
      // PostgreSQL reads email as tmp_emails.email (plaintext): compared with ciphertext it would find 0 rows, silently.
      // The catalog resolves tmp_emails in the temporary schema, so the inner email is that plain column.
      assertThatThrownBy(() -> statement.executeQuery("SELECT id FROM customers WHERE email IN (SELECT email FROM tmp_emails)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("IN (sub-query) over values of a different encryption")
          .hasMessageContaining("customers.email");
      // Qualified, the name means the outer column: a correlated sub-query, answered correctly.
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM tmp_emails t WHERE c.email = ?)")) {
        select.setString(1, "ann@example.com");
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getLong(1)).isEqualTo(2);
        }
      }
      statement.execute("DROP TABLE tmp_emails");
    }
  }
}
