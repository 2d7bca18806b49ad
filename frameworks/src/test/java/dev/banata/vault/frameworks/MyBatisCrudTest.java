package dev.banata.vault.frameworks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.frameworks.CustomersTable.RawRow;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.SQLException;
import java.util.List;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MyBatis over HikariCP and {@code jdbc:vault:postgresql:}: a mapper interface with annotations
 * ({@link CustomerMapper}) and one with an XML mapper and dynamic SQL ({@link CustomerXmlMapper}).
 */
@DatabaseTest
class MyBatisCrudTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static HikariDataSource pool;
  private static SqlSessionFactory sessions;

  @BeforeAll
  static void start() {
    pool = CustomersTable.pool(db);
    Configuration configuration = new Configuration(new Environment("test", new JdbcTransactionFactory(), pool));
    configuration.addMapper(CustomerMapper.class);
    configuration.addMapper(CustomerXmlMapper.class); // reads CustomerXmlMapper.xml beside it
    sessions = new SqlSessionFactoryBuilder().build(configuration);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void createTable() throws SQLException {
    CustomersTable.create(db);
  }

  @Test
  void insertWithGeneratedKeyThenSelectByIdAndRawRowsHoldCiphertext() throws SQLException {
    Customer ada = new Customer(null, "Ada", "ada@example.com", "123-45-6789");
    try (SqlSession session = sessions.openSession()) {
      CustomerMapper customers = session.getMapper(CustomerMapper.class);
      assertThat(customers.insert(ada)).isEqualTo(1);
      assertThat(ada.getId()).isNotNull();
      session.commit();
    }
    try (SqlSession session = sessions.openSession()) {
      assertThat(session.getMapper(CustomerMapper.class).findById(ada.getId()))
          .isEqualTo(new Customer(ada.getId(), "Ada", "ada@example.com", "123-45-6789"));
    }
    RawRow raw = CustomersTable.rawRows(db).get(0);
    assertThat(raw.id()).isEqualTo(ada.getId());
    assertThat(raw.email()).startsWith(CustomersTable.ENVELOPE_PREFIX).doesNotContain("ada@example.com");
    assertThat(raw.ssn()).startsWith(CustomersTable.ENVELOPE_PREFIX).doesNotContain("123-45-6789");
  }

  @Test
  void lookupUpdateAndDeleteWithTheAnnotatedMapper() throws SQLException {
    Customer ada = new Customer(null, "Ada", "ada@example.com", "123-45-6789");
    Customer grace = new Customer(null, "Grace", "grace@example.com", "987-65-4321");
    try (SqlSession session = sessions.openSession()) {
      CustomerMapper customers = session.getMapper(CustomerMapper.class);
      customers.insert(ada);
      customers.insert(grace);

      assertThat(customers.findByEmail("grace@example.com")).isEqualTo(grace);
      assertThat(customers.findByEmail("nobody@example.com")).isNull();

      ada.setEmail("ada@lovelace.org");
      ada.setSsn("111-11-1111");
      assertThat(customers.update(ada)).isEqualTo(1);
      assertThat(customers.findByEmail("ada@lovelace.org")).isEqualTo(ada);
      assertThat(customers.findByEmail("ada@example.com")).isNull();

      // A null without jdbcType: MyBatis binds it as its jdbcTypeForNull (OTHER by default).
      assertThat(customers.updateSsnByEmail("grace@example.com", null)).isEqualTo(1);
      assertThat(customers.findById(grace.getId()).getSsn()).isNull();
      session.commit();
    }
    CustomersTable.assertOnlyCiphertextStored(db, "ada@lovelace.org", "111-11-1111", "grace@example.com");
    try (SqlSession session = sessions.openSession()) {
      CustomerMapper customers = session.getMapper(CustomerMapper.class);
      assertThat(customers.delete(ada.getId())).isEqualTo(1);
      assertThat(customers.delete(grace.getId())).isEqualTo(1);
      session.commit();
    }
    assertThat(CustomersTable.rawRows(db)).isEmpty();
  }

  @Test
  void theXmlMapperWithDynamicSql() throws SQLException {
    Customer ada = new Customer(null, "Ada", "ada@example.com", "123-45-6789");
    Customer grace = new Customer(null, "Grace", "grace@example.com", "987-65-4321");
    try (SqlSession session = sessions.openSession()) {
      CustomerXmlMapper customers = session.getMapper(CustomerXmlMapper.class);
      assertThat(customers.insert(ada)).isEqualTo(1);
      assertThat(customers.insert(grace)).isEqualTo(1);
      assertThat(ada.getId()).isNotNull();
      assertThat(grace.getId()).isNotNull().isNotEqualTo(ada.getId());

      assertThat(customers.find(ada.getId(), null)).containsExactly(ada);
      assertThat(customers.find(null, "grace@example.com")).containsExactly(grace);
      assertThat(customers.find(ada.getId(), "grace@example.com")).isEmpty();
      assertThat(customers.find(null, null)).containsExactly(ada, grace);
      assertThat(customers.findByEmails(List.of("grace@example.com", "ada@example.com"))).containsExactly(ada, grace);

      assertThat(customers.updateSsn("ada@example.com", "000-00-0000")).isEqualTo(1);
      assertThat(customers.find(null, "ada@example.com")).extracting(Customer::getSsn).containsExactly("000-00-0000");
      assertThat(customers.updateSsn("grace@example.com", null)).isEqualTo(1); // jdbcType=VARCHAR
      assertThat(customers.find(grace.getId(), null)).extracting(Customer::getSsn).containsOnlyNulls().hasSize(1);
      session.commit();
    }
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "000-00-0000", "grace@example.com");
    try (SqlSession session = sessions.openSession()) {
      CustomerXmlMapper customers = session.getMapper(CustomerXmlMapper.class);
      assertThat(customers.deleteByEmail("ada@example.com")).isEqualTo(1);
      assertThat(customers.find(null, null)).extracting(Customer::getName).containsExactly("Grace");
      session.commit();
    }
  }

  @Test
  void aMultiRowInsertBuiltWithForeach() throws SQLException {
    try (SqlSession session = sessions.openSession()) {
      CustomerXmlMapper customers = session.getMapper(CustomerXmlMapper.class);
      assertThat(customers.insertAll(List.of(
          new Customer(null, "Ada", "ada@example.com", "123-45-6789"),
          new Customer(null, "Grace", "grace@example.com", "987-65-4321")))).isEqualTo(2);
      assertThat(customers.find(null, "grace@example.com")).extracting(Customer::getSsn).containsExactly("987-65-4321");
      session.commit();
    }
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "123-45-6789", "grace@example.com", "987-65-4321");
  }

  @Test
  void aBatchSessionWritesCiphertext() throws SQLException {
    try (SqlSession session = sessions.openSession(ExecutorType.BATCH)) {
      CustomerMapper customers = session.getMapper(CustomerMapper.class);
      customers.insert(new Customer(null, "Ada", "ada@example.com", "123-45-6789"));
      customers.insert(new Customer(null, "Grace", "grace@example.com", "987-65-4321"));
      customers.insert(new Customer(null, "Edsger", "edsger@example.com", "555-55-5555"));
      assertThat(session.flushStatements()).hasSize(1); // one JDBC batch
      session.commit();
    }
    try (SqlSession session = sessions.openSession()) {
      assertThat(session.getMapper(CustomerXmlMapper.class).find(null, null)).extracting(Customer::getEmail)
          .containsExactly("ada@example.com", "grace@example.com", "edsger@example.com");
    }
    assertThat(CustomersTable.rawRows(db)).hasSize(3);
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "123-45-6789", "edsger@example.com");
  }

  @Test
  void aQueryTheCiphertextCannotAnswerIsAPersistenceExceptionWithSqlState0A000() {
    try (SqlSession session = sessions.openSession()) {
      CustomerMapper customers = session.getMapper(CustomerMapper.class);
      customers.insert(new Customer(null, "Ada", "ada@example.com", "123-45-6789"));
      assertThatThrownBy(() -> customers.findByEmailLike("ada%"))
          .isInstanceOf(PersistenceException.class)
          .cause()
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("Banata Vault: LIKE (configure search: prefix on customers.email").hasMessageContaining("is not supported on encrypted column customers.email")
          .satisfies(cause -> assertThat(((SQLException) cause).getSQLState()).isEqualTo("0A000"));
      // The session's connection is still usable.
      assertThat(customers.findByEmail("ada@example.com")).extracting(Customer::getName).isEqualTo("Ada");
    }
  }
}
