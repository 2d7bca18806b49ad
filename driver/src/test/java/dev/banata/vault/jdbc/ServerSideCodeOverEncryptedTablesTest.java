package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.PGConnection;

/**
 * Views, function bodies, {@code DO} blocks, rules, triggers, {@code COPY} and {@code PREPARE} make
 * the server compute on, or hand out, what it stores: ciphertext. Through the driver they are
 * refused when they name an encrypted table (0A000, nothing sent), and run otherwise; {@code CALL},
 * a function in FROM and {@code unwrap} to the pgjdbc connection run with a warning logged once.
 * docs/SECURITY.md, "What remains out of reach".
 */
@DatabaseTest
class ServerSideCodeOverEncryptedTablesTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;

  @BeforeAll
  static void start() throws Exception {
    Class.forName(RecordingDriver.class.getName());
    pool = Customers.pool(RecordingDriver.vaultRecordingUrl(db.url()), db, Customers.CONFIG);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void tables() throws SQLException {
    db.execute("DROP VIEW IF EXISTS plain_view, customer_emails", "DROP TABLE IF EXISTS products");
    Customers.create(db);
    db.execute("CREATE TABLE products (id bigint PRIMARY KEY, name text)", "INSERT INTO products VALUES (1, 'lamp')");
    RecordingDriver.clear();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "CREATE VIEW marker_view AS SELECT id, email FROM customers | connection without the vault",
      "CREATE MATERIALIZED VIEW marker_view AS SELECT ssn FROM customers | connection without the vault",
      "CREATE FUNCTION marker_f() RETURNS SETOF text LANGUAGE sql AS $$ SELECT email FROM customers $$ | connection without the vault",
      "CREATE PROCEDURE marker_p(x text) LANGUAGE sql AS $$ INSERT INTO customers (ssn) VALUES (x) $$ | connection without the vault",
      "DO $$ BEGIN UPDATE customers SET ssn = 'marker-do-literal'; END $$ | through the driver one by one",
      "CREATE RULE marker_rule AS ON INSERT TO customers DO ALSO NOTIFY marker_channel | connection without the vault",
      "CREATE TRIGGER marker_trigger BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION marker_fn() | connection without the vault",
      "COPY customers (ssn) TO STDOUT /* marker */ | through the driver with SELECT and INSERT",
      "COPY (SELECT email FROM customers) TO STDOUT /* marker */ | through the driver with SELECT and INSERT",
      "PREPARE marker_prepared AS INSERT INTO customers (ssn) VALUES ($1) | JDBC PreparedStatement",
  })
  void refusedBeforeAnythingIsSentWhenItNamesAnEncryptedTable(String sql, String wayOut) throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute(sql))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
          .hasMessageContaining("encrypted table customers")
          .hasMessageContaining(wayOut)
          .hasMessageNotContaining("marker");
      // The pooled connection survives the refusal and still works.
      assertThat(statement.executeQuery("SELECT 1").next()).isTrue();
    }
    assertThat(RecordingDriver.recorded()).noneMatch(text -> text.contains("marker"));
  }

  @Test
  void aViewCreatedWithoutTheVaultReturnsCiphertextAsData() throws SQLException {
    // What the refusal above prevents, and what stays out of reach when the view is made elsewhere.
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email) VALUES (1, ?)")) {
      insert.setString(1, "ann@example.com");
      insert.executeUpdate();
    }
    db.execute("CREATE VIEW customer_emails AS SELECT id, email FROM customers");
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM customer_emails")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).startsWith("bv1:").isNotEqualTo("ann@example.com");
    }
  }

  @Test
  void legitimateDdlAndTheSameFormsOverPlainTablesRun() throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE VIEW plain_view AS SELECT id, name FROM products");
      statement.execute("DO $$ BEGIN UPDATE products SET name = upper(name); END $$");
      statement.execute("CREATE OR REPLACE FUNCTION product_names() RETURNS SETOF text LANGUAGE sql AS $$ SELECT name FROM products $$");
      statement.execute("GRANT SELECT ON customers TO PUBLIC");
      statement.execute("REVOKE SELECT ON customers FROM PUBLIC");
      statement.execute("VACUUM customers");
      statement.execute("ANALYZE customers");
      statement.execute("ALTER TABLE customers ADD COLUMN note text");
      statement.execute("CREATE INDEX customers_name ON customers (name)");
      statement.execute("COMMENT ON TABLE customers IS 'holds encrypted columns'");
      connection.setAutoCommit(false);
      statement.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");
      connection.commit();
      connection.setAutoCommit(true);
      try (ResultSet rows = statement.executeQuery("SELECT p.name, f FROM plain_view p, product_names() f")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("LAMP");
        assertThat(rows.getString(2)).isEqualTo("LAMP");
      }
    }
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attname = 'note'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void callFunctionsInFromAndUnwrapAreWarnedOncePerRuntime() throws Exception {
    db.execute("CREATE OR REPLACE PROCEDURE rename_product(x text) LANGUAGE sql AS $$ UPDATE products SET name = x $$");
    Logger logger = Logger.getLogger(VaultRuntime.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    // plan-cache-size makes this runtime's key unique, so no other test can have warned in it already.
    String url = db.vaultUrl() + "&vault.config=" + Customers.CONFIG + "&vault.plan-cache-size=4343";
    try {
      for (int i = 0; i < 2; i++) {
        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
            Statement statement = connection.createStatement()) {
          try (ResultSet rows = statement.executeQuery("SELECT g FROM generate_series(1, 2) g WHERE 'marker-literal' <> ''")) {
            assertThat(rows.next()).isTrue();
          }
          try (PreparedStatement call = connection.prepareStatement("CALL rename_product(?)")) {
            call.setString(1, "marker-value");
            call.execute();
          }
          assertThat(connection.unwrap(PGConnection.class)).isNotNull().isNotInstanceOf(VaultConnection.class);
          assertThat(statement.unwrap(org.postgresql.PGStatement.class)).isNotNull();
          assertThat(connection.unwrap(VaultConnection.class)).isInstanceOf(VaultConnection.class);
        }
      }
    } finally {
      logger.removeHandler(handler);
    }
    List<String> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    assertThat(warnings).hasSize(3);
    assertThat(warnings.get(0)).startsWith("Banata Vault: a function in FROM returns whatever the server computes");
    assertThat(warnings.get(1)).startsWith("Banata Vault: CALL runs a procedure on the server");
    assertThat(warnings.get(2)).startsWith("Banata Vault: unwrap handed out the pgjdbc object");
    assertThat(warnings).allMatch(w -> w.endsWith("(see \"What remains out of reach\" in docs/SECURITY.md; logged once)"));
    assertThat(records).noneMatch(r -> r.getMessage().contains("marker"));
  }
}
