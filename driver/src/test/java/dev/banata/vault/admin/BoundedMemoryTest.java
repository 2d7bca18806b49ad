package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.crypto.FieldCipher;
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
        insert.setString(2, app.cipher.encryptToText(dev.banata.vault.annotations.Mode.RANDOMIZED, "documents.body",
            dev.banata.vault.annotations.ValueType.TEXT, body + id));
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
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT left(body, 40) FROM documents")) {
      int count = 0;
      while (rows.next()) {
        count++;
        // The 40 first characters hold the envelope header with the key version.
        assertThat(rows.getString(1)).startsWith("bv1:");
      }
      assertThat(count).isEqualTo(1_000);
    }
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT body FROM documents WHERE id IN (1, 500, 1000)")) {
      while (rows.next()) {
        assertThat(FieldCipher.keyVersionOf(rows.getString(1))).isEqualTo(2);
      }
    }
  }
}
