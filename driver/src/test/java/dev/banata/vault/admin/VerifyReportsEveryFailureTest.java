package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} names every value that does not decrypt by table, key and column — never the value — and fails. */
@DatabaseTest
class VerifyReportsEveryFailureTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @TempDir Path dir;

  @Test
  void tamperedCopiedAndPlaintextValuesAreListedByTableKeyAndColumn() throws Exception {
    db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text, birth_date text, photo bytea)");
    Path config = AdminRun.config(dir, Application.CUSTOMERS_YAML);
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    String[] target = {"--url", db.url(), "--user", db.user(), "--config", config.toString()};
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    String secretId;
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email, ssn) VALUES (?, ?, ?)")) {
      for (long id = 1; id <= 50; id++) {
        insert.setLong(1, id);
        insert.setString(2, app.email("user" + id + "@example.com"));
        insert.setString(3, app.ssn("ssn-" + id));
        insert.addBatch();
      }
      insert.executeBatch();
      secretId = app.storeSecret("smtp", "smtp-password-value");
    }
    // A flipped character, a ciphertext copied into a column of another context, plaintext, a tampered vault secret.
    db.execute(
        "UPDATE customers SET ssn = overlay(ssn placing CASE WHEN substr(ssn, 30, 1) = 'A' THEN 'B' ELSE 'A' END from 30 for 1) WHERE id = 7",
        "UPDATE customers SET ssn = (SELECT email FROM customers WHERE id = 9) WHERE id = 9",
        "UPDATE customers SET email = 'secret-plaintext@example.com' WHERE id = 11",
        "UPDATE vault_secret SET organization_id = 'org_other'");

    AdminRun.Result verify = AdminRun.run(env, RotateTest.concat(new String[] {"verify"}, target));

    assertThat(verify.code()).as(verify.toString()).isEqualTo(ExitCode.FAILURES_FOUND.code());
    assertThat(verify.out())
        .contains("FAILED customers 7 ssn: Decryption failed (key version 1)")
        .contains("FAILED customers 9 ssn: Decryption failed (key version 1)")
        .contains("FAILED customers 11 email: plaintext")
        .contains("FAILED vault_secret " + secretId + " encrypted_value: Decryption failed")
        .contains("4 failures")
        .doesNotContain("secret-plaintext@example.com").doesNotContain("smtp-password-value").doesNotContain("ssn-7");
    assertThat(verify.err()).contains("vault-admin verify: 4 values do not decrypt (listed on stdout by table, key and column)");
  }
}
