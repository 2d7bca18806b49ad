package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code rotate --shard K/3} processes (JVMs of their own) share one rotation while an
 * application writes and looks rows up through the driver; shard 2 is killed with {@code kill -9}
 * half-way through its part and started again. Afterwards: one key version registered, every row at
 * it, encrypted, and holding its last acknowledged write, no failed lookup, the job finished.
 */
@DatabaseTest
@Tag("reliability")
class ShardedRotationKilledAndRestartedTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final int ROWS = 15_000;
  private static final int WRITTEN_ROWS = 3_000;
  private static final int SHARDS = 3;
  // The application's driver reads the secret from this JVM's environment (set by the build).
  private static final String SECRET = System.getenv("BETTER_AUTH_SECRET");

  @TempDir Path dir;

  @Test
  void threeShardsUnderApplicationWritesWithOneKilledAndRestartedRotateEveryRowOnce() throws Exception {
    db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text)");
    Map<String, String> env = AdminRun.env(SECRET);
    Path config = AdminRun.config(dir, AdminRun.EMAIL_AND_SSN_YAML);
    String[] target = AdminRun.target(db, config);
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    try (Application app = new Application(db.plainDataSource(), SECRET, Duration.ZERO);
        Connection connection = db.plainConnection()) {
      app.insertCustomers(connection, "customers", ROWS);
    }
    try (ApplicationTraffic traffic = new ApplicationTraffic(db.url(), db.user(), db.password(), config, "customers", ROWS,
        WRITTEN_ROWS, true).start()) {
      List<ChildProcess> shards = new ArrayList<>();
      // Started in reverse order: whichever comes first registers the version.
      for (int k = SHARDS; k >= 1; k--) {
        shards.add(0, ChildProcess.start(env, List.of("-Xmx128m"), rotate(k, target)));
      }
      Instant deadline = Instant.now().plusSeconds(120);
      while (rowsOfShardAtVersion2(2) < ROWS / SHARDS / 3) {
        assertThat(shards.get(1).isAlive()).as("shard 2 ended before it could be killed:\n%s", shards.get(1).output()).isTrue();
        assertThat(Instant.now()).as("waiting for shard 2 to be a third through").isBefore(deadline);
        Thread.sleep(100);
      }
      shards.get(1).killHard();
      long doneWhenKilled = rowsOfShardAtVersion2(2);
      assertThat(doneWhenKilled).as("shard 2 was killed before its part was done").isLessThan(ROWS / SHARDS * 9 / 10);
      for (int k : new int[] {1, 3}) {
        ChildProcess shard = shards.get(k - 1);
        int code = shard.waitFor(240);
        assertThat(code).as(shard.output()).isZero();
        assertThat(shard.output()).doesNotContain("every value is at key version 2");
      }
      assertThat(db.queryLong("SELECT count(*) FROM vault_admin_job WHERE job = 'rotate' AND finished_at IS NULL")).as("shard 2 is not done").isEqualTo(1);
      ChildProcess restarted = ChildProcess.start(env, List.of("-Xmx128m"), rotate(2, target));
      int code = restarted.waitFor(240);
      assertThat(code).as(restarted.output()).isZero();
      assertThat(restarted.output()).contains("resuming the rotation to key version 2").contains("every value is at key version 2");
      traffic.close();
      traffic.assertNoError();
      traffic.assertEveryRowIsTheLastWrittenValueAtVersion(db.plainDataSource(), SECRET, 2);
      assertThat(traffic.writes()).as("application writes during the rotation").isGreaterThan(100);
    }
    assertThat(db.queryLong("SELECT max(version) FROM vault_key")).as("one key version for every shard").isEqualTo(2);
    assertThat(db.queryLong("SELECT count(*) FROM vault_admin_job WHERE job = 'rotate' AND finished_at IS NOT NULL AND shards = 3")).isEqualTo(1);
  }

  private static String[] rotate(int shard, String[] target) {
    return RotateTest.concat(new String[] {"rotate", "--shard", shard + "/" + SHARDS, "--settle-seconds", "3", "--batch-size", "20",
        "--parallel", "1", "--progress-interval", "1"}, target);
  }

  /** Rows of shard {@code k} (as the admin command hashes keys) at key version 2. */
  private static long rowsOfShardAtVersion2(int k) {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM customers WHERE (hashtext(id::text)::bigint + 2147483648) % " + SHARDS
            + " = " + (k - 1))) {
      long count = 0;
      while (rows.next()) {
        count += FieldCipher.keyVersionOf(rows.getString(1)) == 2 ? 1 : 0;
      }
      return count;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
