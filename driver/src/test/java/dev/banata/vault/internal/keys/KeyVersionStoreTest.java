package dev.banata.vault.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import dev.banata.vault.internal.secrets.VaultSchema;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class KeyVersionStoreTest {

  static final MasterSecret OLD = MasterSecret.create("key-store-test-old-secret-0123456789abcdef");
  static final MasterSecret NEW = MasterSecret.create("key-store-test-new-secret-0123456789abcdef");

  @RegisterExtension static final TestSchema db = new TestSchema();
  KeyVersionStore store;

  @BeforeEach
  void dropTables() throws Exception {
    db.execute("DROP TABLE IF EXISTS vault_secret, vault_key, vault_audit_event, vault_schema_version");
    store = new KeyVersionStore(db.plainDataSource());
  }

  @Test
  void missingTableMeansTheInitialRing() throws Exception {
    KeyRing ring = store.loadRing(MasterSecrets.of(OLD));

    assertThat(store.versions()).isEmpty();
    assertThat(ring.primaryVersion()).isEqualTo(1);
    assertThat(ring.versions()).singleElement().satisfies(v -> assertThat(v.fingerprint()).isEqualTo(OLD.fingerprint()));
  }

  @Test
  void emptyTableMeansTheInitialRing() throws Exception {
    try (var connection = db.plainConnection()) {
      VaultSchema.installTables(connection);
    }

    assertThat(store.loadRing(MasterSecrets.of(NEW)).versions()).singleElement()
        .satisfies(v -> assertThat(v.fingerprint()).isEqualTo(NEW.fingerprint()));
  }

  @Test
  void newPrimaryIsTheNextVersionBoundToTheCurrentSecret() throws Exception {
    VaultSchema.install(db.plainDataSource(), MasterSecrets.of(OLD));
    MasterSecrets changed = MasterSecrets.of(NEW, List.of(OLD));

    StoredKeyVersion registered = store.registerNewPrimary(changed);
    KeyRing ring = store.loadRing(changed);

    assertThat(registered.version()).isEqualTo(2);
    assertThat(registered.fingerprint()).isEqualTo(NEW.fingerprint());
    assertThat(ring.primaryVersion()).isEqualTo(2);
    assertThat(ring.liveVersions()).containsExactly(2, 1);
    assertThat(store.versions()).extracting(StoredKeyVersion::fingerprint).containsExactly(OLD.fingerprint(), NEW.fingerprint());
  }

  @Test
  void newPrimaryOnAnEmptyTableRecordsTheImplicitVersionOneFirst() throws Exception {
    try (var connection = db.plainConnection()) {
      VaultSchema.installTables(connection);
    }

    StoredKeyVersion registered = store.registerNewPrimary(MasterSecrets.of(OLD));

    assertThat(registered.version()).isEqualTo(2);
    assertThat(store.versions()).extracting(StoredKeyVersion::version).containsExactly(1, 2);
  }

  @Test
  void retiredVersionsLeaveTheRingAndThePrimaryCannotBeRetired() throws Exception {
    VaultSchema.install(db.plainDataSource(), MasterSecrets.of(OLD));
    store.registerNewPrimary(MasterSecrets.of(OLD));

    assertThat(store.retire(1)).isTrue();
    assertThat(store.retire(1)).isFalse();
    assertThat(store.retire(7)).isFalse();
    assertThatThrownBy(() -> store.retire(2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("primary");
    assertThat(store.loadRing(MasterSecrets.of(OLD)).liveVersions()).containsExactly(2);
    assertThat(store.versions().get(0).isLive()).isFalse();
  }

  @Test
  void aLiveOlderVersionWhoseSecretIsGoneIsLeftOutOfTheRing() throws Exception {
    VaultSchema.install(db.plainDataSource(), MasterSecrets.of(OLD));
    store.registerNewPrimary(MasterSecrets.of(NEW, List.of(OLD)));

    KeyRing ring = store.loadRing(MasterSecrets.of(NEW));

    assertThat(ring.liveVersions()).containsExactly(2);
    assertThat(ring.contains(1)).isFalse();
  }

  @Test
  void aPrimaryWhoseSecretIsGoneIsAnError() throws Exception {
    VaultSchema.install(db.plainDataSource(), MasterSecrets.of(OLD));

    assertThatThrownBy(() -> store.loadRing(MasterSecrets.of(NEW)))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("primary key version 1").hasMessageContaining(OLD.fingerprint())
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.SECRET_UNAVAILABLE);
  }

  @Test
  void concurrentRegistrationsGetDistinctVersions() throws Exception {
    VaultSchema.install(db.plainDataSource(), MasterSecrets.of(OLD));
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<StoredKeyVersion>> futures = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(pool.submit(() -> store.registerNewPrimary(MasterSecrets.of(OLD))));
    }
    List<Integer> versions = new java.util.ArrayList<>();
    for (var future : futures) {
      versions.add(future.get().version());
    }
    pool.shutdown();

    assertThat(versions).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8, 9);
  }
}
