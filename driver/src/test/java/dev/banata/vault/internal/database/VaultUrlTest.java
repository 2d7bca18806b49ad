package dev.banata.vault.internal.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class VaultUrlTest {

  @Test
  void stripsTheVaultPrefixExactlyOnce() {
    VaultUrl url = VaultUrl.parse("jdbc:vault:postgresql://db:5432/jdbc:vault:app");

    assertThat(url.delegateUrl()).isEqualTo("jdbc:postgresql://db:5432/jdbc:vault:app");
  }

  @Test
  void keepsEveryHostOfAMultiHostUrlAndItsTargetServerType() {
    VaultUrl url = VaultUrl.parse("jdbc:vault:postgresql://10.0.0.1:5432,10.0.0.2:5433/app?targetServerType=preferSecondary"
        + "&vault.key-refresh-seconds=5&loadBalanceHosts=true");

    assertThat(url.delegateUrl()).isEqualTo("jdbc:postgresql://10.0.0.1:5432,10.0.0.2:5433/app?targetServerType=preferSecondary&loadBalanceHosts=true");
    assertThat(url.vaultProperties()).containsEntry("vault.key-refresh-seconds", "5");
    assertThat(url.describe()).isEqualTo("jdbc:postgresql://10.0.0.1:5432,10.0.0.2:5433/app");
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
  void aUrlWithoutTheVaultPrefixNamesTheDelegateAsItIs() {
    VaultUrl url = VaultUrl.parse("jdbc:postgresql://db/app?vault.config=/etc/vault.yaml&sslmode=require");

    assertThat(url.delegateUrl()).isEqualTo("jdbc:postgresql://db/app?sslmode=require");
    assertThat(url.vaultProperties()).containsEntry("vault.config", "/etc/vault.yaml");
  }

  /**
   * The decoding both the driver and the admin command use: form-urlencoded (as pgjdbc decodes its own
   * parameter values), names decoded before they are matched. The admin command's parser used to match
   * the raw name, so an encoded vault parameter went to pgjdbc and its configuration was silently lost.
   */
  @Test
  void namesAndValuesArePercentDecodedBeforeTheyAreRead() {
    VaultUrl url = VaultUrl.parse("jdbc:vault:postgresql://db/app?vault%2Econfig=%2Fetc%2Fmy+app%2Fvault%20%C3%A9.yaml&ApplicationName=a%20b");

    assertThat(url.vaultProperties()).containsOnlyKeys("vault.config").containsEntry("vault.config", "/etc/my app/vault é.yaml");
    assertThat(url.delegateUrl()).as("other parameters pass byte for byte").isEqualTo("jdbc:postgresql://db/app?ApplicationName=a%20b");
  }

  @Test
  void aBadlyEncodedVaultParameterIsRefusedWithoutItsValue() {
    assertThatThrownBy(() -> VaultUrl.parse("jdbc:vault:postgresql://db/app?vault.config=secret%zz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vault.config").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> VaultUrl.parse("jdbc:vault:postgresql://db/app?vault.con%zzfig=x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBadlyEncodedParameterOfTheDelegateIsTheDelegatesToJudge() {
    VaultUrl url = VaultUrl.parse("jdbc:vault:postgresql://db/app?opt%zz=1&options=%zz");

    assertThat(url.delegateUrl()).isEqualTo("jdbc:postgresql://db/app?opt%zz=1&options=%zz");
    assertThat(url.vaultProperties()).isEmpty();
  }

  @Test
  void theVaultPropertiesHandedOutAreACopy() {
    VaultUrl url = VaultUrl.parse("jdbc:vault:postgresql://db/app?vault.config=a.yaml");

    url.vaultProperties().setProperty("vault.config", "changed.yaml");

    assertThat(url.vaultProperties()).containsEntry("vault.config", "a.yaml");
  }

  @Test
  void neverPrintsTheQueryString() {
    assertThat(VaultUrl.parse("jdbc:vault:postgresql://db/app?password=hunter2").toString()).doesNotContain("hunter2");
  }
}
