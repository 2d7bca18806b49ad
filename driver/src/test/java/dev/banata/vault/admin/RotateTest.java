package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An operator rotates keys: every configured column and vault_secret move to a new version, old ones can then be retired. */
@DatabaseTest
class RotateTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @TempDir Path dir;

  @Test
  void rotateMovesEveryColumnAndVaultSecretToANewKeyVersionThenTheOldOneCanBeRetired() throws Exception {
    db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text, birth_date text, photo bytea, note text)");
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    Path config = AdminRun.config(dir, Application.CUSTOMERS_YAML);
    String[] target = {"--url", db.vaultUrl(), "--user", db.user(), "--config", config.toString()};
    assertThat(AdminRun.run(env, concat(new String[] {"install"}, target)).code()).isZero();
    List<String> secretIds = new ArrayList<>();
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?, 'plain note')")) {
      for (int id = 1; id <= 700; id++) {
        insert.setLong(1, id);
        insert.setString(2, app.email("user" + id + "@example.com"));
        insert.setString(3, id % 10 == 0 ? null : app.ssn("ssn-" + id));
        insert.setString(4, app.birthDate(LocalDate.of(1980, 1, 1).plusDays(id)));
        insert.setBytes(5, app.photo(new byte[] {(byte) id, 1, 2}));
        insert.addBatch();
      }
      insert.executeBatch();
      for (int i = 0; i < 30; i++) {
        secretIds.add(app.storeSecret("webhook-" + i, "whsec_" + i));
      }
    }
    assertThat(versionsIn("email")).containsOnly(1);

    AdminRun.Result retireTooEarly = AdminRun.run(env, concat(new String[] {"retire", "1", "--settle-seconds", "0"}, target));
    AdminRun.Result rotate = AdminRun.run(env, concat(new String[] {"rotate", "--settle-seconds", "0", "--batch-size", "64"}, target));

    assertThat(rotate.code()).as(rotate.toString()).isZero();
    assertThat(rotate.out()).contains("every value is at key version 2");
    assertThat(retireTooEarly.code()).as("version 1 was primary: %s", retireTooEarly).isEqualTo(ExitCode.REFUSED.code());
    assertThat(versionsIn("email")).containsOnly(2);
    assertThat(versionsIn("ssn")).containsOnly(2);
    assertThat(versionsIn("birth_date")).containsOnly(2);
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, email, ssn, birth_date, photo, note FROM customers ORDER BY id")) {
      int count = 0;
      while (rows.next()) {
        long id = rows.getLong(1);
        count++;
        assertThat(rows.getString(2)).isEqualTo(app.email("user" + id + "@example.com"));
        assertThat(rows.getString(3) == null ? null : app.decrypt(rows.getString(3), Mode.RANDOMIZED, "pii", ValueType.TEXT))
            .isEqualTo(id % 10 == 0 ? null : "ssn-" + id);
        assertThat(app.decrypt(rows.getString(4), Mode.RANDOMIZED, "customers.birth_date", ValueType.DATE))
            .isEqualTo(LocalDate.of(1980, 1, 1).plusDays(id));
        assertThat(FieldCipher.keyVersionOf(rows.getBytes(5))).isEqualTo(2);
        assertThat((byte[]) app.cipher.decrypt(rows.getBytes(5), Mode.RANDOMIZED, "customers.photo", ValueType.BYTES))
            .containsExactly((byte) id, 1, 2);
        assertThat(rows.getString(6)).isEqualTo("plain note");
      }
      assertThat(count).isEqualTo(700);
      for (int i = 0; i < secretIds.size(); i++) {
        assertThat(app.readSecret(secretIds.get(i))).isEqualTo("whsec_" + i);
      }
    }
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet versions = statement.executeQuery("SELECT DISTINCT version FROM vault_secret")) {
      assertThat(versions.next()).isTrue();
      assertThat(versions.getInt(1)).isEqualTo(2);
      assertThat(versions.next()).isFalse();
    }

    AdminRun.Result status = AdminRun.run(env, concat(new String[] {"status", "--json"}, target));
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(status.out()).contains("{\"version\": 1, \"state\": \"live\", \"secret\": \"current\"")
        .contains("\"values\": 0, \"unused\": true}")
        .contains("{\"table\": \"customers\", \"column\": \"ssn\", \"rows\": 700, \"nulls\": 70, \"plaintext\": 0, \"byVersion\": {\"2\": 630}}");

    AdminRun.Result retire = AdminRun.run(env, concat(new String[] {"retire", "1", "--settle-seconds", "0"}, target));
    assertThat(retire.code()).as(retire.toString()).isZero();
    AdminRun.Result after = AdminRun.run(env, concat(new String[] {"status"}, target));
    assertThat(after.out()).containsPattern("1 +retired");
  }

  private static List<Integer> versionsIn(String column) throws Exception {
    List<Integer> versions = new ArrayList<>();
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT " + column + " FROM customers WHERE " + column + " IS NOT NULL")) {
      while (rows.next()) {
        int version = FieldCipher.keyVersionOf(rows.getString(1));
        if (!versions.contains(version)) {
          versions.add(version);
        }
      }
    }
    return versions;
  }

  static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
