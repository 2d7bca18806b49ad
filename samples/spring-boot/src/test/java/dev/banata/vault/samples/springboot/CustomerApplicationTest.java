package dev.banata.vault.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.jdbc.HikariRejectionOverride;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the application, unchanged, on the test database: only the datasource URL is replaced, by
 * another plain {@code jdbc:postgresql:} URL; the vault comes from the starter on the class path, and
 * schema.sql and the entities are the application's own. The raw tables hold only ciphertext.
 */
@SpringBootTest
@DatabaseTest
class CustomerApplicationTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @DynamicPropertySource
  static void testDatabase(DynamicPropertyRegistry properties) {
    properties.add("spring.datasource.url", db::url); // jdbc:postgresql:, as in application.properties
    properties.add("spring.datasource.username", db::user);
    properties.add("spring.datasource.password", db::password);
  }

  @Autowired CustomerService service;
  @Autowired CustomerRepository repository;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;

  @BeforeEach
  void noCustomers() {
    repository.deleteAllInBatch();
  }

  @Test
  void theApplicationsPoolOpensVaultConnectionsWithTheExceptionOverride() {
    assertThat(dataSource).isInstanceOfSatisfying(HikariDataSource.class, hikari -> {
      assertThat(hikari.getJdbcUrl()).startsWith("jdbc:vault:postgresql:");
      assertThat(hikari.getExceptionOverrideClassName()).isEqualTo(HikariRejectionOverride.class.getName());
    });
  }

  @Test
  void savedCustomersAreFoundByIdAndByEmail() {
    // insert into customers (birth_date,email,name,ssn) values (?,?,?,?), the generated id returned
    Customer ada = service.register("Ada", "ada@example.com", "123-45-6789", LocalDate.of(1815, 12, 10));
    service.register("Grace", "grace@example.com", "987-65-4321", LocalDate.of(1906, 12, 9));

    Customer byId = repository.findById(ada.getId()).orElseThrow();
    // select ... from customers c1_0 where c1_0.email=?
    Optional<Customer> byEmail = service.findByEmail("grace@example.com");

    assertThat(byId.getEmail()).isEqualTo("ada@example.com");
    assertThat(byId.getSsn()).isEqualTo("123-45-6789");
    assertThat(byId.getBirthDate()).isEqualTo(LocalDate.of(1815, 12, 10));
    assertThat(byEmail).hasValueSatisfying(grace -> {
      assertThat(grace.getName()).isEqualTo("Grace");
      assertThat(grace.getSsn()).isEqualTo("987-65-4321");
      assertThat(grace.getBirthDate()).isEqualTo(LocalDate.of(1906, 12, 9));
    });
    assertThat(service.findByEmail("nobody@example.com")).isEmpty();
    assertThat(repository.findByNameOrderByIdAsc("Ada")).extracting(Customer::getEmail).containsExactly("ada@example.com");
  }

  @Test
  void changingAnEmailMovesTheLookup() {
    service.register("Ada", "ada@example.com", "123-45-6789", LocalDate.of(1815, 12, 10));

    // update customers set birth_date=?,email=?,name=?,ssn=? where id=?
    service.changeEmail("ada@example.com", "ada.lovelace@example.com");

    assertThat(service.findByEmail("ada@example.com")).isEmpty();
    assertThat(service.findByEmail("ada.lovelace@example.com")).map(Customer::getName).hasValue("Ada");
  }

  @Test
  void anEmailAddressCanBeRegisteredOnce() {
    service.register("Ada", "ada@example.com", "123-45-6789", LocalDate.of(1815, 12, 10));

    // select c1_0.id from customers c1_0 where c1_0.email=? fetch first ? rows only
    assertThatThrownBy(() -> service.register("Impostor", "ada@example.com", "000-00-0000", LocalDate.of(2000, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(repository.count()).isEqualTo(1);
  }

  @Test
  void customersArePagedInNameOrder() {
    service.register("Grace", "grace@example.com", "987-65-4321", LocalDate.of(1906, 12, 9));
    service.register("Ada", "ada@example.com", "123-45-6789", LocalDate.of(1815, 12, 10));
    service.register("Barbara", "barbara@example.com", "555-55-5555", LocalDate.of(1939, 11, 7));

    // select ... from customers c1_0 order by c1_0.name offset ? rows fetch first ? rows only
    // select count(c1_0.id) from customers c1_0
    Page<Customer> second = service.list(1, 2);

    assertThat(second.getTotalElements()).isEqualTo(3);
    assertThat(second.getContent()).extracting(Customer::getName, Customer::getEmail)
        .containsExactly(tuple("Grace", "grace@example.com"));
  }

  @Test
  void aQueryTheCiphertextCannotAnswerIsRefusedAndThePoolKeepsWorking() {
    service.register("Ada", "ada@example.com", "123-45-6789", LocalDate.of(1815, 12, 10));

    assertThatThrownBy(() -> jdbc.queryForList("SELECT id FROM customers WHERE email LIKE ?", Long.class, "ada%"))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .isInstanceOfSatisfying(SQLException.class, refused -> {
          assertThat(refused.getSQLState()).isEqualTo("0A000");
          assertThat(refused.getMessage()).contains("customers.email").doesNotContain("ada%");
        });
    assertThat(service.findByEmail("ada@example.com")).isPresent();
  }

  @Test
  void theCustomersTableHoldsOnlyEnvelopes() throws SQLException {
    service.register("Ada", "ada@example.com", "123-45-6789", LocalDate.of(1815, 12, 10));

    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name, email, ssn, birth_date FROM customers")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString("name")).isEqualTo("Ada");
      for (String column : new String[] {"email", "ssn", "birth_date"}) {
        String stored = rows.getString(column);
        assertThat(stored).as(column).startsWith("bv1:").doesNotContain("ada", "123-45", "1815");
        assertThat(FieldCipher.isEnvelope(stored)).as(column).isTrue();
      }
      assertThat(rows.next()).isFalse();
    }
  }
}
