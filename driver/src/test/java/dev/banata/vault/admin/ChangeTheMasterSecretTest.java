package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook for changing the master secret: set the new one, keep the old one in
 * BETTER_AUTH_SECRET_PREVIOUS, rotate, retire the old version — after which the new secret alone
 * reads everything.
 */
@DatabaseTest
class ChangeTheMasterSecretTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @TempDir Path dir;

  @Test
  void newSecretWithTheOldOneAsPreviousThenRotateThenTheNewSecretAloneReadsEverything() throws Exception {
    db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text, birth_date text, photo bytea)");
    Path config = AdminRun.config(dir, Application.CUSTOMERS_YAML);
    String[] target = {"--url", db.url(), "--user", db.user(), "--config", config.toString()};
    Map<String, String> oldOnly = AdminRun.env(AdminRun.SECRET);
    assertThat(AdminRun.run(oldOnly, RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    String secretId;
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email, ssn) VALUES (?, ?, ?)")) {
      for (long id = 1; id <= 300; id++) {
        insert.setLong(1, id);
        insert.setString(2, app.email("user" + id + "@example.com"));
        insert.setString(3, app.ssn("ssn-" + id));
        insert.addBatch();
      }
      insert.executeBatch();
      secretId = app.storeSecret("oidc-client", "client-secret-value");
    }
    Map<String, String> newWithOldAsPrevious = AdminRun.env(AdminRun.OTHER_SECRET, AdminRun.SECRET);

    AdminRun.Result status = AdminRun.run(newWithOldAsPrevious, RotateTest.concat(new String[] {"status"}, target));
    AdminRun.Result rotate = AdminRun.run(newWithOldAsPrevious, RotateTest.concat(new String[] {"rotate", "--settle-seconds", "0"}, target));
    AdminRun.Result retire = AdminRun.run(newWithOldAsPrevious, RotateTest.concat(new String[] {"retire", "1", "--settle-seconds", "0"}, target));
    Map<String, String> newOnly = AdminRun.env(AdminRun.OTHER_SECRET);
    AdminRun.Result verify = AdminRun.run(newOnly, RotateTest.concat(new String[] {"verify"}, target));

    assertThat(status.out()).containsPattern("1 +primary +previous");
    assertThat(rotate.code()).as(rotate.toString()).isZero();
    assertThat(retire.code()).as(retire.toString()).isZero();
    assertThat(verify.code()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("300 rows of 1 tables and 1 vault secrets checked, 0 failures");
    try (Application app = new Application(db.plainDataSource(), AdminRun.OTHER_SECRET, Duration.ZERO);
        Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT email, ssn FROM customers WHERE id = 42")) {
      row.next();
      assertThat(app.decrypt(row.getString(1), Mode.DETERMINISTIC, "customers.email", ValueType.TEXT)).isEqualTo("user42@example.com");
      assertThat(app.decrypt(row.getString(2), Mode.RANDOMIZED, "pii", ValueType.TEXT)).isEqualTo("ssn-42");
      assertThat(app.readSecret(secretId)).isEqualTo("client-secret-value");
    }
  }
}
