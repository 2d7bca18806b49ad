package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package scan encrypts an {@code @Encrypted} field of a {@code @MappedSuperclass} in the table of
 * every entity below it. That is valid, but often not meant: the loader warns, once per load, and
 * gives the warning as data. Naming the entities in annotated-classes says it was meant.
 */
class WarnWhenASuperclassFieldIsEncryptedInSeveralTablesTest {

  private static final String FIXTURES = "dev.banata.vault.config.fixtures.";

  @TempDir Path directory;
  @RegisterExtension final LoggedRecords log = new LoggedRecords(VaultConfigLoader.class);

  @Test
  void aPackageScanThatPutsOneSuperclassFieldInTwoTablesWarnsOnce() {
    ConfigFiles files = new ConfigFiles(directory);
    VaultConfig config = files.load("""
        annotated-packages: [%sshared]
        """.formatted(FIXTURES));

    String message = FIXTURES + "shared.Party.lastName: this @Encrypted field of a superclass is encrypted in 2 tables: owners"
        + " (from " + FIXTURES + "shared.Owner), vets (from " + FIXTURES + "shared.Vet), found by annotated-packages '" + FIXTURES
        + "shared' at " + files.file() + ":1; if each of them is meant to be encrypted, list those entities in"
        + " annotated-classes, which silences this warning; otherwise move @Encrypted from the superclass to the entities that"
        + " need it";
    assertThat(config.warnings()).extracting(ConfigWarning::message).containsExactly(message);
    assertThat(config.warnings().get(0).declarations()).hasSize(2)
        .allSatisfy(declaration -> assertThat(declaration.describe()).startsWith("@Encrypted on " + FIXTURES + "shared.Party.lastName"));
    assertThat(log.lines()).containsExactly("WARNING Banata Vault: " + message);
  }

  @Test
  void namingTheEntitiesInAnnotatedClassesSilencesTheWarning() {
    ConfigFiles files = new ConfigFiles(directory);
    VaultConfig config = files.load("""
        annotated-classes: [%1$sshared.Owner, %1$sshared.Vet]
        annotated-packages: [%1$sshared]
        """.formatted(FIXTURES));

    assertThat(config.tables()).hasSize(2);
    assertThat(config.warnings()).isEmpty();
    assertThat(log.lines()).isEmpty();
  }

  @Test
  void aSuperclassFieldInOneTableAndFieldsOfEmbeddablesInSeveralAreNoWarning() {
    Properties properties = new Properties();
    // Memo is the only entity below Stamped; Address is embedded in three entities, on purpose.
    properties.setProperty("vault.annotated-packages", FIXTURES + "hierarchy," + FIXTURES + "embedded");
    VaultConfig config = VaultConfigLoader.load(properties, getClass().getClassLoader(), name -> null);

    assertThat(config.warnings()).extracting(ConfigWarning::message)
        .as("only Document.title: TABLE_PER_CLASS puts an entity superclass's field in each subclass table too")
        .containsExactly(FIXTURES + "hierarchy.Document.title: this @Encrypted field of a superclass is encrypted in 2 tables:"
            + " contracts (from " + FIXTURES + "hierarchy.Contract), document, found by connection property"
            + " vault.annotated-packages '" + FIXTURES + "hierarchy'; if each of them is meant to be encrypted, list those"
            + " entities in annotated-classes, which silences this warning; otherwise move @Encrypted from the superclass to"
            + " the entities that need it");
  }
}
