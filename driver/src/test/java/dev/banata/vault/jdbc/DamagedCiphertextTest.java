package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ciphertext changed behind the driver's back — tampered, moved to a column of another context,
 * truncated — reads as "Decryption failed", never as garbage; plaintext in an encrypted column is
 * an error unless {@code plaintext-reads: allow}.
 */
@DatabaseTest
class DamagedCiphertextTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  private static HikariDataSource pool;
  private static HikariDataSource migratingPool;

  @BeforeAll
  static void start() {
    pool = Customers.pool(db, Customers.CONFIG);
    migratingPool = Customers.pool(db, "classpath:e2e-vault-plaintext-allowed.yaml");
  }

  @AfterAll
  static void stop() {
    pool.close();
    migratingPool.close();
  }

  @BeforeEach
  void twoCustomers() throws SQLException {
    Customers.create(db);
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email, ssn, birth_date, balance, photo) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (long id = 1; id <= 2; id++) {
        insert.setLong(1, id);
        insert.setString(2, "c" + id + "@example.com");
        insert.setString(3, "ssn-" + id);
        insert.setObject(4, LocalDate.of(1990, 1, (int) id));
        insert.setBigDecimal(5, java.math.BigDecimal.valueOf(id));
        insert.setBytes(6, new byte[] {(byte) id});
        insert.executeUpdate();
      }
    }
  }

  private static void assertReadFails(String column, String message) throws SQLException {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, " + column + " FROM customers WHERE id = 2")) {
      assertThat(rows.next()).isTrue();
      assertThatThrownBy(() -> rows.getObject(2)).isInstanceOf(SQLException.class).hasMessageContaining(message);
      assertThat(rows.getLong(1)).isEqualTo(2); // other columns of the row stay readable
    }
  }

  @Test
  void aTamperedCharacterFailsToDecrypt() throws SQLException {
    // Change one base64url character in the middle of the ciphertext.
    db.execute("UPDATE customers SET ssn = overlay(ssn placing CASE WHEN substr(ssn, 30, 1) = 'A' THEN 'B' ELSE 'A' END from 30 for 1) WHERE id = 2");
    assertReadFails("ssn", "Decryption failed");
  }

  @Test
  void aTamperedByteInAByteaEnvelopeFailsToDecrypt() throws SQLException {
    db.execute("UPDATE customers SET photo = set_byte(photo, 25, get_byte(photo, 25) # 1) WHERE id = 2");
    assertReadFails("photo", "Decryption failed");
  }

  @Test
  void ciphertextMovedToAColumnOfAnotherContextFailsToDecrypt() throws SQLException {
    // ssn (context pii) of row 1 into email (context customers.email) of row 2, and a date into the decimal column.
    db.execute("UPDATE customers SET email = (SELECT ssn FROM customers WHERE id = 1), "
        + "balance = (SELECT birth_date FROM customers WHERE id = 1) WHERE id = 2");
    assertReadFails("email", "Decryption failed");
    assertReadFails("balance", "Decryption failed");
  }

  @Test
  void ciphertextSwappedBetweenRowsOfTheSameColumnStillDecrypts() throws SQLException {
    // Same context: the value moves with its ciphertext. Documented: context binds a column, not a row.
    db.execute("UPDATE customers SET ssn = (SELECT ssn FROM customers WHERE id = 1) WHERE id = 2");
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT ssn FROM customers WHERE id = 2")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("ssn-1");
    }
  }

  @Test
  void aTruncatedEnvelopeFailsToDecrypt() throws SQLException {
    db.execute("UPDATE customers SET ssn = left(ssn, length(ssn) - 6), photo = substring(photo from 1 for 20) WHERE id = 2");
    assertReadFails("ssn", "Decryption failed");
    assertReadFails("photo", "Decryption failed");
  }

  @Test
  void aTruncatedEnvelopeIsNotMistakenForPlaintextWhilePlaintextIsAllowed() throws SQLException {
    db.execute("UPDATE customers SET ssn = left(ssn, 10) WHERE id = 2");
    try (Connection connection = migratingPool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT ssn FROM customers WHERE id = 2")) {
      rows.next();
      assertThatThrownBy(() -> rows.getString(1)).hasMessageContaining("Decryption failed");
    }
  }

  @Test
  void plaintextInAnEncryptedColumnIsAnErrorUnlessAllowed() throws SQLException {
    db.execute("UPDATE customers SET ssn = 'not-migrated-yet', birth_date = '2001-02-03' WHERE id = 2");
    assertReadFails("ssn", "not ciphertext");
    try (Connection connection = migratingPool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT ssn, birth_date FROM customers WHERE id = 2")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("not-migrated-yet");
      assertThat(rows.getObject(2, LocalDate.class)).isEqualTo(LocalDate.of(2001, 2, 3));
    }
  }

  @Test
  void theErrorNeverCarriesTheStoredValue() throws SQLException {
    db.execute("UPDATE customers SET ssn = 'plaintext-secret-value' WHERE id = 2");
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT ssn FROM customers WHERE id = 2")) {
      rows.next();
      assertThatThrownBy(() -> rows.getString(1)).satisfies(e -> {
        assertThat(e.getMessage()).doesNotContain("plaintext-secret-value");
        assertThat(String.valueOf(e.getCause())).doesNotContain("plaintext-secret-value");
      });
    }
  }
}
