package dev.banata.vault.admin;

import dev.banata.vault.EncryptRequest;
import dev.banata.vault.Vault;
import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.internal.keys.RefreshingKeyRingSource;
import dev.banata.vault.internal.secrets.VaultAccess;
import dev.banata.vault.keys.MasterSecretSources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Stands in for an application instance: encrypts and decrypts column values the way the vault
 * driver does (FieldCipher over a RefreshingKeyRingSource that refreshes from vault_key), over plain JDBC.
 * Used until the tests can run the application through jdbc:vault: itself.
 */
final class Application implements AutoCloseable {

  final RefreshingKeyRingSource ring;
  final FieldCipher cipher;
  private final DataSource dataSource;

  Application(DataSource dataSource, String secret, Duration refresh, String... previous) throws SQLException {
    Map<String, String> env = AdminRun.env(secret, previous);
    MasterSecrets secrets = MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT, env::get));
    this.dataSource = dataSource;
    this.ring = RefreshingKeyRingSource.start(dataSource, secrets, refresh);
    this.cipher = new FieldCipher(ring);
  }

  String email(String value) {
    return cipher.encryptToText(Mode.DETERMINISTIC, "customers.email", ValueType.TEXT, value);
  }

  String ssn(String value) {
    return cipher.encryptToText(Mode.RANDOMIZED, "pii", ValueType.TEXT, value);
  }

  String birthDate(java.time.LocalDate value) {
    return cipher.encryptToText(Mode.RANDOMIZED, "customers.birth_date", ValueType.DATE, value);
  }

  byte[] photo(byte[] value) {
    return cipher.encryptToBytes(Mode.RANDOMIZED, "customers.photo", ValueType.BYTES, value);
  }

  /**
   * Inserts rows 1 to {@code rows} into {@code table} (id, email, ssn) in one batch, encrypted as this
   * instance would write them: email {@code user<id>@example.com}, ssn {@code ssn-<id>}.
   */
  void insertCustomers(Connection connection, String table, long rows) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
      for (long id = 1; id <= rows; id++) {
        insert.setLong(1, id);
        insert.setString(2, email("user" + id + "@example.com"));
        insert.setString(3, ssn("ssn-" + id));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * The rows of {@code table} with an id above {@code aboveId} whose email is stored at key version
   * {@code version}, read as stored: how far a job over a table of {@link #insertCustomers} got.
   */
  static long emailsAtVersion(Connection connection, String table, long version, long aboveId) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM " + table + " WHERE id > " + aboveId)) {
      long count = 0;
      while (rows.next()) {
        if (FieldCipher.isEnvelope(rows.getString(1)) && FieldCipher.keyVersionOf(rows.getString(1)) == version) {
          count++;
        }
      }
      return count;
    }
  }

  Object decrypt(String envelope, Mode mode, String context, ValueType type) {
    return cipher.decrypt(envelope, mode, context, type);
  }

  /** Stores a secret through the Vault API. */
  String storeSecret(String name, String data) {
    try (Vault vault = VaultAccess.build(Vault.builder(dataSource), ring)) {
      return vault.encrypt(EncryptRequest.builder().name(name).data(data).build());
    }
  }

  String readSecret(String id) {
    try (Vault vault = VaultAccess.build(Vault.builder(dataSource), ring)) {
      return vault.decrypt(id);
    }
  }

  @Override
  public void close() {
    ring.close();
  }

  /** The configuration the customers tests use. */
  static final String CUSTOMERS_YAML = """
      tables:
        customers:
          primary-key: id
          columns:
            email:      { mode: deterministic }
            ssn:        { mode: randomized, context: pii }
            birth_date: { mode: randomized, type: date }
            photo:      { mode: randomized, type: bytes }
      """;
}
