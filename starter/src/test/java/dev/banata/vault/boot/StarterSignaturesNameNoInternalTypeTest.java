package dev.banata.vault.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.ApiSignatures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The starter's package, {@code boot}, names no {@code dev.banata.vault.internal} type in a public or
 * protected signature (its auto-configurations use internals, in package-private members only): the
 * driver's {@code ApiSignaturesNameNoInternalTypeTest}, for the package only this module holds.
 */
class StarterSignaturesNameNoInternalTypeTest {

  @Test
  void noPublicSignatureOfTheStarterNamesAnInternalType() {
    ApiSignatures.Report report = ApiSignatures.read(getClass().getClassLoader(), List.of("dev.banata.vault.boot"));

    assertThat(report.types()).as("the package's classes were found").contains(VaultProperties.class, VaultAutoConfiguration.class);
    assertThat(report.leaks()).isEmpty();
  }
}
