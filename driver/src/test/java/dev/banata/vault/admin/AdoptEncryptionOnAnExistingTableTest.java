package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adoption path on an existing table of plaintext: {@code encrypt-existing} turns every value into
 * an envelope of the column's type, {@code verify} passes, and {@code decrypt-existing} (confirmed)
 * puts the original text back.
 */
@DatabaseTest
class AdoptEncryptionOnAnExistingTableTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @TempDir Path dir;

  @Test
  void encryptExistingThenDecryptExistingRoundTripsEveryType() throws Exception {
    db.execute(
        "CREATE TABLE patients (id uuid PRIMARY KEY, email text, balance text, born text, scan bytea, vip text)",
        """
        INSERT INTO patients
        SELECT md5(g::text)::uuid, 'p' || g || '@example.com', (g * 1.25)::text, (date '1970-01-01' + g)::text,
               CASE WHEN g % 5 = 0 THEN NULL ELSE decode(lpad(to_hex(g), 8, '0'), 'hex') END,
               CASE WHEN g % 2 = 0 THEN 'true' ELSE 'false' END
          FROM generate_series(1, 1500) g""");
    Path config = AdminRun.config(dir, """
        plaintext-reads: allow
        tables:
          patients:
            primary-key: id
            columns:
              email:   { mode: deterministic }
              balance: { type: decimal }
              born:    { type: date }
              scan:    { type: bytes }
              vip:     { type: boolean }
        """);
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    String[] target = {"--url", db.url(), "--user", db.user(), "--config", config.toString()};
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    String plaintextBefore = dump();

    AdminRun.Result dryRun = AdminRun.run(env, RotateTest.concat(new String[] {"encrypt-existing", "--dry-run"}, target));
    AdminRun.Result encrypt = AdminRun.run(env, RotateTest.concat(new String[] {"encrypt-existing", "--batch-size", "100"}, target));
    AdminRun.Result verify = AdminRun.run(env, RotateTest.concat(new String[] {"verify"}, target));

    assertThat(dryRun.out()).contains("dry run: encrypt-existing would rewrite 1,200 values of patients.scan");
    assertThat(encrypt.code()).as(encrypt.toString()).isZero();
    assertThat(verify.code()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("verify: 1,500 rows of 1 tables and 0 vault secrets checked, 0 failures");
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT email, balance, born, scan, vip FROM patients WHERE id = md5('7')::uuid")) {
      row.next();
      assertThat(row.getString(1)).isEqualTo(app.cipher.encryptToText(Mode.DETERMINISTIC, "patients.email", ValueType.TEXT, "p7@example.com"));
      assertThat(app.decrypt(row.getString(2), Mode.RANDOMIZED, "patients.balance", ValueType.DECIMAL)).isEqualTo(new BigDecimal("8.75"));
      assertThat(app.decrypt(row.getString(3), Mode.RANDOMIZED, "patients.born", ValueType.DATE)).isEqualTo(LocalDate.of(1970, 1, 8));
      assertThat(FieldCipher.isEnvelope(row.getBytes(4))).isTrue();
      assertThat((byte[]) app.cipher.decrypt(row.getBytes(4), Mode.RANDOMIZED, "patients.scan", ValueType.BYTES)).containsExactly(0, 0, 0, 7);
      assertThat(app.decrypt(row.getString(5), Mode.RANDOMIZED, "patients.vip", ValueType.BOOLEAN)).isEqualTo(false);
    }
    assertThat(dump()).doesNotContain("@example.com");

    AdminRun.Result refused = AdminRun.run(env, RotateTest.concat(new String[] {"decrypt-existing"}, target));
    AdminRun.Result decrypt = AdminRun.run(env, RotateTest.concat(new String[] {"decrypt-existing", "--confirm-plaintext"}, target));

    assertThat(refused.code()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(decrypt.code()).as(decrypt.toString()).isZero();
    assertThat(dump()).isEqualTo(plaintextBefore);
  }

  private static String dump() throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, email, balance::numeric, born::date, scan, vip::boolean FROM patients ORDER BY id")) {
      while (rows.next()) {
        for (int i = 1; i <= 6; i++) {
          out.append(rows.getString(i)).append('|');
        }
        out.append('\n');
      }
    } catch (java.sql.SQLException e) {
      // While encrypted the casts fail: show the raw text instead.
      try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT id, email, balance, born, scan, vip FROM patients ORDER BY id")) {
        while (rows.next()) {
          for (int i = 1; i <= 6; i++) {
            out.append(rows.getString(i)).append('|');
          }
          out.append('\n');
        }
      }
    }
    return out.toString();
  }
}
