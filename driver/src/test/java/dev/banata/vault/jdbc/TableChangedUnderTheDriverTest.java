package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A table that gains or loses columns after its statements were analysed makes the driver fail
 * rather than return ciphertext as data. A reorder that keeps the column count is not detected
 * (the column order is cached until restart; see docs/SECURITY.md).
 */
@DatabaseTest
class TableChangedUnderTheDriverTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @Test
  void selectStarAfterADroppedColumnFailsInsteadOfMisplacingDecryption() throws SQLException {
    Customers.create(db);
    try (HikariDataSource pool = Customers.pool(db, Customers.CONFIG);
        Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO customers (id, name, email) VALUES (1, 'n', 'star@example.com')");
      try (ResultSet rows = statement.executeQuery("SELECT * FROM customers")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString("email")).isEqualTo("star@example.com");
      }

      db.execute("ALTER TABLE customers DROP COLUMN name");

      assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM customers"))
          .isInstanceOf(SQLException.class).hasMessageContaining("table changed");
    }
  }
}
