package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class VaultUrlTest {

  @Test
  void stripsTheVaultPrefixExactlyOnce() {
    VaultUrl url = VaultUrl.parse("jdbc:vault:postgresql://db:5432/jdbc:vault:app");

    assertThat(url.delegateUrl()).isEqualTo("jdbc:postgresql://db:5432/jdbc:vault:app");
  }

  @Test
  void takesVaultParametersOutOfTheQueryAndKeepsTheOthersInOrder() {
    VaultUrl url = VaultUrl.parse("jdbc:vault:postgresql://db/app?ssl=true&vault.config=classpath%3Aprod.yaml&currentSchema=s1&vault.plan-cache-size=10");

    assertThat(url.delegateUrl()).isEqualTo("jdbc:postgresql://db/app?ssl=true&currentSchema=s1");
    assertThat(url.vaultProperties()).containsEntry("vault.config", "classpath:prod.yaml").containsEntry("vault.plan-cache-size", "10");
  }

  @Test
  void urlParametersOverridePropertiesAndVaultPropertiesNeverReachTheDelegate() {
    Properties info = new Properties();
    info.setProperty("user", "app");
    info.setProperty("password", "pw");
    info.setProperty("vault.config", "classpath:from-properties.yaml");
    info.setProperty("vault.key-refresh-seconds", "5");

    VaultUrl url = VaultUrl.parse("jdbc:vault:postgresql://db/app?vault.config=classpath:from-url.yaml");

    assertThat(url.vaultProperties(info)).containsEntry("vault.config", "classpath:from-url.yaml")
        .containsEntry("vault.key-refresh-seconds", "5").doesNotContainKey("user");
    assertThat(VaultUrl.delegateProperties(info)).containsOnlyKeys("user", "password");
    assertThat(info).containsKey("vault.config"); // the caller's object is left alone
  }

  @Test
  void acceptsOnlyOurPrefix() {
    assertThat(VaultUrl.accepts("jdbc:vault:postgresql://db/app")).isTrue();
    assertThat(VaultUrl.accepts("jdbc:postgresql://db/app")).isFalse();
    assertThat(VaultUrl.accepts("jdbc:vaultish:postgresql://db/app")).isFalse();
    assertThat(VaultUrl.accepts(null)).isFalse();
  }

  @Test
  void neverPrintsTheQueryString() {
    assertThat(VaultUrl.parse("jdbc:vault:postgresql://db/app?password=hunter2").toString()).doesNotContain("hunter2");
  }
}
