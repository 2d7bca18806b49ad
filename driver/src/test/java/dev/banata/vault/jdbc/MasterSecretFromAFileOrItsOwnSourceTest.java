package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.secrets.VaultSchema;
import dev.banata.vault.keys.MasterSecretSet;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver started with a master secret that is not in {@code BETTER_AUTH_SECRET}: from a file (a
 * Kubernetes secret mount) and from a source the application registers (a KMS fetched at startup).
 * {@code vault_key} records the file's secret, so a driver that read the environment instead could
 * not start. Nothing the driver logs at any level, no message and no {@code toString} shows it.
 */
@DatabaseTest
class MasterSecretFromAFileOrItsOwnSourceTest {

  static final String SECRET = "kubernetes-mounted-master-secret-0123456789";

  @RegisterExtension static final TestSchema db = new TestSchema();
  @TempDir static Path dir;
  static Path secretFile;

  @BeforeAll
  static void tablesAndTheSecretFile() throws SQLException, IOException {
    Customers.create(db);
    // Version 1 is recorded with the file's secret, not with BETTER_AUTH_SECRET.
    VaultSchema.install(db.plainDataSource(), MasterSecrets.of(MasterSecret.create(SECRET)));
    secretFile = Files.writeString(dir.resolve("master-secret"), SECRET + "\n");
  }

  // Held in a field: JUL keeps loggers weakly. ALL: the secret must not show at FINEST either.
  private final Logger logger = Logger.getLogger("dev.banata.vault");
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      logged.add(formatter.format(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level levelBefore;

  @BeforeEach
  void listen() {
    levelBefore = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(handler);
    logger.setLevel(levelBefore);
  }

  private static void roundTrip(DataSource dataSource, long id) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email) VALUES (?, ?)")) {
        insert.setLong(1, id);
        insert.setString(2, "file" + id + "@example.com");
        insert.executeUpdate();
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT id FROM customers WHERE email = ?")) {
        select.setString(1, "file" + id + "@example.com");
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getLong(1)).isEqualTo(id);
        }
      }
    }
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM customers WHERE id = " + id)) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).startsWith("bv1:");
    }
  }

  @Test
  void aVaultDataSourceReadsTheSecretFromTheFileNamedByAProperty() throws SQLException {
    VaultDataSource vault = new VaultDataSource(db.plainDataSource());
    vault.setConfigLocation(Customers.CONFIG);
    vault.setVaultProperty("vault.master-secret-file", secretFile.toString());

    roundTrip(vault, 1);

    assertThat(String.join("\n", logged)).contains("6 encrypted columns").doesNotContain(SECRET);
    assertThat(vault.toString() + vault.getMetrics()).doesNotContain(SECRET);
  }

  @Test
  void theEnvironmentsSecretCannotReadWhatTheFilesSecretRecorded() {
    VaultDataSource fromEnvironment = new VaultDataSource(db.plainDataSource());
    fromEnvironment.setConfigLocation(Customers.CONFIG);

    assertThatThrownBy(fromEnvironment::getConnection).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
  }

  @Test
  void aJdbcUrlSelectsASourceTheApplicationRegistered() throws SQLException {
    // E.g. fetched from a secrets manager in main() before the pool starts.
    MasterSecretSources.register("url-test-kms", () -> MasterSecretSet.of(SECRET, "KMS key alias/vault"));
    try {
      String url = db.vaultUrl() + "&vault.config=" + Customers.CONFIG + "&vault.master-secret-source=url-test-kms";
      try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT count(*) FROM customers WHERE email = 'nobody@example.com'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isZero();
      }
    } finally {
      MasterSecretSources.unregister("url-test-kms");
    }
    assertThat(String.join("\n", logged)).doesNotContain(SECRET);
  }

  @Test
  void aProgrammaticSourceOnTheDataSource() throws SQLException {
    VaultDataSource vault = new VaultDataSource(db.plainDataSource());
    vault.setConfigLocation(Customers.CONFIG);
    vault.setMasterSecretSource(() -> MasterSecretSet.of(SECRET, "secrets manager prod/vault"));

    roundTrip(vault, 2);
  }

  @Test
  void aBadFileOrAFailingSourceStopsTheFirstConnectionWithAMessageWithoutTheSecret() throws IOException {
    Path missing = dir.resolve("not-mounted");
    VaultDataSource noFile = new VaultDataSource(db.plainDataSource());
    noFile.setConfigLocation(Customers.CONFIG);
    noFile.setVaultProperty("vault.master-secret-file", missing.toString());
    assertThatThrownBy(noFile::getConnection).isInstanceOf(SQLException.class)
        .hasMessage("Banata Vault: the master secret file " + missing + " cannot be read (NoSuchFileException)");

    Path empty = Files.writeString(dir.resolve("empty"), "");
    VaultDataSource emptyFile = new VaultDataSource(db.plainDataSource());
    emptyFile.setConfigLocation(Customers.CONFIG);
    emptyFile.setVaultProperty("vault.master-secret-file", empty.toString());
    assertThatThrownBy(emptyFile::getConnection).isInstanceOf(SQLException.class)
        .hasMessage("Banata Vault: the master secret file " + empty + " is empty");

    VaultDataSource failing = new VaultDataSource(db.plainDataSource());
    failing.setConfigLocation(Customers.CONFIG);
    failing.setMasterSecretSource(() -> {
      throw new IllegalStateException("KMS said no to " + SECRET);
    });
    assertThatThrownBy(failing::getConnection).isInstanceOf(SQLException.class).hasNoCause()
        .hasMessage("Banata Vault: the master secret source failed (java.lang.IllegalStateException);"
            + " the vault cannot start without its master secret");
    assertThat(String.join("\n", logged)).doesNotContain(SECRET);
  }
}
