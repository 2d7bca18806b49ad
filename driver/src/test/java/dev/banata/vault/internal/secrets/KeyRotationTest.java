package dev.banata.vault.internal.secrets;

import static dev.banata.vault.internal.secrets.VaultTestKit.queryLong;
import static dev.banata.vault.internal.secrets.VaultTestKit.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.KeyRotationResult;
import dev.banata.vault.Vault;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class KeyRotationTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  static Vault vault;

  @BeforeAll
  static void open() throws Exception {
    vault = Vault.builder(VaultTestKit.pooled(db)).masterSecretSource(() -> MasterSecretSetAccess.of(VaultTestKit.ONLY_A)).keyRefreshInterval(Duration.ZERO)
        .rotationBatchSize(50).build();
    VaultSchema.install(db.plainDataSource(), VaultTestKit.ONLY_A);
  }

  @AfterAll
  static void close() {
    vault.close();
  }

  @BeforeEach
  void empty() throws Exception {
    db.execute("DELETE FROM vault_secret");
  }

  @Test
  void rotateKeyReencryptsEverySecretWithAHigherVersion() throws Exception {
    Map<String, String> stored = storeSecrets(120);
    int before = VaultAccess.keyRing(vault).get().primaryVersion();

    KeyRotationResult result = vault.rotateKey();

    assertThat(result.status()).isEqualTo(KeyRotationResult.Status.COMPLETED);
    assertThat(result.newVersion()).isEqualTo(before + 1);
    assertThat(result.reencrypted()).isEqualTo(120);
    assertThat(result.remaining()).isZero();
    assertThat(queryLong(db, "SELECT count(*) FROM vault_secret WHERE version <> " + result.newVersion())).isZero();
    assertThat(queryLong(db, "SELECT count(*) FROM vault_secret WHERE updated_at > created_at")).isEqualTo(120);
    assertEveryoneDecrypts(stored);
  }

  @Test
  void rotateKeyWithNoSecretsStillMakesANewVersion() {
    int before = VaultAccess.keyRing(vault).get().primaryVersion();

    KeyRotationResult result = vault.rotateKey();

    assertThat(result.completed()).isTrue();
    assertThat(result.newVersion()).isEqualTo(before + 1);
    assertThat(result.reencrypted()).isZero();
    assertThat(VaultAccess.keyRing(vault).get().primaryVersion()).isEqualTo(before + 1);
  }

  @Test
  void rotateKeyUnderFourConcurrentWritersLeavesEverySecretDecryptable() throws Exception {
    Map<String, String> live = new ConcurrentHashMap<>(storeSecrets(1500));
    int oldVersion = VaultAccess.keyRing(vault).get().primaryVersion();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger operations = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writer = w;
      running.add(writers.submit(() -> {
        List<String> mine = new ArrayList<>();
        int i = 0;
        while (!stop.get()) {
          String value = "writer-" + writer + "-" + i++;
          String id = vault.encrypt(secret("w" + writer, value).context("ctx-" + writer).build());
          live.put(id, value);
          mine.add(id);
          assertThat(vault.decrypt(id, "ctx-" + writer)).isEqualTo(value);
          if (i % 3 == 0) {
            String victim = mine.remove(ThreadLocalRandom.current().nextInt(mine.size()));
            vault.delete(victim);
            live.remove(victim);
          }
          operations.incrementAndGet();
        }
        return null;
      }));
    }
    while (operations.get() < 20) {
      Thread.sleep(5);
    }

    int beforeRotation = operations.get();
    KeyRotationResult result = vault.rotateKey();
    int afterRotation = operations.get();
    Thread.sleep(100);
    stop.set(true);
    for (Future<?> each : running) {
      each.get();
    }
    writers.shutdown();

    assertThat(result.status()).isEqualTo(KeyRotationResult.Status.COMPLETED);
    assertThat(result.newVersion()).isGreaterThan(oldVersion);
    // Writers finished operations while the rotation ran (comparing with the 20 of the wait above
    // would pass with none, as more than 20 could be done before the rotation started).
    assertThat(afterRotation).as("operations completed during the rotation").isGreaterThan(beforeRotation);
    assertThat(queryLong(db, "SELECT count(*) FROM vault_secret WHERE version <= " + oldVersion)).as("old version unused").isZero();
    assertThat(queryLong(db, "SELECT count(*) FROM vault_secret")).isEqualTo(live.size());
    assertEveryoneDecrypts(live);
  }

  @Test
  void twoRotationsAtOnceBothCompleteAndLeaveEverySecretOnTheNewestVersion() throws Exception {
    Map<String, String> stored = storeSecrets(300);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<KeyRotationResult> first = pool.submit(vault::rotateKey);
    Future<KeyRotationResult> second = pool.submit(vault::rotateKey);
    KeyRotationResult one = first.get();
    KeyRotationResult two = second.get();
    pool.shutdown();

    assertThat(one.completed()).isTrue();
    assertThat(two.completed()).isTrue();
    assertThat(one.newVersion()).isNotEqualTo(two.newVersion());
    int newest = Math.max(one.newVersion(), two.newVersion());
    assertThat(queryLong(db, "SELECT count(*) FROM vault_secret WHERE version <> " + newest)).isZero();
    assertEveryoneDecrypts(stored);
  }

  @Test
  void aRotationThatDiesPartWayLeavesEverythingDecryptableAndTheNextOneFinishes() throws Exception {
    Map<String, String> stored = storeSecrets(200);
    int oldVersion = VaultAccess.keyRing(vault).get().primaryVersion();
    int target = new KeyVersionStore(db.plainDataSource()).registerNewPrimary(VaultTestKit.ONLY_A).version();
    VaultAccess.keyRing(vault).refreshNow();

    assertThatThrownBy(() -> VaultAccess.rotation(vault).reencryptBelow(target, done -> {
      if (done >= 50) {
        throw new IllegalStateException("killed");
      }
    })).hasMessage("killed");

    assertThat(queryLong(db, "SELECT count(*) FROM vault_secret WHERE version = " + target)).isEqualTo(50);
    assertThat(queryLong(db, "SELECT count(*) FROM vault_secret WHERE version = " + oldVersion)).isEqualTo(150);
    assertEveryoneDecrypts(stored);

    KeyRotationResult result = vault.rotateKey();

    assertThat(result.completed()).isTrue();
    assertThat(result.reencrypted()).isEqualTo(200);
    assertThat(queryLong(db, "SELECT count(*) FROM vault_secret WHERE version <> " + result.newVersion())).isZero();
    assertEveryoneDecrypts(stored);
  }

  @Test
  void resumingARotationToTheSameVersionFinishesIt() throws Exception {
    Map<String, String> stored = storeSecrets(100);
    int target = new KeyVersionStore(db.plainDataSource()).registerNewPrimary(VaultTestKit.ONLY_A).version();
    VaultAccess.keyRing(vault).refreshNow();
    assertThatThrownBy(() -> VaultAccess.rotation(vault).reencryptBelow(target, done -> {
      throw new IllegalStateException("killed");
    })).hasMessage("killed");

    SecretRotation.Outcome resumed = VaultAccess.rotation(vault).reencryptBelow(target);

    assertThat(resumed.reencrypted()).isEqualTo(50);
    assertThat(resumed.completed()).isTrue();
    assertThat(VaultAccess.rotation(vault).countBelow(target)).isZero();
    assertEveryoneDecrypts(stored);
  }

  @Test
  void aRowChangedDuringItsBatchIsNotOverwrittenWithTheStaleReencryption() throws Exception {
    String id = vault.encrypt(secret("changing", "original").build());
    int oldVersion = vault.get(id).version();
    AtomicBoolean changed = new AtomicBoolean();
    // Just before the rotation writes its batch, someone else gives the row a new value (same key version).
    DataSource interfering = intercept(VaultTestKit.pooled(db), sql -> {
      if (sql.startsWith("UPDATE vault_secret SET encrypted_value") && changed.compareAndSet(false, true)) {
        KeyRing ring = VaultAccess.keyRing(vault).get();
        SecretCipher.Sealed sealed = SecretCipher.seal(ring, oldVersion, new SecretCipher.Binding(id, null, null, "changing"),
            "changed concurrently".getBytes(StandardCharsets.UTF_8));
        db.execute("UPDATE vault_secret SET encrypted_value = '" + sealed.encryptedValue() + "', iv = '" + sealed.iv()
            + "' WHERE id = '" + id + "'");
      }
    });
    int target = new KeyVersionStore(db.plainDataSource()).registerNewPrimary(VaultTestKit.ONLY_A).version();
    VaultAccess.keyRing(vault).refreshNow();

    SecretRotation.Outcome outcome = new SecretRotation(interfering, VaultAccess.keyRing(vault), 10).reencryptBelow(target);

    assertThat(changed).isTrue();
    assertThat(outcome.concurrentlyChanged()).isEqualTo(1);
    assertThat(outcome.reencrypted()).isEqualTo(1);
    assertThat(outcome.completed()).isTrue();
    assertThat(vault.decrypt(id)).isEqualTo("changed concurrently");
    assertThat(vault.get(id).version()).isEqualTo(target);
  }

  @Test
  void aSecretDeletedDuringRotationStaysDeleted() throws Exception {
    String id = vault.encrypt(secret("deleted-mid-way", "v").build());
    DataSource interfering = intercept(VaultTestKit.pooled(db), sql -> {
      if (sql.startsWith("UPDATE vault_secret SET encrypted_value")) {
        db.execute("DELETE FROM vault_secret WHERE id = '" + id + "'");
      }
    });
    int target = new KeyVersionStore(db.plainDataSource()).registerNewPrimary(VaultTestKit.ONLY_A).version();
    VaultAccess.keyRing(vault).refreshNow();

    SecretRotation.Outcome outcome = new SecretRotation(interfering, VaultAccess.keyRing(vault), 10).reencryptBelow(target);

    assertThat(outcome.completed()).isTrue();
    assertThat(outcome.reencrypted()).isZero();
    assertThat(queryLong(db, "SELECT count(*) FROM vault_secret WHERE id = '" + id + "'")).isZero();
  }

  @Test
  void aSecretThatDoesNotDecryptIsReportedAndLeftAsItWas() throws Exception {
    Map<String, String> stored = storeSecrets(10);
    String broken = vault.encrypt(secret("broken", "value").build());
    db.execute("UPDATE vault_secret SET name = 'renamed by hand' WHERE id = '" + broken + "'");
    String before = VaultTestKit.queryString(db, "SELECT encrypted_value || iv || version FROM vault_secret WHERE id = '" + broken + "'");

    KeyRotationResult result = vault.rotateKey();

    assertThat(result.status()).isEqualTo(KeyRotationResult.Status.INCOMPLETE);
    assertThat(result.failedSecretIds()).containsExactly(broken);
    assertThat(result.failed()).isEqualTo(1);
    assertThat(result.remaining()).isEqualTo(1);
    assertThat(result.reencrypted()).isEqualTo(10);
    assertThat(VaultTestKit.queryString(db, "SELECT encrypted_value || iv || version FROM vault_secret WHERE id = '" + broken + "'"))
        .isEqualTo(before);
    assertEveryoneDecrypts(stored);
    db.execute("DELETE FROM vault_secret WHERE id = '" + broken + "'");
  }

  @Test
  void aProcessThatHasNotSeenTheNewVersionYetStillWritesWithIt() throws Exception {
    try (Vault stale = VaultTestKit.open(db, VaultTestKit.ONLY_A)) {
      int staleVersion = VaultAccess.keyRing(stale).get().primaryVersion();
      KeyRotationResult result = vault.rotateKey();
      assertThat(VaultAccess.keyRing(stale).get().primaryVersion()).as("no refresh yet").isEqualTo(staleVersion);

      String id = stale.encrypt(secret("written-after-rotation", "value").build());

      assertThat(stale.get(id).version()).isEqualTo(result.newVersion());
      assertThat(vault.decrypt(id)).isEqualTo("value");
    }
  }

  @Test
  void aProcessMeetingAnUnknownVersionRefreshesAndDecryptsEvenWithOneConnection() throws Exception {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(db.url());
    config.setUsername(db.user());
    config.setPassword(db.password());
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(3_000);
    try (com.zaxxer.hikari.HikariDataSource single = new com.zaxxer.hikari.HikariDataSource(config);
        Vault stale = Vault.builder(single).masterSecretSource(() -> MasterSecretSetAccess.of(VaultTestKit.ONLY_A)).keyRefreshInterval(Duration.ZERO).build()) {
      String id = vault.encrypt(secret("before", "value").build());
      vault.rotateKey();

      assertThat(stale.decrypt(id)).isEqualTo("value");
      assertThat(stale.get(id).version()).isGreaterThan(1);
    }
  }

  private static Map<String, String> storeSecrets(int count) {
    Map<String, String> stored = new ConcurrentHashMap<>();
    for (int i = 0; i < count; i++) {
      String value = "value-" + i;
      String organization = i % 3 == 0 ? "org_" + (i % 5) : null;
      String context = i % 2 == 0 ? "ctx" : null;
      stored.put(vault.encrypt(secret("secret-" + i, value).organizationId(organization).context(context).build()), value);
    }
    return stored;
  }

  private static void assertEveryoneDecrypts(Map<String, String> expected) {
    expected.forEach((id, value) -> assertThat(vault.decrypt(id, vault.get(id).context())).as(id).isEqualTo(value));
  }

  interface SqlHook {
    void beforePrepare(String sql) throws Exception;
  }

  /** A data source whose connections run {@code hook} before preparing each statement. */
  static DataSource intercept(DataSource target, SqlHook hook) {
    InvocationHandler dataSource = (proxy, method, args) -> {
      Object result = invoke(target, method, args);
      if (!method.getName().equals("getConnection")) {
        return result;
      }
      Connection connection = (Connection) result;
      return Proxy.newProxyInstance(KeyRotationTest.class.getClassLoader(), new Class<?>[] {Connection.class},
          (p, m, a) -> {
            if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql) {
              hook.beforePrepare(sql);
            }
            return invoke(connection, m, a);
          });
    };
    return (DataSource) Proxy.newProxyInstance(KeyRotationTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, dataSource);
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

}
