package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At the first connection of a configuration the driver logs, once, every encrypted column with its
 * settings and where it was declared, and never the secret. System.Logger's default backend is
 * java.util.logging, so a JUL handler on the logger of the same name sees the record.
 */
@DatabaseTest
class EncryptedColumnsAreLoggedAtTheFirstConnectionTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  // Held in a field: JUL keeps loggers weakly, and a collected logger would lose the handler.
  private final Logger logger = Logger.getLogger(VaultRuntime.class.getName());
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    logger.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(handler);
  }

  @Test
  void everyEncryptedColumnIsLoggedOnceForManyConnections() throws Exception {
    // plan-cache-size makes this runtime's key unique, so no earlier test can have created it.
    String url = db.vaultUrl() + "&vault.config=classpath:e2e-vault.yaml&vault.plan-cache-size=4242";
    for (int i = 0; i < 3; i++) {
      try (Connection connection = DriverManager.getConnection(url, db.user(), db.password())) {
        assertThat(connection.isValid(5)).isTrue();
      }
    }

    String file = "classpath:e2e-vault.yaml";
    assertThat(records).extracting(record -> record.getLevel() + " " + record.getMessage()).containsExactly("INFO Banata Vault:"
        + " 6 encrypted columns:"
        + "\n  customers.email: deterministic, type text, context customers.email, declared at " + file + ":6"
        + "\n  customers.ssn: randomized, type text, context pii, declared at " + file + ":7"
        + "\n  customers.birth_date: randomized, type date, context customers.birth_date, declared at " + file + ":8"
        + "\n  customers.balance: randomized, type decimal, context customers.balance, declared at " + file + ":9"
        + "\n  customers.visits: randomized, type integer, context customers.visits, declared at " + file + ":10"
        + "\n  customers.photo: randomized, type bytes, context customers.photo, declared at " + file + ":11");
    String secret = System.getenv("BETTER_AUTH_SECRET");
    assertThat(secret).as("the test JVM has a master secret, or the next check proves nothing").isNotBlank();
    assertThat(records).noneMatch(record -> record.getMessage().contains(secret));
  }
}
