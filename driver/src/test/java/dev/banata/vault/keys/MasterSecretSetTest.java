package dev.banata.vault.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an application's own master-secret source builds: validated on the way in, never shown on the way out. */
class MasterSecretSetTest {

  private static final String CURRENT = "current-secret-with-at-least-32-characters";
  private static final String OLDER = "older-secret-with-at-least-32-characters!";

  @Test
  void aSourceHandsOverTheCurrentSecretAndEarlierOnes() {
    MasterSecretSource source = () -> MasterSecretSet.of(CURRENT, "store entry current").withPrevious(OLDER, "store entry older")
        .withPrevious(CURRENT, "store entry current again");

    MasterSecretSet secrets = source.load();

    assertThat(MasterSecretSetAccess.secrets(secrets).current()).isEqualTo(MasterSecret.create(CURRENT));
    assertThat(MasterSecretSetAccess.secrets(secrets).all()).isEqualTo(List.of(MasterSecret.create(CURRENT), MasterSecret.create(OLDER)));
    assertThat(secrets.toString()).doesNotContain(CURRENT).doesNotContain(OLDER).doesNotContain(CURRENT.substring(0, 12));
  }

  @Test
  void aSecretIsValidatedWhereItIsAddedAndTheMessageNamesItsSource() {
    assertThatThrownBy(() -> MasterSecretSet.of("short", "store entry current")).hasMessage("store entry current must be at least 32 characters");
    assertThatThrownBy(() -> MasterSecretSet.of(null, "store entry current")).hasMessage("store entry current is required");
    assertThatThrownBy(() -> MasterSecretSet.of(CURRENT, "c").withPrevious("", "store entry older")).hasMessage("store entry older is required");
  }
}
