package dev.banata.vault.frameworks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.frameworks.CustomersTable.RawRow;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.BeanPropertyRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.BeanPropertySqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring's {@code JdbcTemplate}, {@code NamedParameterJdbcTemplate}, {@code SimpleJdbcInsert} and {@code JdbcClient}
 * over HikariCP and {@code jdbc:vault:postgresql:}, used exactly as without the vault.
 */
@DatabaseTest
class SpringJdbcTemplateCrudTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final RowMapper<Customer> CUSTOMER = new BeanPropertyRowMapper<>(Customer.class);
  private static final String SELECT = "SELECT id, name, email, ssn FROM customers";

  private static HikariDataSource pool;
  private static JdbcTemplate jdbc;
  private static NamedParameterJdbcTemplate named;

  @BeforeAll
  static void start() {
    pool = CustomersTable.pool(db);
    jdbc = new JdbcTemplate(pool);
    named = new NamedParameterJdbcTemplate(jdbc);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void table() throws SQLException {
    CustomersTable.create(db);
  }

  private static long insertWithKeyHolder(String name, String email, String ssn) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.update(connection -> {
      PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO customers (name, email, ssn) VALUES (?, ?, ?)", new String[] {"id"});
      insert.setString(1, name);
      insert.setString(2, email);
      insert.setString(3, ssn);
      return insert;
    }, keys);
    return keys.getKey().longValue();
  }

  @Test
  void insertThenSelectByIdReturnsThePlaintextAndTheTableHoldsCiphertext() throws SQLException {
    long id = insertWithKeyHolder("Ada", "ada@example.com", "123-45-6789");

    Customer ada = jdbc.queryForObject(SELECT + " WHERE id = ?", CUSTOMER, id);
    assertThat(ada).isEqualTo(new Customer(id, "Ada", "ada@example.com", "123-45-6789"));

    RawRow raw = CustomersTable.rawRows(db).get(0);
    assertThat(raw.id()).isEqualTo(id);
    assertThat(raw.name()).isEqualTo("Ada");
    assertThat(raw.email()).startsWith(CustomersTable.ENVELOPE_PREFIX).doesNotContain("ada@example.com");
    assertThat(raw.ssn()).startsWith(CustomersTable.ENVELOPE_PREFIX).doesNotContain("123-45-6789");
  }

  @Test
  void lookupByEqualityOnTheDeterministicColumn() throws SQLException {
    insertWithKeyHolder("Ada", "ada@example.com", "123-45-6789");
    long grace = insertWithKeyHolder("Grace", "grace@example.com", "987-65-4321");

    List<Customer> found = jdbc.query(SELECT + " WHERE email = ?", CUSTOMER, "grace@example.com");
    assertThat(found).containsExactly(new Customer(grace, "Grace", "grace@example.com", "987-65-4321"));
    assertThat(jdbc.queryForObject("SELECT count(*) FROM customers WHERE email = ?", Integer.class, "nobody@example.com"))
        .isZero();
    assertThat(jdbc.queryForObject("SELECT id FROM customers WHERE email = ?", Long.class, "grace@example.com"))
        .isEqualTo(grace);
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "grace@example.com");
  }

  @Test
  void simpleJdbcInsertAndNamedParameters() throws SQLException {
    // SimpleJdbcInsert reads the table's columns from DatabaseMetaData and asks for the key by name.
    // The schema is named because other test classes' schemas hold customers tables too: without it
    // Spring finds several and refuses ("Unable to locate table meta-data for 'customers' in the
    // default schema"), over plain pgjdbc just the same.
    SimpleJdbcInsert insert = new SimpleJdbcInsert(jdbc).withSchemaName(db.name()).withTableName("customers")
        .usingGeneratedKeyColumns("id");
    long ada = insert.executeAndReturnKey(new BeanPropertySqlParameterSource(
        new Customer(null, "Ada", "ada@example.com", "123-45-6789"))).longValue();
    assertThat(insert.getInsertString()).isEqualTo("INSERT INTO " + db.name() + ".customers (name, email, ssn) VALUES(?, ?, ?)");
    long grace = insert.executeAndReturnKey(Map.of(
        "name", "Grace", "email", "grace@example.com", "ssn", "987-65-4321")).longValue();

    assertThat(named.queryForObject(SELECT + " WHERE id = :id", Map.of("id", ada), CUSTOMER))
        .isEqualTo(new Customer(ada, "Ada", "ada@example.com", "123-45-6789"));
    // The named IN list is expanded by Spring to IN (?, ?) before the driver sees it.
    assertThat(named.query(SELECT + " WHERE email IN (:emails) ORDER BY id",
        Map.of("emails", List.of("ada@example.com", "grace@example.com")), CUSTOMER))
        .extracting(Customer::getId).containsExactly(ada, grace);

    int updated = named.update("UPDATE customers SET ssn = :ssn, name = :name WHERE email = :email",
        new MapSqlParameterSource().addValue("ssn", "000-00-0000").addValue("name", "Grace Hopper")
            .addValue("email", "grace@example.com"));
    assertThat(updated).isEqualTo(1);
    assertThat(named.queryForObject(SELECT + " WHERE email = :email", Map.of("email", "grace@example.com"), CUSTOMER))
        .isEqualTo(new Customer(grace, "Grace Hopper", "grace@example.com", "000-00-0000"));

    assertThat(named.update("DELETE FROM customers WHERE email = :email", Map.of("email", "ada@example.com"))).isEqualTo(1);
    assertThat(jdbc.query(SELECT, CUSTOMER)).extracting(Customer::getId).containsExactly(grace);
    CustomersTable.assertOnlyCiphertextStored(db, "grace@example.com", "000-00-0000");
  }

  @Test
  void updateAndDeleteByIdAndByTheDeterministicColumn() throws SQLException {
    long ada = insertWithKeyHolder("Ada", "ada@example.com", "123-45-6789");
    long grace = insertWithKeyHolder("Grace", "grace@example.com", "987-65-4321");

    assertThat(jdbc.update("UPDATE customers SET email = ?, ssn = ? WHERE id = ?", "ada@lovelace.org", "111-11-1111", ada))
        .isEqualTo(1);
    assertThat(jdbc.query(SELECT + " WHERE email = ?", CUSTOMER, "ada@lovelace.org"))
        .containsExactly(new Customer(ada, "Ada", "ada@lovelace.org", "111-11-1111"));
    assertThat(jdbc.query(SELECT + " WHERE email = ?", CUSTOMER, "ada@example.com")).isEmpty();

    // A null argument for an encrypted column: Spring binds it with setNull.
    assertThat(jdbc.update("UPDATE customers SET ssn = ? WHERE email = ?", null, "ada@lovelace.org")).isEqualTo(1);
    assertThat(jdbc.queryForObject(SELECT + " WHERE id = ?", CUSTOMER, ada).getSsn()).isNull();
    assertThat(jdbc.queryForObject("SELECT id FROM customers WHERE ssn IS NULL", Long.class)).isEqualTo(ada);

    assertThat(jdbc.update("DELETE FROM customers WHERE email = ?", "grace@example.com")).isEqualTo(1);
    assertThat(jdbc.update("DELETE FROM customers WHERE id = ?", grace)).isZero();
    assertThat(jdbc.update("DELETE FROM customers WHERE id = ?", ada)).isEqualTo(1);
    assertThat(CustomersTable.rawRows(db)).isEmpty();
  }

  @Test
  void theFluentJdbcClient() throws SQLException {
    JdbcClient client = JdbcClient.create(pool);
    KeyHolder keys = new GeneratedKeyHolder();
    client.sql("INSERT INTO customers (name, email, ssn) VALUES (:name, :email, :ssn)")
        .paramSource(new Customer(null, "Ada", "ada@example.com", "123-45-6789"))
        .update(keys, "id");
    long ada = keys.getKey().longValue();
    assertThat(client.sql(SELECT + " WHERE email = :email").param("email", "ada@example.com").query(Customer.class).single())
        .isEqualTo(new Customer(ada, "Ada", "ada@example.com", "123-45-6789"));
    assertThat(client.sql("UPDATE customers SET ssn = ? WHERE id = ?").params("000-00-0000", ada).update()).isEqualTo(1);
    assertThat(client.sql("SELECT ssn FROM customers WHERE id = ?").param(ada).query(String.class).single()).isEqualTo("000-00-0000");
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "000-00-0000");
    assertThat(client.sql("DELETE FROM customers WHERE email = ?").param("ada@example.com").update()).isEqualTo(1);
  }

  @Test
  void springTransactionsCommitAndRollBackAsUsual() throws SQLException {
    TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
    assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
      insertWithKeyHolder("Ada", "ada@example.com", "123-45-6789");
      assertThat(jdbc.queryForObject("SELECT count(*) FROM customers WHERE email = ?", Integer.class, "ada@example.com")).isEqualTo(1);
      throw new IllegalStateException("roll back");
    })).hasMessage("roll back");
    assertThat(CustomersTable.rawRows(db)).isEmpty();

    // A refused statement was never sent, so it does not abort the PostgreSQL transaction around it.
    transaction.executeWithoutResult(status -> {
      insertWithKeyHolder("Ada", "ada@example.com", "123-45-6789");
      assertThatThrownBy(() -> jdbc.query(SELECT + " WHERE email LIKE ?", CUSTOMER, "ada%"))
          .isInstanceOf(UncategorizedSQLException.class);
      insertWithKeyHolder("Grace", "grace@example.com", "987-65-4321");
    });
    assertThat(CustomersTable.rawRows(db)).extracting(RawRow::name).containsExactly("Ada", "Grace");
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "grace@example.com");
  }

  @Test
  void batchUpdateWritesCiphertext() throws SQLException {
    int[] counts = jdbc.batchUpdate("INSERT INTO customers (name, email, ssn) VALUES (?, ?, ?)", List.of(
        new Object[] {"Ada", "ada@example.com", "123-45-6789"},
        new Object[] {"Grace", "grace@example.com", "987-65-4321"},
        new Object[] {"Edsger", "edsger@example.com", "555-55-5555"}));
    assertThat(counts).containsExactly(1, 1, 1);
    assertThat(jdbc.query(SELECT + " ORDER BY id", CUSTOMER)).extracting(Customer::getEmail)
        .containsExactly("ada@example.com", "grace@example.com", "edsger@example.com");
    assertThat(CustomersTable.rawRows(db)).hasSize(3);
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "123-45-6789", "edsger@example.com");
  }

  /** An EXISTS in the select list, the same sub-query in a WHERE, and a count: each is answered. */
  @Test
  void selectExistsOnTheDeterministicColumnIsAnswered() {
    insertWithKeyHolder("Ada", "ada@example.com", "123-45-6789");
    assertThat(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM customers WHERE email = ?)", Boolean.class, "ada@example.com")).isTrue();
    assertThat(jdbc.queryForObject("SELECT NOT EXISTS (SELECT 1 FROM customers WHERE email = ?)", Boolean.class, "ada@example.com")).isFalse();
    assertThat(jdbc.queryForObject("SELECT count(*) > 0 FROM customers WHERE email = ?", Boolean.class, "ada@example.com")).isTrue();
    assertThat(jdbc.queryForList("SELECT 1 WHERE EXISTS (SELECT 1 FROM customers WHERE email = ?)", Integer.class, "ada@example.com"))
        .containsExactly(1);
  }

  @Test
  void aQueryTheCiphertextCannotAnswerIsAnUncategorizedSqlExceptionAndThePoolKeepsWorking() {
    insertWithKeyHolder("Ada", "ada@example.com", "123-45-6789");
    for (int i = 0; i < 5; i++) { // more refusals than the pool has connections
      assertThatThrownBy(() -> jdbc.query(SELECT + " WHERE email LIKE ?", CUSTOMER, "ada%"))
          // Spring's translators have no category for SQLState 0A000.
          .isInstanceOf(UncategorizedSQLException.class)
          .rootCause()
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("Banata Vault: LIKE (configure search: prefix on customers.email").hasMessageContaining("is not supported on encrypted column customers.email")
          .satisfies(cause -> assertThat(((SQLException) cause).getSQLState()).isEqualTo("0A000"));
    }
    assertThat(jdbc.queryForObject("SELECT name FROM customers WHERE email = ?", String.class, "ada@example.com"))
        .isEqualTo("Ada");
  }
}
