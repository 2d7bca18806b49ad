package dev.banata.vault.orm;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.jdbc.HikariRejectionOverride;
import dev.banata.vault.jdbc.VaultDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The other way to wire it: the application builds its own pool and hands it to Hibernate. The pool
 * is a {@link HikariDataSource} over a {@link VaultDataSource} over the application's existing
 * PostgreSQL {@code DataSource}; no URL changes at all.
 */
@DatabaseTest
class HibernateOverVaultDataSourceTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static HikariDataSource pool;
  private static EntityManagerFactory factory;

  @BeforeAll
  static void start() throws SQLException {
    OrmConfiguration.createCustomers(db);

    VaultDataSource vault = new VaultDataSource(db.plainDataSource());
    vault.setVaultProperty(ConnectionProperty.ANNOTATED_CLASSES.propertyName(), Customer.class.getName());
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(vault);
    hikari.setExceptionOverrideClassName(HikariRejectionOverride.class.getName());
    hikari.setMaximumPoolSize(2);
    pool = new HikariDataSource(hikari);

    factory = new HibernatePersistenceConfiguration("vault-orm-datasource-test")
        .managedClass(Customer.class)
        .property("jakarta.persistence.nonJtaDataSource", pool)
        .property("hibernate.hbm2ddl.auto", "none")
        .createEntityManagerFactory();
  }

  @AfterAll
  static void stop() {
    if (factory != null) {
      factory.close();
    }
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void persistAndQueryThroughAPoolOverTheVaultDataSource() throws SQLException {
    SessionFactory sessions = factory.unwrap(SessionFactory.class);
    sessions.inTransaction(session -> session.persist(
        new Customer("Ada", "London", "ada@example.com", "123-45-6789", LocalDate.of(1815, 12, 10))));

    List<Customer> found = sessions.fromTransaction(session -> session
        .createSelectionQuery("from Customer c where c.email = :email", Customer.class)
        .setParameter("email", "ada@example.com")
        .getResultList());

    assertThat(found).singleElement().satisfies(ada -> {
      assertThat(ada.getSsn()).isEqualTo("123-45-6789");
      assertThat(ada.getBirthDate()).isEqualTo(LocalDate.of(1815, 12, 10));
    });
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email, ssn, birth_date FROM customers")) {
      assertThat(rows.next()).isTrue();
      for (int column = 1; column <= 3; column++) {
        assertThat(FieldCipher.isEnvelope(rows.getString(column))).as("column %d", column).isTrue();
      }
    }
  }
}
