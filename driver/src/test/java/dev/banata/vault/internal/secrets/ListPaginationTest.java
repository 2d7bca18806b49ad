package dev.banata.vault.internal.secrets;

import dev.banata.vault.ListRequest;
import dev.banata.vault.SecretPage;
import dev.banata.vault.VaultSecret;
import static dev.banata.vault.internal.secrets.VaultTestKit.secret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.Vault;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class ListPaginationTest {

  @RegisterExtension static final TestSchema db = new TestSchema();
  static Vault vault;

  @BeforeAll
  static void open() throws Exception {
    vault = VaultTestKit.installAndOpen(db);
  }

  @AfterAll
  static void close() {
    vault.close();
  }

  @Test
  void pagesThroughAThousandSecretsWhileOthersAreInserted() throws Exception {
    db.execute("DELETE FROM vault_secret");
    Set<String> existing = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      existing.add(vault.encrypt(secret("bulk-" + i, "value-" + i).organizationId(i % 2 == 0 ? "org_even" : null).build()));
    }

    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService writers = Executors.newFixedThreadPool(2);
    List<Future<Integer>> inserted = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      inserted.add(writers.submit(() -> {
        int count = 0;
        while (!stop.get()) {
          vault.encrypt(secret("concurrent", "v").build());
          count++;
        }
        return count;
      }));
    }
    List<String> seen = new ArrayList<>();
    SecretPage page = vault.list(ListRequest.firstPage().limit(37));
    seen.addAll(ids(page));
    while (page.hasMore()) {
      page = vault.list(ListRequest.after(page.nextCursor()).limit(37));
      seen.addAll(ids(page));
    }
    stop.set(true);
    int concurrentInserts = inserted.get(0).get() + inserted.get(1).get();
    writers.shutdown();

    assertThat(concurrentInserts).isPositive();
    assertThat(new HashSet<>(seen)).as("no duplicates").hasSameSizeAs(seen);
    assertThat(seen).as("no gaps").containsAll(existing);
    assertThat(seen).as("ascending ids").isSorted();
  }

  @Test
  void pagesOfOneOrganizationHoldOnlyItsSecrets() throws Exception {
    db.execute("DELETE FROM vault_secret");
    Set<String> even = new HashSet<>();
    for (int i = 0; i < 120; i++) {
      String id = vault.encrypt(secret("s" + i, "v").organizationId(i % 2 == 0 ? "org_even" : "org_odd").build());
      if (i % 2 == 0) {
        even.add(id);
      }
    }

    List<String> seen = new ArrayList<>();
    SecretPage page = vault.list(ListRequest.firstPage().organizationId("org_even").limit(25));
    assertThat(page.data()).hasSize(25);
    seen.addAll(ids(page));
    while (page.hasMore()) {
      page = vault.list(ListRequest.after(page.nextCursor()).organizationId("org_even").limit(25));
      seen.addAll(ids(page));
    }

    assertThat(seen).containsExactlyInAnyOrderElementsOf(even);
    assertThat(vault.forOrganization("org_odd").list(ListRequest.firstPage().limit(100)).data()).hasSize(60);
  }

  @Test
  void lastPageHasNoCursorAndDefaultPageIs25() throws Exception {
    db.execute("DELETE FROM vault_secret");
    for (int i = 0; i < 30; i++) {
      vault.encrypt(secret("s" + i, "v").build());
    }

    SecretPage first = vault.list();
    SecretPage second = vault.list(ListRequest.after(first.nextCursor()));

    assertThat(first.data()).hasSize(25);
    assertThat(second.data()).hasSize(5);
    assertThat(second.nextCursor()).isNull();
    assertThat(vault.list(ListRequest.firstPage().limit(30)).hasMore()).isFalse();
  }

  @Test
  void listAndGetNeverCarryCiphertextOrIv() throws Exception {
    db.execute("DELETE FROM vault_secret");
    String id = vault.encrypt(secret("stripe", "sk_live_plain").context("payments").metadata(Map.of("provider", "stripe")).build());
    String encryptedValue = VaultTestKit.queryString(db, "SELECT encrypted_value FROM vault_secret WHERE id = '" + id + "'");
    String iv = VaultTestKit.queryString(db, "SELECT iv FROM vault_secret WHERE id = '" + id + "'");

    assertThat(Arrays.stream(VaultSecret.class.getRecordComponents()).map(RecordComponent::getName))
        .containsExactly("id", "name", "context", "organizationId", "metadata", "version", "createdAt", "updatedAt");
    for (VaultSecret described : List.of(vault.get(id), vault.list(ListRequest.firstPage().limit(100)).data().stream()
        .filter(s -> s.id().equals(id)).findFirst().orElseThrow())) {
      assertThat(described.toString()).doesNotContain(encryptedValue).doesNotContain(iv).doesNotContain("sk_live_plain");
    }
  }

  private static List<String> ids(SecretPage page) {
    return page.data().stream().map(VaultSecret::id).toList();
  }
}
