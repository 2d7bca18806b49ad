package dev.banata.vault.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.crypto.FieldCipher;
import dev.banata.vault.testing.TestSchema;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Encrypted} on a field that JPA stores in a table other than the one the annotated class
 * names: in an {@code @Embeddable} (stored in the owning entity's table) and in a subclass of a
 * single-table hierarchy (stored in the root's table). The driver must either encrypt those columns
 * or refuse to start with a message naming the class; storing the value in plaintext while the code
 * says {@code @Encrypted} is the one outcome that is not acceptable (fail closed).
 */
class EncryptedFieldsOutsideTheEntityClassTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @Test
  void anEncryptedFieldOfAnEmbeddableIsEncryptedOrRefused() throws SQLException {
    db.execute("DROP TABLE IF EXISTS patients", "CREATE TABLE patients (id bigint PRIMARY KEY, name text, street text, city text)");

    Throwable failure = null;
    try (EntityManagerFactory factory = OrmConfiguration.hikariCp(db, Patient.class, Patient.Address.class).createEntityManagerFactory()) {
      // insert into patients (city,street,name,id) values (?,?,?,?)
      factory.unwrap(SessionFactory.class).inTransaction(session -> session.persist(
          new Patient(1L, "Ada", new Patient.Address("12 St James's Square", "London"))));
    } catch (RuntimeException e) {
      failure = e;
    }

    assertEncryptedOrRefused("SELECT street FROM patients", failure, "Address");
  }

  @Test
  void theColumnOfAnEmbeddableDeclaredInVaultYamlIsEncrypted() throws SQLException {
    db.execute("DROP TABLE IF EXISTS patients", "CREATE TABLE patients (id bigint PRIMARY KEY, name text, street text, city text)");

    try (EntityManagerFactory factory = OrmConfiguration.hikariCp(db, Patient.class, Patient.Address.class)
        .property("hibernate.hikari.dataSource.vault.config", "classpath:orm-embeddable-vault.yaml")
        .createEntityManagerFactory()) {
      SessionFactory sessions = factory.unwrap(SessionFactory.class);
      sessions.inTransaction(session -> session.persist(new Patient(2L, "Grace", new Patient.Address("1 Navy Way", "Arlington"))));
      Patient grace = sessions.fromTransaction(session -> session.find(Patient.class, 2L));
      assertThat(grace.getAddress().getStreet()).isEqualTo("1 Navy Way");
    }

    assertEncryptedOrRefused("SELECT street FROM patients WHERE id = 2", null, "Address");
  }

  @Test
  void anEncryptedFieldOfASingleTableSubclassIsEncryptedOrRefused() throws SQLException {
    db.execute("CREATE TABLE people (id bigint PRIMARY KEY, kind varchar(31) NOT NULL, name text, salary text)");

    Throwable failure = null;
    try (EntityManagerFactory factory = OrmConfiguration.hikariCp(db, Person.Employee.class, Person.class).createEntityManagerFactory()) {
      // insert into people (name,salary,kind,id) values (?,?,'Employee',?)
      factory.unwrap(SessionFactory.class).inTransaction(session -> session.persist(new Person.Employee(1L, "Grace", "12345.67")));
    } catch (RuntimeException e) {
      failure = e;
    }

    assertEncryptedOrRefused("SELECT salary FROM people", failure, "Employee");
  }

  private static void assertEncryptedOrRefused(String rawQuery, Throwable failure, String className) throws SQLException {
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery(rawQuery)) {
      if (rows.next()) {
        assertThat(FieldCipher.isEnvelope(rows.getString(1)))
            .as("%s stored a value of an @Encrypted field; it must be an envelope, it is plaintext", rawQuery)
            .isTrue();
        return;
      }
    }
    assertThat(failure).as("nothing was stored, so the driver must have refused to start").isNotNull();
    assertThat(messages(failure)).contains(className);
  }

  private static String messages(Throwable thrown) {
    StringBuilder all = new StringBuilder();
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      all.append(cause.getMessage()).append('\n');
    }
    return all.toString();
  }
}
