package dev.banata.vault.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import jakarta.persistence.EntityManagerFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hibernate reads back every encrypted Java type it wrote, and the table holds only envelopes. */
@DatabaseTest
class TypedEncryptedFieldsTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static EntityManagerFactory factory;
  private static SessionFactory sessions;

  private static final UUID EXTERNAL_ID = UUID.fromString("0b7e6f1c-2d3a-4c5b-9e8f-123456789abc");
  private static final Instant LAST_LOGIN = Instant.parse("2026-11-28T17:45:12.345678Z");
  private static final LocalDateTime OPENED_AT = LocalDateTime.of(2020, 2, 29, 8, 30, 15, 123_000_000);

  @BeforeAll
  static void start() throws SQLException {
    db.execute("""
        CREATE TABLE accounts (
          id bigint PRIMARY KEY,
          owner text,
          balance text,
          visits text,
          points text,
          vip text,
          opened_at text,
          last_login text,
          external_id text,
          photo bytea)""");
    factory = OrmConfiguration.hikariCp(db, Account.class).createEntityManagerFactory();
    sessions = factory.unwrap(SessionFactory.class);
    sessions.inTransaction(session -> session.persist(new Account(1L, "Ada")
        .setBalance(new BigDecimal("1234.50"))
        .setVisits(42)
        .setPoints(9_000_000_000L)
        .setVip(true)
        .setOpenedAt(OPENED_AT)
        .setLastLogin(LAST_LOGIN)
        .setExternalId(EXTERNAL_ID)
        .setPhoto(new byte[] {1, 2, 3, (byte) 0xff})));
    sessions.inTransaction(session -> session.persist(new Account(2L, "Nobody")));
  }

  @AfterAll
  static void stop() {
    if (factory != null) {
      factory.close();
    }
  }

  @Test
  void everyTypeReadsBackAsWritten() {
    Account ada = sessions.fromTransaction(session -> session.find(Account.class, 1L));

    assertThat(ada.getBalance()).isEqualByComparingTo("1234.50");
    assertThat(ada.getVisits()).isEqualTo(42);
    assertThat(ada.getPoints()).isEqualTo(9_000_000_000L);
    assertThat(ada.getVip()).isTrue();
    assertThat(ada.getOpenedAt()).isEqualTo(OPENED_AT);
    assertThat(ada.getLastLogin()).isEqualTo(LAST_LOGIN);
    assertThat(ada.getExternalId()).isEqualTo(EXTERNAL_ID);
    assertThat(ada.getPhoto()).containsExactly(1, 2, 3, 0xff);
  }

  @Test
  void nullsOfEveryTypeStayNull() {
    Account nobody = sessions.fromTransaction(session -> session.find(Account.class, 2L));

    assertThat(nobody.getBalance()).isNull();
    assertThat(nobody.getVisits()).isNull();
    assertThat(nobody.getPoints()).isNull();
    assertThat(nobody.getVip()).isNull();
    assertThat(nobody.getOpenedAt()).isNull();
    assertThat(nobody.getLastLogin()).isNull();
    assertThat(nobody.getExternalId()).isNull();
    assertThat(nobody.getPhoto()).isNull();
  }

  @Test
  void aDeterministicUuidIsFoundByEquality() {
    // select ... from accounts a1_0 where a1_0.external_id=?
    List<Account> found = sessions.fromTransaction(session -> session
        .createSelectionQuery("from Account a where a.externalId = :id", Account.class)
        .setParameter("id", EXTERNAL_ID)
        .getResultList());

    assertThat(found).extracting(Account::getOwner).containsExactly("Ada");
  }

  @Test
  void theTableHoldsOnlyEnvelopes() throws SQLException {
    try (Connection plain = db.plainConnection();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT balance, visits, points, vip, opened_at, last_login, external_id, photo FROM accounts WHERE id = 1")) {
      assertThat(rows.next()).isTrue();
      for (int column = 1; column <= 7; column++) {
        String stored = rows.getString(column);
        // Not "does not contain 42": random base64 does, now and then (the envelope check below is what counts).
        assertThat(stored).as("column %d", column).startsWith("bv1:");
        assertThat(FieldCipher.isEnvelope(stored)).as("column %d", column).isTrue();
      }
      assertThat(FieldCipher.isEnvelope(rows.getBytes("photo"))).as("photo").isTrue();
    }
  }
}
