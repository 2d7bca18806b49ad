package dev.banata.vault.frameworks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.frameworks.CustomersTable.RawRow;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.SQLException;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jOOQ with {@code SQLDialect.POSTGRES} over HikariCP and {@code jdbc:vault:postgresql:}, without
 * code generation: the DSL on tables and fields named in code, and plain SQL templates.
 */
@DatabaseTest
class JooqCrudTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  static final Table<Record> CUSTOMERS = table(name("customers"));
  static final Field<Long> ID = field(name("customers", "id"), SQLDataType.BIGINT);
  static final Field<String> NAME = field(name("customers", "name"), SQLDataType.CLOB);
  static final Field<String> EMAIL = field(name("customers", "email"), SQLDataType.CLOB);
  static final Field<String> SSN = field(name("customers", "ssn"), SQLDataType.CLOB);

  private static HikariDataSource pool;
  private static DSLContext jooq;

  @BeforeAll
  static void start() {
    pool = CustomersTable.pool(db);
    jooq = DSL.using(pool, SQLDialect.POSTGRES);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void createTable() throws SQLException {
    CustomersTable.create(db);
  }

  private static long insert(DSLContext dsl, String name, String email, String ssn) {
    return dsl.insertInto(CUSTOMERS, NAME, EMAIL, SSN).values(name, email, ssn).returningResult(ID).fetchOne().value1();
  }

  private static Customer byId(long id) {
    return jooq.select(ID, NAME, EMAIL, SSN).from(CUSTOMERS).where(ID.eq(id)).fetchOneInto(Customer.class);
  }

  @Test
  void theSqlJooqRendersForPostgres() {
    assertThat(jooq.insertInto(CUSTOMERS, NAME, EMAIL, SSN).values("n", "e", "s").returningResult(ID).getSQL())
        .isEqualTo("insert into \"customers\" (\"name\", \"email\", \"ssn\") values (?, ?, ?) returning \"customers\".\"id\"");
    assertThat(jooq.select(ID, NAME, EMAIL, SSN).from(CUSTOMERS).where(EMAIL.eq("e")).getSQL())
        .isEqualTo("select \"customers\".\"id\", \"customers\".\"name\", \"customers\".\"email\", \"customers\".\"ssn\""
            + " from \"customers\" where \"customers\".\"email\" = ?");
  }

  @Test
  void insertReturningTheIdThenSelectByIdAndRawRowsHoldCiphertext() throws SQLException {
    long id = insert(jooq, "Ada", "ada@example.com", "123-45-6789");

    assertThat(byId(id)).isEqualTo(new Customer(id, "Ada", "ada@example.com", "123-45-6789"));
    // RETURNING an encrypted column decrypts it too.
    assertThat(jooq.insertInto(CUSTOMERS, NAME, EMAIL, SSN).values("Grace", "grace@example.com", "987-65-4321")
        .returningResult(ID, NAME, EMAIL, SSN).fetchOneInto(Customer.class))
        .extracting(Customer::getEmail, Customer::getSsn).containsExactly("grace@example.com", "987-65-4321");
    Record row = jooq.selectFrom(CUSTOMERS).where(ID.eq(id)).fetchOne();
    assertThat(row.get(EMAIL)).isEqualTo("ada@example.com");
    assertThat(row.get(SSN)).isEqualTo("123-45-6789");

    RawRow raw = CustomersTable.rawRows(db).get(0);
    assertThat(raw.email()).startsWith(CustomersTable.ENVELOPE_PREFIX).doesNotContain("ada@example.com");
    assertThat(raw.ssn()).startsWith(CustomersTable.ENVELOPE_PREFIX).doesNotContain("123-45-6789");
    CustomersTable.assertOnlyCiphertextStored(db, "grace@example.com", "987-65-4321");
  }

  @Test
  void lookupByEqualityOnTheDeterministicColumn() throws SQLException {
    long ada = insert(jooq, "Ada", "ada@example.com", "123-45-6789");
    long grace = insert(jooq, "Grace", "grace@example.com", "987-65-4321");

    assertThat(jooq.select(ID, NAME, EMAIL, SSN).from(CUSTOMERS).where(EMAIL.eq("grace@example.com")).fetchInto(Customer.class))
        .containsExactly(new Customer(grace, "Grace", "grace@example.com", "987-65-4321"));
    assertThat(jooq.select(ID).from(CUSTOMERS).where(EMAIL.in("ada@example.com", "grace@example.com")).orderBy(ID).fetch(ID))
        .containsExactly(ada, grace);
    assertThat(jooq.fetchOptional(CUSTOMERS, EMAIL.eq("nobody@example.com"))).isEmpty();
    assertThat(jooq.fetchCount(CUSTOMERS, EMAIL.ne("ada@example.com"))).isEqualTo(1);
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "grace@example.com");
  }

  @Test
  void updateAndDelete() throws SQLException {
    long ada = insert(jooq, "Ada", "ada@example.com", "123-45-6789");
    long grace = insert(jooq, "Grace", "grace@example.com", "987-65-4321");

    assertThat(jooq.update(CUSTOMERS).set(EMAIL, "ada@lovelace.org").set(SSN, "111-11-1111").where(ID.eq(ada)).execute())
        .isEqualTo(1);
    assertThat(byId(ada)).isEqualTo(new Customer(ada, "Ada", "ada@lovelace.org", "111-11-1111"));
    assertThat(jooq.update(CUSTOMERS).set(SSN, (String) null).where(EMAIL.eq("grace@example.com")).execute()).isEqualTo(1);
    assertThat(jooq.select(ID).from(CUSTOMERS).where(SSN.isNull()).fetch(ID)).containsExactly(grace);

    assertThat(jooq.deleteFrom(CUSTOMERS).where(EMAIL.eq("ada@lovelace.org")).execute()).isEqualTo(1);
    assertThat(jooq.deleteFrom(CUSTOMERS).where(ID.eq(grace)).execute()).isEqualTo(1);
    assertThat(CustomersTable.rawRows(db)).isEmpty();
  }

  @Test
  void multiRowInsertAndUpsertOnTheDeterministicColumn() throws SQLException {
    assertThat(jooq.insertInto(CUSTOMERS, NAME, EMAIL, SSN)
        .values("Ada", "ada@example.com", "123-45-6789")
        .values("Grace", "grace@example.com", "987-65-4321")
        .execute()).isEqualTo(2);
    var upsert = jooq.insertInto(CUSTOMERS, NAME, EMAIL, SSN).values("Ada L.", "ada@example.com", "111-11-1111")
        .onConflict(EMAIL).doUpdate().set(SSN, DSL.excluded(SSN)).set(NAME, DSL.excluded(NAME));
    assertThat(upsert.getSQL()).isEqualTo("insert into \"customers\" (\"name\", \"email\", \"ssn\") values (?, ?, ?)"
        + " on conflict (\"email\") do update set \"ssn\" = excluded.\"ssn\", \"name\" = excluded.\"name\"");
    assertThat(upsert.execute()).isEqualTo(1);
    assertThat(jooq.select(ID, NAME, EMAIL, SSN).from(CUSTOMERS).orderBy(ID).fetchInto(Customer.class))
        .extracting(Customer::getName, Customer::getEmail, Customer::getSsn)
        .containsExactly(tuple("Ada L.", "ada@example.com", "111-11-1111"), tuple("Grace", "grace@example.com", "987-65-4321"));
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "111-11-1111", "grace@example.com");
  }

  @Test
  void plainSqlTemplates() throws SQLException {
    jooq.execute("INSERT INTO customers (id, name, email, ssn) VALUES (?, ?, ?, ?)", 7L, "Ada", "ada@example.com", "123-45-6789");
    assertThat(jooq.fetch("SELECT id, name, email, ssn FROM customers WHERE email = ?", "ada@example.com").into(Customer.class))
        .containsExactly(new Customer(7L, "Ada", "ada@example.com", "123-45-6789"));
    assertThat(jooq.execute("UPDATE customers SET ssn = {0} WHERE email = {1}", DSL.val("000-00-0000"), DSL.val("ada@example.com")))
        .isEqualTo(1);
    assertThat(jooq.fetchValue("SELECT ssn FROM customers WHERE id = ?", 7L)).isEqualTo("000-00-0000");
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "000-00-0000");
    assertThat(jooq.execute("DELETE FROM customers WHERE email = ?", "ada@example.com")).isEqualTo(1);
  }

  @Test
  void batchedInserts() throws SQLException {
    int[] counts = jooq.batch(jooq.insertInto(CUSTOMERS, NAME, EMAIL, SSN).values((String) null, null, null))
        .bind("Ada", "ada@example.com", "123-45-6789")
        .bind("Grace", "grace@example.com", "987-65-4321")
        .execute();
    assertThat(counts).containsExactly(1, 1);
    assertThat(jooq.select(EMAIL).from(CUSTOMERS).orderBy(ID).fetch(EMAIL)).containsExactly("ada@example.com", "grace@example.com");
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "grace@example.com", "987-65-4321");
  }

  @Test
  void inlinedValuesWithStaticStatements() throws SQLException {
    // StatementType.STATIC_STATEMENT: jOOQ inlines every bind value and runs a java.sql.Statement;
    // the driver rewrites the literals bound for encrypted columns.
    DSLContext inlined = DSL.using(pool, SQLDialect.POSTGRES, new Settings().withStatementType(StatementType.STATIC_STATEMENT));
    long id = insert(inlined, "Ada", "ada@example.com", "123-45-6789");
    assertThat(inlined.select(ID, NAME, EMAIL, SSN).from(CUSTOMERS).where(EMAIL.eq("ada@example.com")).fetchOneInto(Customer.class))
        .isEqualTo(new Customer(id, "Ada", "ada@example.com", "123-45-6789"));
    assertThat(inlined.update(CUSTOMERS).set(SSN, "000-00-0000").where(EMAIL.eq("ada@example.com")).execute()).isEqualTo(1);
    assertThat(byId(id).getSsn()).isEqualTo("000-00-0000");
    CustomersTable.assertOnlyCiphertextStored(db, "ada@example.com", "123-45-6789", "000-00-0000");
  }

  /** {@code fetchExists} puts the lookup in a sub-query of the select list; it is rewritten there like any other. */
  @Test
  void fetchExistsOnTheDeterministicColumnIsAnswered() {
    insert(jooq, "Ada", "ada@example.com", "123-45-6789");
    assertThat(jooq.fetchExists(CUSTOMERS, EMAIL.eq("ada@example.com"))).isTrue();
    assertThat(jooq.fetchExists(CUSTOMERS, EMAIL.eq("nobody@example.com"))).isFalse();
    assertThat(jooq.fetchOptional(jooq.selectOne().where(DSL.exists(jooq.selectOne().from(CUSTOMERS).where(EMAIL.eq("ada@example.com"))))))
        .isPresent();
    assertThat(jooq.fetchCount(CUSTOMERS, EMAIL.eq("ada@example.com"))).isEqualTo(1);
  }

  @Test
  void whatTheCiphertextCannotAnswerIsADataAccessExceptionWithSqlState0A000() {
    insert(jooq, "Grace", "grace@example.com", "987-65-4321");
    insert(jooq, "Ada", "ada@example.com", "123-45-6789");

    assertThatThrownBy(() -> jooq.select(EMAIL).from(CUSTOMERS).orderBy(EMAIL).limit(1).fetch())
        .isInstanceOf(DataAccessException.class)
        .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).isEqualTo("0A000"))
        .hasMessageContaining("ORDER BY with LIMIT needs the database to order; sort in the application or drop the LIMIT");
    assertThatThrownBy(() -> jooq.selectFrom(CUSTOMERS).where(EMAIL.like("ada%")).fetch())
        .isInstanceOf(DataAccessException.class)
        .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).isEqualTo("0A000"))
        .hasMessageContaining("Banata Vault: LIKE (configure search: prefix on customers.email").hasMessageContaining("is not supported on encrypted column customers.email");
    assertThat(jooq.fetchCount(CUSTOMERS)).isEqualTo(2);
  }
}
