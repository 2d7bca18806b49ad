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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code schema.sql} files and migrations do to tables that hold encrypted columns, and
 * JSqlParser cannot read: an index without a name ({@code CREATE INDEX ON customers (email)}) and
 * row-level security ({@code ALTER TABLE ... ENABLE ROW LEVEL SECURITY}, {@code CREATE POLICY}).
 * The plain forms run through a HikariCP pool; an index that would compute on ciphertext or hold a
 * value, and a policy that names an encrypted column, are refused before they are sent.
 */
@DatabaseTest
class SchemaScriptsOnEncryptedTablesTest {

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
  void anUnnamedIndexOfBareColumnsIsCreated() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE INDEX ON customers (email)");
      statement.execute("create unique index on customers using btree (ssn text_pattern_ops desc nulls last, id)");
    }
    assertThat(indexDefinitions()).anyMatch(definition -> definition.endsWith("USING btree (email)"))
        .anyMatch(definition -> definition.contains("(ssn text_pattern_ops DESC NULLS LAST, id)"));
  }

  @Test
  void anUnnamedIndexOverAnExpressionOrWithAPredicateIsRefused() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : List.of("CREATE INDEX ON customers (lower(email))", "CREATE INDEX ON customers (email) WHERE ssn = 'SECRET-1'")) {
        assertThatThrownBy(() -> statement.execute(sql)).as(sql)
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
            .satisfies(e -> assertThat(e.getMessage()).contains("customers").doesNotContain("SECRET"));
      }
    }
    assertThat(indexDefinitions()).noneMatch(definition -> definition.contains("lower(") || definition.contains("SECRET"));
  }

  private static List<String> indexDefinitions() throws SQLException {
    List<String> definitions = new ArrayList<>();
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'customers'")) {
      while (rows.next()) {
        definitions.add(rows.getString(1));
      }
    }
    return definitions;
  }

  @Test
  void rowLevelSecurityOverPlainColumnsRunsAndAPolicyOverAnEncryptedColumnIsRefused() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE customers ENABLE ROW LEVEL SECURITY");
      statement.execute("CREATE POLICY by_name ON customers USING (name <> 'hidden')");
      assertThatThrownBy(() -> statement.execute("CREATE POLICY by_email ON customers USING (email = 'SECRET-2')"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .satisfies(e -> assertThat(e.getMessage()).contains("customers.email").contains("policy").doesNotContain("SECRET"));
      statement.execute("ALTER TABLE customers DISABLE ROW LEVEL SECURITY");
    }
    List<String> policies = new ArrayList<>();
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT policyname, qual FROM pg_policies WHERE schemaname = current_schema()")) {
      while (rows.next()) {
        policies.add(rows.getString(1) + ": " + rows.getString(2));
      }
    }
    assertThat(policies).singleElement().asString().startsWith("by_name: ").doesNotContain("SECRET");
  }
}
