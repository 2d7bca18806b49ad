package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a running rotation — right after it registered the new version, half-way
 * through the first pass, and again half-way through a resumed run — then a plain restart: it
 * continues the same rotation (no further key version), finishes, and every row decrypts.
 */
@DatabaseTest
class KilledRotationResumesTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final int ROWS = 12_000;

  @TempDir Path dir;

  @Test
  void aRotationKilledAtSeveralPointsFinishesWhenStartedAgain() throws Exception {
    db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text)");
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    Path config = AdminRun.config(dir, AdminRun.EMAIL_AND_SSN_YAML);
    String[] target = AdminRun.target(db, config);
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection()) {
      app.insertCustomers(connection, "customers", ROWS);
    }
    String[] rotate = RotateTest.concat(new String[] {"rotate", "--settle-seconds", "0", "--batch-size", "40", "--progress-interval", "1"}, target);

    ChildProcess first = ChildProcess.start(env, List.of(), rotate);
    awaitThenKill(first, () -> db.queryLong("SELECT count(*) FROM vault_key") == 2);
    ChildProcess second = ChildProcess.start(env, List.of(), rotate);
    awaitThenKill(second, () -> rowsAtVersion2() > ROWS / 4);
    long doneBeforeThirdKill = rowsAtVersion2();
    ChildProcess third = ChildProcess.start(env, List.of(), rotate);
    awaitThenKill(third, () -> rowsAtVersion2() > doneBeforeThirdKill + ROWS / 4);
    ChildProcess last = ChildProcess.start(env, List.of(), rotate);
    int code = last.waitFor(180);

    assertThat(code).as(last.output()).isZero();
    assertThat(last.output()).contains("resuming the rotation to key version 2");
    assertThat(db.queryLong("SELECT max(version) FROM vault_key")).as("no extra key version was registered").isEqualTo(2);
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, email, ssn FROM customers ORDER BY id")) {
      int count = 0;
      while (rows.next()) {
        long id = rows.getLong(1);
        count++;
        assertThat(FieldCipher.keyVersionOf(rows.getString(2))).as("row %d", id).isEqualTo(2);
        assertThat(app.decrypt(rows.getString(2), Mode.DETERMINISTIC, "customers.email", ValueType.TEXT)).isEqualTo("user" + id + "@example.com");
        assertThat(app.decrypt(rows.getString(3), Mode.RANDOMIZED, "pii", ValueType.TEXT)).isEqualTo("ssn-" + id);
      }
      assertThat(count).isEqualTo(ROWS);
    }
    assertThat(db.queryLong("SELECT count(*) FROM vault_admin_job WHERE job = 'rotate' AND finished_at IS NOT NULL")).isEqualTo(1);
  }

  private static void awaitThenKill(ChildProcess child, BooleanSupplier condition) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (!condition.getAsBoolean()) {
      assertThat(child.isAlive()).as("the job ended before it could be killed:\n%s", child.output()).isTrue();
      assertThat(Instant.now()).as("waiting for the kill point").isBefore(deadline);
      Thread.sleep(200);
    }
    child.killHard();
  }

  private static long rowsAtVersion2() {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM customers")) {
      long count = 0;
      while (rows.next()) {
        if (FieldCipher.keyVersionOf(rows.getString(1)) == 2) {
          count++;
        }
      }
      return count;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
