package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An unchanged Hibernate application over a HikariCP pool whose URL was changed to jdbc:vault:
 * persists, finds and queries entities with encrypted columns; the table holds only envelopes.
 */
@DatabaseTest
class HibernateApplicationTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;
  private static SessionFactory sessions;

  @Entity
  @Table(name = "customers")
  public static class Customer {
    @Id Long id;
    String name;
    String email;
    String ssn;
    @Column(name = "birth_date") LocalDate birthDate;
    BigDecimal balance;
    Integer visits;
    byte[] photo;

    public Customer() {}

    Customer(long id, String name, String email, String ssn, LocalDate birthDate, BigDecimal balance, Integer visits) {
      this.id = id;
      this.name = name;
      this.email = email;
      this.ssn = ssn;
      this.birthDate = birthDate;
      this.balance = balance;
      this.visits = visits;
      this.photo = new byte[] {4, 2};
    }
  }

  @BeforeAll
  static void start() throws SQLException {
    Customers.create(db);
    pool = Customers.pool(db, Customers.CONFIG);
    Configuration configuration = new Configuration().addAnnotatedClass(Customer.class);
    configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool);
    sessions = configuration
        .setProperty(AvailableSettings.HBM2DDL_AUTO, "none")
        .setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, "10")
        .buildSessionFactory();
  }

  @AfterAll
  static void stop() {
    sessions.close();
    pool.close();
  }

  @Test
  void persistFindQueryAndUpdateEncryptedFields() throws SQLException {
    sessions.inTransaction(session -> {
      for (long id = 1; id <= 3; id++) {
        session.persist(new Customer(id, "name" + id, "h" + id + "@example.com", "ssn-" + id, LocalDate.of(1980, 1, (int) id),
            new BigDecimal("10.5" + id), (int) id));
      }
    });

    sessions.inSession(session -> {
      Customer found = session.find(Customer.class, 2L);
      assertThat(found.email).isEqualTo("h2@example.com");
      assertThat(found.ssn).isEqualTo("ssn-2");
      assertThat(found.birthDate).isEqualTo(LocalDate.of(1980, 1, 2));
      assertThat(found.balance).isEqualByComparingTo("10.52");
      assertThat(found.visits).isEqualTo(2);
      assertThat(found.photo).containsExactly(4, 2);

      List<Customer> byEmail = session.createSelectionQuery("from HibernateApplicationTest$Customer c where c.email = :email", Customer.class)
          .setParameter("email", "h3@example.com").getResultList();
      assertThat(byEmail).singleElement().satisfies(c -> assertThat(c.id).isEqualTo(3L));

      List<Customer> byEmails = session.createSelectionQuery("from HibernateApplicationTest$Customer c where c.email in :emails", Customer.class)
          .setParameter("emails", List.of("h1@example.com", "h2@example.com")).getResultList();
      assertThat(byEmails).hasSize(2);
    });

    sessions.inTransaction(session -> session.find(Customer.class, 1L).ssn = "changed-by-hibernate");
    sessions.inSession(session -> assertThat(session.find(Customer.class, 1L).ssn).isEqualTo("changed-by-hibernate"));

    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email, ssn, birth_date, balance, visits FROM customers")) {
      int count = 0;
      while (rows.next()) {
        count++;
        for (int column = 1; column <= 5; column++) {
          assertThat(rows.getString(column)).startsWith("bv1:");
        }
      }
      assertThat(count).isEqualTo(3);
    }
  }
}
