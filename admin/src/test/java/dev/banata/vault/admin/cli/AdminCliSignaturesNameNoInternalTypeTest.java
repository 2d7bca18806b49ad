package dev.banata.vault.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.ApiSignatures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code vault-admin} jar's API package, {@code admin.cli}, names no {@code dev.banata.vault.internal}
 * type in a public or protected signature: the driver's {@code ApiSignaturesNameNoInternalTypeTest},
 * for the package only this module holds.
 */
class AdminCliSignaturesNameNoInternalTypeTest {

  @Test
  void noSignatureOfTheAdminJarsEntryPointNamesAnInternalType() {
    ApiSignatures.Report report = ApiSignatures.read(getClass().getClassLoader(), List.of("dev.banata.vault.admin.cli"));

    assertThat(report.types()).as("the package's classes were found").contains(VaultAdmin.class);
    assertThat(report.leaks()).isEmpty();
  }
}
