package dev.banata.vault.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the master secret may come from besides {@code BETTER_AUTH_SECRET}: a file (a Kubernetes
 * secret mount), Java system properties, a source the application registers, a ServiceLoader
 * provider. Every message names the place and never the value; no {@code toString} shows it.
 */
class MasterSecretSourcesTest {

  static final String SECRET = "file-master-secret-0123456789abcdefghij";
  static final String OLDER = "older-file-master-secret-0123456789abcdef";

  @TempDir Path dir;

  private static Properties properties(String... pairs) {
    Properties properties = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      properties.setProperty(pairs[i], pairs[i + 1]);
    }
    return properties;
  }

  private MasterSecrets select(Properties properties) {
    return MasterSecretSetAccess.load(MasterSecretSources.select(properties, KeySettings.DEFAULT, getClass().getClassLoader()));
  }

  @Test
  void aSecretFileIsReadWithoutItsTrailingNewlineAndPreviousSecretsOnePerLine() throws IOException {
    Path current = Files.writeString(dir.resolve("master-secret"), SECRET + "\n");
    Path previous = Files.writeString(dir.resolve("previous"), "\n" + OLDER + "\n\n");

    MasterSecrets secrets = select(properties("vault.master-secret-file", current.toString(),
        "vault.previous-master-secrets-file", previous.toString()));

    assertThat(secrets.current()).isEqualTo(MasterSecret.create(SECRET));
    assertThat(secrets.all()).containsExactly(MasterSecret.create(SECRET), MasterSecret.create(OLDER));
  }

  @Test
  void aMissingFileIsNamedWithTheKindOfFailure() {
    Path missing = dir.resolve("no-such-secret");

    assertThatThrownBy(() -> select(properties("vault.master-secret-file", missing.toString())))
        .isInstanceOf(CryptoException.class)
        .hasMessage("the master secret file " + missing + " cannot be read (NoSuchFileException)")
        .hasNoCause();
  }

  @Test
  void anEmptyFileIsNamedAndATooShortOneNeverQuoted() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path shortSecret = Files.writeString(dir.resolve("short"), "short-secret-value");

    assertThatThrownBy(() -> select(properties("vault.master-secret-file", empty.toString())))
        .isInstanceOf(CryptoException.class).hasMessage("the master secret file " + empty + " is empty");
    assertThatThrownBy(() -> select(properties("vault.master-secret-file", shortSecret.toString())))
        .isInstanceOf(CryptoException.class)
        .hasMessage("the master secret in " + shortSecret + " must be at least 32 characters")
        .message().doesNotContain("short-secret-value");
  }

  @Test
  void aShortPreviousSecretIsNamedByItsLineNeverQuoted() throws IOException {
    Path current = Files.writeString(dir.resolve("current"), SECRET);
    Path previous = Files.writeString(dir.resolve("previous"), OLDER + "\nold-and-short\n");

    assertThatThrownBy(() -> select(properties("vault.master-secret-file", current.toString(),
        "vault.previous-master-secrets-file", previous.toString())))
        .hasMessage("entry 2 of the previous master secrets file " + previous + " must be at least 32 characters")
        .message().doesNotContain("old-and-short");
  }

  @Test
  void fileWithoutAFileIsAClearError() {
    assertThatThrownBy(() -> select(properties("vault.master-secret-source", "file")))
        .isInstanceOf(CryptoException.class)
        .hasMessage("vault.master-secret-source=file needs vault.master-secret-file (the file holding the master secret)");
  }

  @Test
  void systemPropertiesNamedLikeTheVariables() {
    KeySettings keys = new KeySettings("vault.test.secret", "vault.test.previous");
    System.setProperty("vault.test.secret", SECRET);
    System.setProperty("vault.test.previous", OLDER);
    try {
      MasterSecrets secrets = MasterSecretSetAccess.load(MasterSecretSources.select(properties("vault.master-secret-source", "system-property"), keys, null));
      assertThat(secrets.all()).containsExactly(MasterSecret.create(SECRET), MasterSecret.create(OLDER));
    } finally {
      System.clearProperty("vault.test.secret");
      System.clearProperty("vault.test.previous");
    }
    assertThatThrownBy(() -> MasterSecretSetAccess.load(MasterSecretSources.systemProperties(keys))).hasMessage("vault.test.secret is required");
  }

  @Test
  void theEnvironmentStaysTheDefault() {
    MasterSecretSource source = MasterSecretSources.select(new Properties(), KeySettings.DEFAULT, null);

    assertThat(source).hasToString("MasterSecretSource[environment variable BETTER_AUTH_SECRET]");
    assertThat(MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT, Map.of("BETTER_AUTH_SECRET", SECRET)::get)).current())
        .isEqualTo(MasterSecret.create(SECRET));
  }

  @Test
  void aRegisteredSourceIsSelectedByName() {
    MasterSecretSources.register("test-kms", () -> MasterSecretSet.of(SECRET, "test KMS key"));
    try {
      assertThat(select(properties("vault.master-secret-source", "test-kms")).current()).isEqualTo(MasterSecret.create(SECRET));
    } finally {
      MasterSecretSources.unregister("test-kms");
    }
    assertThatThrownBy(() -> select(properties("vault.master-secret-source", "test-kms")))
        .isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("vault.master-secret-source: no master secret source is named 'test-kms'");
    assertThatThrownBy(() -> MasterSecretSources.register("file", () -> null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aServiceLoaderProviderIsSelectedByItsName() {
    // src/test/resources/META-INF/services/dev.banata.vault.keys.MasterSecretProvider lists it.
    MasterSecrets secrets = select(properties("vault.master-secret-source", TestSecretsManagerProvider.NAME));

    assertThat(secrets.current()).isEqualTo(MasterSecret.create(TestSecretsManagerProvider.SECRET));
  }

  @Test
  void noToStringShowsTheSecret() throws IOException {
    Path current = Files.writeString(dir.resolve("current"), SECRET);
    MasterSecretSource source = MasterSecretSources.select(properties("vault.master-secret-file", current.toString()),
        KeySettings.DEFAULT, null);
    MasterSecrets secrets = MasterSecretSetAccess.load(source);

    assertThat(source).hasToString("MasterSecretSource[file " + current + "]");
    assertThat(secrets.toString() + secrets.current() + secrets.all()).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 12));
  }
}
