package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database error during a job ends it with exit code 70 and the server's message — without the
 * server's DETAIL, which for a check violation is the whole failing row: here the ciphertext the
 * job wrote and, next to it, a plaintext the job had to leave (a value that is not a date).
 */
// Needs a database: the tag that @DatabaseTest (branch tests) stands for, which TestSchema will require.
@Tag("db")
class AdminErrorsNameNoStoredValueTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @TempDir Path dir;

  @Test
  void aCheckViolationDuringEncryptExistingIsReportedWithoutTheFailingRow() throws Exception {
    db.execute("CREATE TABLE contacts (id bigint PRIMARY KEY, email text CONSTRAINT contacts_email_short CHECK (length(email) < 40), born text)",
        "INSERT INTO contacts VALUES (1, 'PLAIN-email-1', 'PLAIN-not-a-date')");
    Path config = AdminRun.config(dir, """
        plaintext-reads: allow
        tables:
          contacts:
            primary-key: id
            columns:
              email: { mode: deterministic }
              born:  { type: date }
        """);
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    assertThat(AdminRun.run(env, "install", "--url", db.url(), "--user", db.user()).code()).isZero();

    AdminRun.Result result = AdminRun.run(env, "encrypt-existing", "--url", db.url(), "--user", db.user(), "--config", config.toString());

    assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.INTERNAL.code());
    assertThat(result.err()).contains("violates check constraint \"contacts_email_short\"")
        .doesNotContain("PLAIN-").doesNotContain("bv1:").doesNotContain("Failing row");
  }
}
