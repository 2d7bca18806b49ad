package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.rewrite.JobLock;
import dev.banata.vault.internal.rewrite.Shard;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --shard K/N}: several admin processes share one rotation or encrypt-existing, each rewriting
 * the rows whose key hashes into its part. One key version is registered whichever shard starts
 * first; the job is finished only when every shard is; a run with another N, or without
 * {@code --shard}, is refused while the sharded job is unfinished. (Killed shards under application
 * traffic: {@link ShardedRotationKilledAndRestartedTest}.)
 */
@DatabaseTest
class SeveralProcessesShareOneJobTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final int ROWS = 3000;

  @TempDir Path dir;

  @Test
  void twoShardsRotateTheirHalvesAndTheSecondToFinishMarksTheRotationDone() throws Exception {
    String[] target = customers("rotated", true);
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    String[] rotate = {"rotate", "--settle-seconds", "0", "--batch-size", "100"};

    AdminRun.Result first = AdminRun.run(env, RotateTest.concat(RotateTest.concat(rotate, new String[] {"--shard", "1/2"}), target));
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.err()).contains("registered key version 2").contains("shard 1/2 is done");
    assertThat(first.out()).doesNotContain("every value is at key version 2");
    long half = rowsAtVersion("rotated", 2);
    assertThat(half).as("shard 1 of 2 rewrote about half of the rows").isBetween(ROWS / 3L, ROWS * 2 / 3L);
    assertThat(query("SELECT count(*) FROM vault_admin_job WHERE job = 'rotate' AND finished_at IS NULL AND shards = 2")).isEqualTo(1);

    AdminRun.Result otherCount = AdminRun.run(env, RotateTest.concat(RotateTest.concat(rotate, new String[] {"--shard", "2/3"}), target));
    assertThat(otherCount.code()).as(otherCount.toString()).isEqualTo(ExitCode.USAGE.code());
    assertThat(otherCount.err()).contains("the rotation to key version 2 started at").contains("is shared by 2 processes: continue it with --shard K/2")
        .contains("this run says --shard 2/3, so it did not start (nothing was changed)");
    AdminRun.Result whole = AdminRun.run(env, RotateTest.concat(rotate, target));
    assertThat(whole.code()).as(whole.toString()).isEqualTo(ExitCode.USAGE.code());
    assertThat(whole.err()).contains("this run has no --shard");
    assertThat(rowsAtVersion("rotated", 2)).as("the refused runs wrote nothing").isEqualTo(half);

    AdminRun.Result second = AdminRun.run(env, RotateTest.concat(RotateTest.concat(rotate, new String[] {"--shard", "2/2"}), target));
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.err()).contains("resuming the rotation to key version 2");
    assertThat(second.out()).contains("every value is at key version 2");
    assertEveryRowDecryptsAtVersion("rotated", 2);
    assertThat(query("SELECT max(version) FROM vault_key")).as("one key version registered for both shards").isEqualTo(2);
    assertThat(query("SELECT count(*) FROM vault_admin_job WHERE job = 'rotate' AND finished_at IS NOT NULL")).isEqualTo(1);
  }

  @Test
  void fourShardsStartedAtOnceEncryptEveryPlaintextOnce() throws Exception {
    String[] target = customers("adopted", false);
    int primary = (int) query("SELECT max(version) FROM vault_key WHERE retired_at IS NULL");
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    List<CompletableFuture<AdminRun.Result>> shards = new ArrayList<>();
    for (int k = 1; k <= 4; k++) {
      String[] args = RotateTest.concat(new String[] {"encrypt-existing", "--batch-size", "50", "--parallel", "1", "--shard", k + "/4"}, target);
      shards.add(CompletableFuture.supplyAsync(() -> AdminRun.run(env, args)));
    }
    int finishedBy = 0;
    for (CompletableFuture<AdminRun.Result> shard : shards) {
      AdminRun.Result result = shard.get();
      assertThat(result.code()).as(result.toString()).isZero();
      finishedBy += result.err().contains("is done; the job is finished when every shard is") ? 0 : 1;
    }
    assertThat(finishedBy).as("at least the last shard saw every part done").isGreaterThanOrEqualTo(1);
    assertEveryRowDecryptsAtVersion("adopted", primary);
    assertThat(query("SELECT count(*) FROM vault_admin_job WHERE job = 'encrypt-existing' AND finished_at IS NOT NULL AND shards = 4")).isEqualTo(1);
  }

  @Test
  void whileAPartRunsASecondProcessOfThatPartAndEveryOtherJobShardedOrNotExit7() throws Exception {
    String[] target = customers("locked", true);
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    try (JobLock running = JobLock.acquireShard(db.plainConnection(), "rotate", Shard.parse("1/2"))) {
      AdminRun.Result samePart = AdminRun.run(env, RotateTest.concat(new String[] {"rotate", "--shard", "1/2", "--settle-seconds", "0"}, target));
      assertThat(samePart.code()).as(samePart.toString()).isEqualTo(ExitCode.LOCKED.code());
      assertThat(samePart.err()).contains("another admin job, or another process of shard 1/2 of rotate, is running on this schema");
      AdminRun.Result whole = AdminRun.run(env, RotateTest.concat(new String[] {"rotate", "--settle-seconds", "0"}, target));
      assertThat(whole.code()).as(whole.toString()).isEqualTo(ExitCode.LOCKED.code());
      AdminRun.Result retire = AdminRun.run(env, RotateTest.concat(new String[] {"retire", "1"}, target));
      assertThat(retire.code()).as(retire.toString()).isEqualTo(ExitCode.LOCKED.code());
      AdminRun.Result otherJob = AdminRun.run(env, RotateTest.concat(new String[] {"encrypt-existing", "--shard", "2/2"}, target));
      assertThat(otherJob.code()).as(otherJob.toString()).isEqualTo(ExitCode.LOCKED.code());
      assertThat(otherJob.err()).contains("the shards of another admin job (rotate) are running on this schema");
    }
  }

  @Test
  void aMalformedShardIsACommandLineError() {
    for (String shard : new String[] {"3/2", "0/2", "2", "a/b", "1/65"}) {
      AdminRun.Result result = AdminRun.run(AdminRun.env(AdminRun.SECRET), "rotate", "--shard", shard, "--url", db.url(), "--user", db.user());
      assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.USAGE.code());
    }
  }

  /** A table of ROWS customers, encrypted at version 1 or plaintext; returns the connection and config arguments after install. */
  private String[] customers(String table, boolean encrypted) throws Exception {
    db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, email text, ssn text)");
    Path config = AdminRun.applicationTableConfig(dir, table, false);
    String[] target = {"--url", db.url(), "--user", db.user(), "--config", config.toString()};
    assertThat(AdminRun.run(AdminRun.env(AdminRun.SECRET), RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
      for (long id = 1; id <= ROWS; id++) {
        insert.setLong(1, id);
        insert.setString(2, encrypted ? app.email("user" + id + "@example.com") : "user" + id + "@example.com");
        insert.setString(3, encrypted ? app.ssn("ssn-" + id) : "ssn-" + id);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return target;
  }

  private static void assertEveryRowDecryptsAtVersion(String table, int version) throws Exception {
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, email, ssn FROM " + table + " ORDER BY id")) {
      int count = 0;
      while (rows.next()) {
        long id = rows.getLong(1);
        count++;
        assertThat(FieldCipher.isEnvelope(rows.getString(2))).as("email %d encrypted", id).isTrue();
        assertThat(FieldCipher.keyVersionOf(rows.getString(2))).as("email %d", id).isEqualTo(version);
        assertThat(FieldCipher.keyVersionOf(rows.getString(3))).as("ssn %d", id).isEqualTo(version);
        assertThat(app.decrypt(rows.getString(2), Mode.DETERMINISTIC, "customers.email", ValueType.TEXT)).isEqualTo("user" + id + "@example.com");
        assertThat(app.decrypt(rows.getString(3), Mode.RANDOMIZED, "pii", ValueType.TEXT)).isEqualTo("ssn-" + id);
      }
      assertThat(count).isEqualTo(ROWS);
    }
  }

  private static long rowsAtVersion(String table, int version) throws Exception {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT email FROM " + table)) {
      long count = 0;
      while (rows.next()) {
        count += FieldCipher.isEnvelope(rows.getString(1)) && FieldCipher.keyVersionOf(rows.getString(1)) == version ? 1 : 0;
      }
      return count;
    }
  }

  private static long query(String sql) throws Exception {
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
