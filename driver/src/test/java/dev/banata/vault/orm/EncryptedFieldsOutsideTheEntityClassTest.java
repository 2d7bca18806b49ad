package dev.banata.vault.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
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
 * names: in an {@code @Embeddable} (stored in the owning entity's table), in a subclass of a
 * single-table hierarchy (stored in the root's table) and in a JOINED hierarchy (each entity's
 * fields in its own table). The driver encrypts those columns: the values Hibernate writes are
 * envelopes in the database and read back decrypted. (Shapes the annotation reader cannot place
 * are refused at startup, never stored in plaintext: see the config module's tests.)
 */
@DatabaseTest
class EncryptedFieldsOutsideTheEntityClassTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @Test
  void anEncryptedFieldOfAnEmbeddableIsEncryptedInTheOwnersTable() throws SQLException {
    db.execute("DROP TABLE IF EXISTS patients", "CREATE TABLE patients (id bigint PRIMARY KEY, name text, street text, city text)");

    try (EntityManagerFactory factory = OrmConfiguration.hikariCp(db, Patient.class, Patient.Address.class).createEntityManagerFactory()) {
      SessionFactory sessions = factory.unwrap(SessionFactory.class);
      // insert into patients (city,street,name,id) values (?,?,?,?)
      sessions.inTransaction(session -> session.persist(new Patient(1L, "Ada", new Patient.Address("12 St James's Square", "London"))));
      Patient ada = sessions.fromTransaction(session -> session.find(Patient.class, 1L));
      assertThat(ada.getAddress().getStreet()).isEqualTo("12 St James's Square");
    }

    assertEnvelope("SELECT street FROM patients WHERE id = 1");
    assertPlain("SELECT city FROM patients WHERE id = 1", "London");
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

    assertEnvelope("SELECT street FROM patients WHERE id = 2");
  }

  @Test
  void anEncryptedFieldOfASingleTableSubclassIsEncryptedInTheRootsTable() throws SQLException {
    db.execute("DROP TABLE IF EXISTS people",
        "CREATE TABLE people (id bigint PRIMARY KEY, kind varchar(31) NOT NULL, name text, salary text, rate text)");

    try (EntityManagerFactory factory = OrmConfiguration.hikariCp(db, Person.Employee.class, Person.class).createEntityManagerFactory()) {
      SessionFactory sessions = factory.unwrap(SessionFactory.class);
      // insert into people (name,salary,kind,id) values (?,?,'Employee',?)
      sessions.inTransaction(session -> session.persist(new Person.Employee(1L, "Grace", "12345.67")));
      Person.Employee grace = sessions.fromTransaction(session -> session.find(Person.Employee.class, 1L));
      assertThat(grace.getSalary()).isEqualTo("12345.67");
    }

    assertEnvelope("SELECT salary FROM people WHERE id = 1");
  }

  @Test
  void aSingleTableSubclassWithoutVaultTableAnnotationIsEncryptedUnderTheRootsKey() throws SQLException {
    db.execute("DROP TABLE IF EXISTS people",
        "CREATE TABLE people (id bigint PRIMARY KEY, kind varchar(31) NOT NULL, name text, salary text, rate text)");

    try (EntityManagerFactory factory = OrmConfiguration.hikariCp(db, Person.Contractor.class, Person.class).createEntityManagerFactory()) {
      SessionFactory sessions = factory.unwrap(SessionFactory.class);
      // insert into people (name,rate,kind,id) values (?,?,'Contractor',?)
      sessions.inTransaction(session -> session.persist(new Person.Contractor(2L, "Linus", "950/day")));
      Person.Contractor linus = sessions.fromTransaction(session -> session.find(Person.Contractor.class, 2L));
      assertThat(linus.getRate()).isEqualTo("950/day");
    }

    assertEnvelope("SELECT rate FROM people WHERE id = 2");
  }

  @Test
  void encryptedFieldsOfAJoinedHierarchyAreEncryptedInEachEntitysTable() throws SQLException {
    db.execute("DROP TABLE IF EXISTS savings_accounts", "DROP TABLE IF EXISTS bank_accounts",
        "CREATE TABLE bank_accounts (id bigint PRIMARY KEY, iban text)",
        "CREATE TABLE savings_accounts (id bigint PRIMARY KEY REFERENCES bank_accounts, memo text)");

    try (EntityManagerFactory factory = OrmConfiguration.hikariCp(db, BankAccount.Savings.class, BankAccount.class).createEntityManagerFactory()) {
      SessionFactory sessions = factory.unwrap(SessionFactory.class);
      // insert into bank_accounts (iban,id) values (?,?); insert into savings_accounts (memo,id) values (?,?)
      sessions.inTransaction(session -> session.persist(new BankAccount.Savings(3L, "DE89370400440532013000", "rainy day")));
      BankAccount.Savings savings = sessions.fromTransaction(session -> session.find(BankAccount.Savings.class, 3L));
      assertThat(savings.getIban()).isEqualTo("DE89370400440532013000");
      assertThat(savings.getMemo()).isEqualTo("rainy day");
    }

    assertEnvelope("SELECT iban FROM bank_accounts WHERE id = 3");
    assertEnvelope("SELECT memo FROM savings_accounts WHERE id = 3");
  }

  private static void assertEnvelope(String rawQuery) throws SQLException {
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery(rawQuery)) {
      assertThat(rows.next()).as("%s found no row", rawQuery).isTrue();
      assertThat(FieldCipher.isEnvelope(rows.getString(1)))
          .as("%s stored a value of an @Encrypted field; it must be an envelope, it is plaintext", rawQuery)
          .isTrue();
    }
  }

  private static void assertPlain(String rawQuery, String expected) throws SQLException {
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery(rawQuery)) {
      assertThat(rows.next()).as("%s found no row", rawQuery).isTrue();
      assertThat(rows.getString(1)).isEqualTo(expected);
    }
  }
}
