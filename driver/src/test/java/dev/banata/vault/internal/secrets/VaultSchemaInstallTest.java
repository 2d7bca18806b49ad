package dev.banata.vault.internal.secrets;

import dev.banata.vault.VaultException;
import static dev.banata.vault.internal.secrets.VaultTestKit.queryLong;
import static dev.banata.vault.internal.secrets.VaultTestKit.queryStrings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.Vault;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class VaultSchemaInstallTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @BeforeEach
  void dropEverything() throws Exception {
    db.execute("DROP TABLE IF EXISTS vault_secret, vault_key, vault_audit_event, vault_schema_version");
  }

  @Test
  void installCreatesTheTablesAndRecordsKeyVersionOne() throws Exception {
    VaultSchema.InstallResult result = VaultSchema.install(db.plainDataSource(), VaultTestKit.ONLY_A);

    assertThat(result.previousVersion()).isZero();
    assertThat(result.appliedVersions()).containsExactly(1);
    assertThat(result.initialKeyRecorded()).isTrue();
    assertThat(queryStrings(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        + " ORDER BY table_name")).containsExactly("vault_audit_event", "vault_key", "vault_schema_version", "vault_secret");
    assertThat(queryStrings(db, "SELECT column_name || ' ' || data_type FROM information_schema.columns"
        + " WHERE table_schema = current_schema() AND table_name = 'vault_secret' ORDER BY ordinal_position"))
        .containsExactly("id text", "name text", "encrypted_value text", "iv text", "context text", "organization_id text",
            "version integer", "metadata jsonb", "created_at timestamp with time zone", "updated_at timestamp with time zone");
    assertThat(queryStrings(db, "SELECT version || ' ' || fingerprint || ' ' || (retired_at IS NULL) FROM vault_key"))
        .containsExactly("1 " + VaultTestKit.SECRET_A.fingerprint() + " true");
    assertThat(queryStrings(db, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'vault_secret'"
        + " ORDER BY indexname")).contains("vault_secret_organization_idx", "vault_secret_version_idx");
  }

  @Test
  void installingTwiceChangesNothing() throws Exception {
    VaultSchema.install(db.plainDataSource(), VaultTestKit.ONLY_A);
    try (Vault vault = VaultTestKit.open(db, VaultTestKit.ONLY_A)) {
      String id = vault.encrypt(VaultTestKit.secret("kept", "value").build());

      VaultSchema.InstallResult again = VaultSchema.install(db.plainDataSource(), VaultTestKit.ONLY_A);

      assertThat(again.previousVersion()).isEqualTo(1);
      assertThat(again.appliedVersions()).isEmpty();
      assertThat(again.initialKeyRecorded()).isFalse();
      assertThat(vault.decrypt(id)).isEqualTo("value");
      assertThat(queryLong(db, "SELECT count(*) FROM vault_key")).isEqualTo(1);
      assertThat(queryLong(db, "SELECT count(*) FROM vault_schema_version")).isEqualTo(1);
    }
  }

  @Test
  void installsRunConcurrentlyMakeOneSchema() throws Exception {
    int installers = 6;
    CyclicBarrier start = new CyclicBarrier(installers);
    ExecutorService pool = Executors.newFixedThreadPool(installers);
    List<Future<VaultSchema.InstallResult>> results = new ArrayList<>();
    for (int i = 0; i < installers; i++) {
      results.add(pool.submit(() -> {
        start.await();
        return VaultSchema.install(db.plainDataSource(), VaultTestKit.ONLY_A);
      }));
    }
    int applied = 0;
    int keysRecorded = 0;
    for (Future<VaultSchema.InstallResult> result : results) {
      applied += result.get().appliedVersions().size();
      keysRecorded += result.get().initialKeyRecorded() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(applied).isEqualTo(1);
    assertThat(keysRecorded).isEqualTo(1);
    assertThat(queryLong(db, "SELECT count(*) FROM vault_key")).isEqualTo(1);
  }

  @Test
  void installedVersionIsZeroBeforeAndCurrentAfter() throws Exception {
    try (Connection connection = db.plainConnection()) {
      assertThat(VaultSchema.installedVersion(connection)).isZero();
      VaultSchema.installTables(connection);
      assertThat(VaultSchema.installedVersion(connection)).isEqualTo(VaultSchema.CURRENT_VERSION);
      assertThat(connection.getAutoCommit()).isTrue();
    }
    assertThat(queryLong(db, "SELECT count(*) FROM vault_key")).isZero();
  }

  @Test
  void aSchemaNewerThanTheLibraryIsRefused() throws Exception {
    VaultSchema.install(db.plainDataSource(), VaultTestKit.ONLY_A);
    db.execute("INSERT INTO vault_schema_version (version, description) VALUES (99, 'from the future')");

    assertThatThrownBy(() -> VaultSchema.install(db.plainDataSource(), VaultTestKit.ONLY_A))
        .isInstanceOf(VaultException.class).hasMessageContaining("version 99")
        .extracting(e -> ((VaultException) e).code()).isEqualTo(VaultException.Code.SCHEMA);
  }

  @Test
  void usingTheVaultWithoutTablesSaysToInstall() throws Exception {
    try (Vault vault = VaultTestKit.open(db, VaultTestKit.ONLY_A)) {
      assertThatThrownBy(() -> vault.encrypt(VaultTestKit.secret("n", "v").build()))
          .isInstanceOf(VaultException.class)
          .hasMessage("The vault tables are not installed; run Vault.install or the admin command's install");
    }
  }
}
