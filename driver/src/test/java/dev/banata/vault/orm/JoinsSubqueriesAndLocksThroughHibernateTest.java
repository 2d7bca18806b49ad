package dev.banata.vault.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.hibernate.Hibernate;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The statement shapes Hibernate generates around associations: joins whose encrypted columns come
 * from the joined table, fetch joins, lazy loading, sub-queries, pessimistic locks and native SQL.
 */
@DatabaseTest
class JoinsSubqueriesAndLocksThroughHibernateTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static EntityManagerFactory factory;
  private static SessionFactory sessions;
  private static long adaId;
  private static long graceId;

  @BeforeAll
  static void start() throws SQLException {
    OrmConfiguration.createCustomers(db);
    db.execute("""
        CREATE TABLE purchase_orders (
          id bigint PRIMARY KEY,
          customer_id bigint NOT NULL REFERENCES customers (id),
          total numeric(12, 2))""");
    factory = OrmConfiguration.hikariCp(db, Customer.class, PurchaseOrder.class).createEntityManagerFactory();
    sessions = factory.unwrap(SessionFactory.class);
    sessions.inTransaction(session -> {
      Customer ada = new Customer("Ada", "London", "ada@example.com", "123-45-6789", LocalDate.of(1815, 12, 10));
      Customer grace = new Customer("Grace", "Arlington", "grace@example.com", "987-65-4321", LocalDate.of(1906, 12, 9));
      session.persist(ada);
      session.persist(grace);
      session.persist(new PurchaseOrder(1L, ada, new BigDecimal("50.00")));
      session.persist(new PurchaseOrder(2L, ada, new BigDecimal("250.00")));
      session.persist(new PurchaseOrder(3L, grace, new BigDecimal("75.00")));
      adaId = ada.getId();
      graceId = grace.getId();
    });
  }

  @AfterAll
  static void stop() {
    if (factory != null) {
      factory.close();
    }
  }

  @Test
  void joinFilteringOnTheJoinedDeterministicColumn() {
    // select p1_0.id,p1_0.customer_id,p1_0.total from purchase_orders p1_0
    //   join customers c1_0 on c1_0.id=p1_0.customer_id where c1_0.email=? order by p1_0.id
    List<Long> orders = sessions.fromTransaction(session -> session.createSelectionQuery(
            "select o.id from PurchaseOrder o join o.customer c where c.email = :email order by o.id", Long.class)
        .setParameter("email", "ada@example.com")
        .getResultList());

    assertThat(orders).containsExactly(1L, 2L);
  }

  @Test
  void fetchJoinDecryptsTheJoinedEntity() {
    // select p1_0.id,c1_0.id,c1_0.birth_date,c1_0.city,c1_0.email,...,p1_0.total
    //   from purchase_orders p1_0 join customers c1_0 on c1_0.id=p1_0.customer_id where p1_0.id=?
    PurchaseOrder order = sessions.fromTransaction(session -> session.createSelectionQuery(
            "from PurchaseOrder o join fetch o.customer where o.id = :id", PurchaseOrder.class)
        .setParameter("id", 3L)
        .getSingleResult());

    assertThat(Hibernate.isInitialized(order.getCustomer())).isTrue();
    assertThat(order.getCustomer().getEmail()).isEqualTo("grace@example.com");
    assertThat(order.getCustomer().getSsn()).isEqualTo("987-65-4321");
    assertThat(order.getCustomer().getBirthDate()).isEqualTo(LocalDate.of(1906, 12, 9));
  }

  @Test
  void lazyLoadingTheAssociationDecryptsIt() {
    String email = sessions.fromTransaction(session -> {
      PurchaseOrder order = session.find(PurchaseOrder.class, 2L);
      return order.getCustomer().getEmail();
    });

    assertThat(email).isEqualTo("ada@example.com");
  }

  @Test
  void subqueryOnTheDeterministicColumn() {
    // ... where p1_0.customer_id in (select c1_0.id from customers c1_0 where c1_0.email=?)
    List<Long> orders = sessions.fromTransaction(session -> session.createSelectionQuery(
            "select o.id from PurchaseOrder o where o.customer.id in (select c.id from Customer c where c.email = :email)", Long.class)
        .setParameter("email", "grace@example.com")
        .getResultList());

    assertThat(orders).containsExactly(3L);
  }

  @Test
  void existsSubqueryFromTheEncryptedSide() {
    // select c1_0.email from customers c1_0 where exists(select 1 from purchase_orders p1_0 where p1_0.customer_id=c1_0.id and p1_0.total>?)
    List<String> emails = sessions.fromTransaction(session -> session.createSelectionQuery(
            "select c.email from Customer c where exists (select 1 from PurchaseOrder o where o.customer = c and o.total > :total)", String.class)
        .setParameter("total", new BigDecimal("100"))
        .getResultList());

    assertThat(emails).containsExactly("ada@example.com");
  }

  @Test
  void pessimisticLockOnAnEntityWithEncryptedFields() {
    // select ... from customers c1_0 where c1_0.id=? for no key update
    Customer locked = sessions.fromTransaction(session -> session.find(Customer.class, graceId, LockModeType.PESSIMISTIC_WRITE));

    assertThat(locked.getEmail()).isEqualTo("grace@example.com");
  }

  @Test
  void nativeSelectStarMappedToTheEntity() {
    // Native SQL written by the application, with SELECT * and equality on the deterministic column.
    List<Customer> found = sessions.fromTransaction(session -> session
        .createNativeQuery("SELECT * FROM customers WHERE email = :email", Customer.class)
        .setParameter("email", "ada@example.com")
        .getResultList());

    assertThat(found).singleElement().satisfies(ada -> {
      assertThat(ada.getId()).isEqualTo(adaId);
      assertThat(ada.getSsn()).isEqualTo("123-45-6789");
      assertThat(ada.getBirthDate()).isEqualTo(LocalDate.of(1815, 12, 10));
    });
  }

  @Test
  void criteriaQueryWithEqualityAndAPlainCondition() {
    List<String> names = sessions.fromTransaction(session -> {
      var builder = session.getCriteriaBuilder();
      var query = builder.createQuery(String.class);
      var customer = query.from(Customer.class);
      query.select(customer.get("name")).where(builder.or(
          builder.equal(customer.get("email"), "grace@example.com"),
          builder.equal(customer.get("city"), "London")));
      query.orderBy(builder.asc(customer.get("name")));
      return session.createQuery(query).getResultList();
    });

    assertThat(names).containsExactly("Ada", "Grace");
  }
}
