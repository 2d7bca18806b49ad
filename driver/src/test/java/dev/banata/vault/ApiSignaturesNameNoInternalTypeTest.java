package dev.banata.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.ApiSignatures;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The API packages show only the API: no public or protected signature of theirs (a method's
 * parameters, result and exceptions, a field's type, a supertype) names a type of
 * {@code dev.banata.vault.internal}, which the published javadoc does not show and which may change
 * in any release. Read by reflection from the compiled classes ({@link ApiSignatures}), so a new leak
 * fails here. The admin jar's {@code admin.cli} and the starter's {@code boot} are not on this class
 * path: their modules have the same test ({@code AdminCliSignaturesNameNoInternalTypeTest},
 * {@code StarterSignaturesNameNoInternalTypeTest}).
 */
class ApiSignaturesNameNoInternalTypeTest {

  /** The packages of docs/ARCHITECTURE.md, "What users may depend on", that the driver, config and annotations jars hold. */
  static final List<String> API_PACKAGES = List.of("dev.banata.vault", "dev.banata.vault.jdbc", "dev.banata.vault.keys",
      "dev.banata.vault.metrics", "dev.banata.vault.metrics.micrometer", "dev.banata.vault.admin",
      "dev.banata.vault.config", "dev.banata.vault.annotations");

  /**
   * Leaks known and not closed yet (docs/ARCHITECTURE.md). Remove an entry when it is
   * closed; a new leak is never added here.
   */
  private static final Set<String> KNOWN_LEAKS = Set.of();

  @Test
  void noApiSignatureNamesAnInternalType() {
    ApiSignatures.Report report = ApiSignatures.read(getClass().getClassLoader(), API_PACKAGES);

    assertThat(report.types()).as("the API classes were found").hasSizeGreaterThan(50);
    assertThat(report.leaks()).as("a known leak that is closed leaves KNOWN_LEAKS").containsAll(KNOWN_LEAKS);
    assertThat(report.leaks()).filteredOn(leak -> !KNOWN_LEAKS.contains(leak)).isEmpty();
  }
}
