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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs stream: a table holding several times the JVM's heap in ciphertext is rotated by a child
 * JVM with {@code -Xmx48m}. (The 1,000,000-row run with {@code -Xmx128m} is in the benchmark.)
 */
@DatabaseTest
class BoundedMemoryTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @TempDir Path dir;

  @Test
  void rotatingATableLargerThanTheHeapWorksWithASmallHeap() throws Exception {
    db.execute("CREATE TABLE documents (id bigint PRIMARY KEY, body text)");
    Path config = AdminRun.config(dir, """
        tables:
          documents:
            primary-key: id
            columns:
              body: { mode: randomized }
        """);
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    String[] target = {"--url", db.url(), "--user", db.user(), "--config", config.toString()};
    assertThat(AdminRun.run(env, RotateTest.concat(new String[] {"install"}, target)).code()).isZero();
    String body = "x".repeat(60_000);
    try (Application app = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO documents VALUES (?, ?)")) {
      for (long id = 1; id <= 1_000; id++) {
        insert.setLong(1, id);
        String envelope = app.cipher.encryptToText(Mode.RANDOMIZED, "documents.body", ValueType.TEXT, body + id);
        // Every row starts on version 1, so version 2 below is the rotation's doing.
        assertThat(FieldCipher.keyVersionOf(envelope)).isEqualTo(1);
        insert.setString(2, envelope);
        insert.addBatch();
        if (id % 250 == 0) {
          insert.executeBatch();
        }
      }
    }
    // About 80 MB of ciphertext, well above the heap below: only a few batches are ever in memory.
    ChildProcess rotate = ChildProcess.start(env, List.of("-Xmx48m"),
        RotateTest.concat(new String[] {"rotate", "--settle-seconds", "0", "--batch-size", "20"}, target));

    assertThat(rotate.waitFor(300)).as(rotate.output()).isZero();
    // Every row, not a sample: a rotation that stopped early, skipped batches or rewrote a row with
    // the wrong value must fail here. An application started after the rotation knows version 2.
    try (Application after = new Application(db.plainDataSource(), AdminRun.SECRET, Duration.ZERO);
        Connection connection = db.plainConnection()) {
      connection.setAutoCommit(false); // a cursor: the 80 MB are read 20 rows at a time
      try (Statement statement = connection.createStatement()) {
        statement.setFetchSize(20);
        try (ResultSet rows = statement.executeQuery("SELECT id, body FROM documents ORDER BY id")) {
          long expectedId = 1;
          while (rows.next()) {
            assertThat(rows.getLong(1)).isEqualTo(expectedId);
            String envelope = rows.getString(2);
            assertThat(FieldCipher.keyVersionOf(envelope)).as("key version of row %d", expectedId).isEqualTo(2);
            assertThat(after.decrypt(envelope, Mode.RANDOMIZED, "documents.body", ValueType.TEXT))
                .as("row %d", expectedId).isEqualTo(body + expectedId);
            expectedId++;
          }
          assertThat(expectedId - 1).as("rows read back").isEqualTo(1_000);
        }
      }
    }
  }
}
