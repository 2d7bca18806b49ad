package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.config.VaultConfigLoaderAccess;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A caller that lists a package's classes itself (the Spring Boot starter, inside an executable jar)
 * keeps exactly the classes a package scan would declare, and may then name them in
 * {@code vault.annotated-classes} without "has no @Encrypted field" errors.
 */
class PickEncryptedEntitiesFromAListOfClassesTest {

  private static final String FIXTURES = "dev.banata.vault.config.fixtures.";

  @Test
  void keepsEntitiesWithEncryptedFieldsOwnInheritedOrEmbeddedAndDropsTheRest() {
    List<String> listed = List.of(
        FIXTURES + "entities.plain.Customer",               // @Encrypted fields of its own
        FIXTURES + "entities.plain.Unencrypted",            // an entity without any
        FIXTURES + "entities.inherited.AuditedEntity",      // @MappedSuperclass: read through Invoice
        FIXTURES + "entities.inherited.Invoice",            // inherits an @Encrypted field
        FIXTURES + "embedded.Address",                      // @Embeddable: read through Patient
        FIXTURES + "embedded.Patient",                      // embeds encrypted fields
        FIXTURES + "NoSuchClass");

    List<String> kept = VaultConfigLoaderAccess.encryptedEntities(listed, getClass().getClassLoader());

    assertThat(kept).containsExactly(FIXTURES + "entities.plain.Customer", FIXTURES + "entities.inherited.Invoice",
        FIXTURES + "embedded.Patient");
  }

  @Test
  void theKeptClassesLoadAsAnnotatedClassesLikeTheScanOfTheirPackage() {
    String packageName = FIXTURES + "entities.plain";
    List<String> listed = List.of(packageName + ".Customer", packageName + ".CustomerOrder", packageName + ".Unencrypted");
    Properties named = new Properties();
    named.setProperty("vault.annotated-classes", String.join(",", VaultConfigLoaderAccess.encryptedEntities(listed, getClass().getClassLoader())));
    Properties scanned = new Properties();
    scanned.setProperty("vault.annotated-packages", packageName);

    VaultConfig fromNames = VaultConfigLoader.load(named, getClass().getClassLoader(), name -> null);
    VaultConfig fromScan = VaultConfigLoader.load(scanned, getClass().getClassLoader(), name -> null);

    assertThat(fromNames.tables()).hasSize(2).containsExactlyInAnyOrderElementsOf(fromScan.tables());
  }
}
