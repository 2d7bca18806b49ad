package dev.banata.vault.orm;

import dev.banata.vault.jdbc.HikariRejectionOverride;
import dev.banata.vault.jdbc.VaultDriver;
import dev.banata.vault.testing.TestSchema;
import java.sql.SQLException;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Hibernate configured the way an application configures it, with the vault driver's URL and
 * class name where pgjdbc's used to be, and Hibernate's HikariCP connection provider.
 */
final class OrmConfiguration {

  private OrmConfiguration() {}

  /**
   * {@link Customer}'s table and sequence, created as an application's migration creates them
   * (hbm2ddl is off), the encrypted columns as {@code text}.
   */
  static void createCustomers(TestSchema db) throws SQLException {
    db.execute("CREATE SEQUENCE customers_seq INCREMENT BY 50", """
        CREATE TABLE customers (
          id bigint PRIMARY KEY,
          version integer NOT NULL,
          name text,
          city text,
          email text,
          ssn text,
          birth_date text)""");
  }

  /**
   * A persistence unit over {@code jdbc:vault:postgresql:} through HikariCP, managing
   * {@code encryptedEntity} and {@code otherEntities}. The encrypted columns come from
   * {@code encryptedEntity}'s {@code @Encrypted} fields, named to the driver by the connection
   * property {@code vault.annotated-classes} (passed through Hikari's {@code dataSource.*}); a class
   * named there must have at least one {@code @Encrypted} field.
   */
  static HibernatePersistenceConfiguration hikariCp(TestSchema db, Class<?> encryptedEntity, Class<?>... otherEntities) {
    return new HibernatePersistenceConfiguration("vault-orm-test")
        .managedClass(encryptedEntity)
        .managedClasses(otherEntities)
        .property("hibernate.connection.provider_class", "org.hibernate.hikaricp.internal.HikariCPConnectionProvider")
        .property("hibernate.connection.url", db.vaultUrl())
        .property("hibernate.connection.driver_class", VaultDriver.class.getName())
        .property("hibernate.connection.username", db.user())
        .property("hibernate.connection.password", db.password())
        .property("hibernate.hikari.maximumPoolSize", "4")
        // A statement the vault refuses (SQLState 0A000, never sent) must not cost the pooled connection.
        .property("hibernate.hikari.exceptionOverrideClassName", HikariRejectionOverride.class.getName())
        .property("hibernate.hikari.dataSource.vault.annotated-classes", encryptedEntity.getName())
        .property("hibernate.hbm2ddl.auto", "none");
  }
}
