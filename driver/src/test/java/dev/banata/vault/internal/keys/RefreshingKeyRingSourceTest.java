package dev.banata.vault.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import dev.banata.vault.internal.secrets.VaultSchema;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class RefreshingKeyRingSourceTest {

  static final MasterSecrets SECRETS = MasterSecrets.of(MasterSecret.create("live-key-ring-test-secret-0123456789abcdef"));

  @RegisterExtension static final TestSchema db = new TestSchema();

  @BeforeEach
  void freshTables() throws Exception {
    db.execute("DROP TABLE IF EXISTS vault_secret, vault_key, vault_audit_event, vault_schema_version");
    VaultSchema.install(db.plainDataSource(), SECRETS);
  }

  @Test
  void refreshNowSeesANewPrimaryAtOnce() throws Exception {
    try (RefreshingKeyRingSource live = RefreshingKeyRingSource.start(db.plainDataSource(), SECRETS, Duration.ofHours(1))) {
      assertThat(live.get().primaryVersion()).isEqualTo(1);
      new KeyVersionStore(db.plainDataSource()).registerNewPrimary(SECRETS);

      assertThat(live.get().primaryVersion()).as("not before a refresh").isEqualTo(1);
      assertThat(live.refreshNow().primaryVersion()).isEqualTo(2);
      assertThat(live.get().primaryVersion()).isEqualTo(2);
    }
  }

  @Test
  void backgroundRefreshPicksUpANewPrimary() throws Exception {
    try (RefreshingKeyRingSource live = RefreshingKeyRingSource.start(db.plainDataSource(), SECRETS, Duration.ofMillis(100))) {
      new KeyVersionStore(db.plainDataSource()).registerNewPrimary(SECRETS);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (live.get().primaryVersion() != 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(live.get().primaryVersion()).isEqualTo(2);
    }
  }

  @Test
  void readersDoNotWaitWhileTheKeyTableIsLocked() throws Exception {
    try (RefreshingKeyRingSource live = RefreshingKeyRingSource.start(db.plainDataSource(), SECRETS, Duration.ZERO);
        Connection locker = db.plainConnection()) {
      locker.setAutoCommit(false);
      try (Statement statement = locker.createStatement()) {
        statement.execute("LOCK TABLE vault_key IN ACCESS EXCLUSIVE MODE");
      }
      CompletableFuture<KeyRing> refresh = CompletableFuture.supplyAsync(() -> {
        try {
          return live.refreshNow();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      Thread.sleep(200);
      assertThat(refresh).as("the refresh waits for the lock").isNotDone();

      CompletableFuture<KeyRing> read = CompletableFuture.supplyAsync(live::get);
      assertThat(read.get(1, TimeUnit.SECONDS).primaryVersion()).isEqualTo(1);

      locker.rollback();
      assertThat(refresh.get(10, TimeUnit.SECONDS).primaryVersion()).isEqualTo(1);
    }
  }

  @Test
  void aFailedRefreshKeepsTheLastRing() throws Exception {
    try (RefreshingKeyRingSource live = RefreshingKeyRingSource.start(db.plainDataSource(), SECRETS, Duration.ofMillis(50))) {
      db.execute("ALTER TABLE vault_key RENAME COLUMN fingerprint TO fingerprint_gone");
      try {
        assertThatThrownBy(live::refreshNow).isInstanceOf(java.sql.SQLException.class);
        Thread.sleep(300);
        assertThat(live.get().primaryVersion()).isEqualTo(1);
      } finally {
        db.execute("ALTER TABLE vault_key RENAME COLUMN fingerprint_gone TO fingerprint");
      }
    }
  }

  @Test
  void aZeroIntervalMeansNoBackgroundRefresh() throws Exception {
    try (RefreshingKeyRingSource live = RefreshingKeyRingSource.start(db.plainDataSource(), SECRETS, Duration.ZERO)) {
      new KeyVersionStore(db.plainDataSource()).registerNewPrimary(SECRETS);
      Thread.sleep(200);
      assertThat(live.get().primaryVersion()).as("0 = no background refresh").isEqualTo(1);
    }
  }
}
