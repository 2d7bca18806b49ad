package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.config.DiscoverAnnotatedEntitiesTest.RecordingClassLoader;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code @Encrypted} field whose value JPA does not store in one column of the entity's table
 * (an association, a collection, an embedded value as a whole, a primary-key part, a secondary
 * table) is a startup error naming the class and field: declaring a column there would leave the
 * real one in plaintext. No fixture class is loaded.
 */
class EncryptedFieldsOutsideOneColumnAreRefusedTest {

  private static final String BROKEN = "dev.banata.vault.config.fixtures.broken.placement.";

  private final RecordingClassLoader loader = new RecordingClassLoader(getClass().getClassLoader());

  private void load(String simpleName) {
    Properties properties = new Properties();
    properties.setProperty("vault.annotated-classes", BROKEN + simpleName);
    VaultConfigLoader.load(properties, loader, name -> null);
  }

  @AfterEach
  void noFixtureClassWasLoaded() {
    assertThat(loader.requested).noneMatch(name -> name.startsWith(BROKEN));
  }

  @Test
  void anEncryptedAssociationIsRefused() {
    assertThatThrownBy(() -> load("EncryptedAssociation"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(BROKEN + "EncryptedAssociation.parent: @Encrypted on a @ManyToOne association;"
            + " put @Encrypted on fields of the associated entity");
  }

  @Test
  void anEncryptedElementCollectionIsRefused() {
    assertThatThrownBy(() -> load("EncryptedElementCollection"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(BROKEN + "EncryptedElementCollection.nicknames: @Encrypted on an @ElementCollection, whose values are"
            + " stored in a collection table the annotation reader does not map; remove @Encrypted and declare that"
            + " table's column in vault.yaml");
  }

  @Test
  void encryptedOnAWholeEmbeddedValueIsRefused() {
    assertThatThrownBy(() -> load("EncryptedEmbeddedField"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(BROKEN + "EncryptedEmbeddedField.address: @Encrypted on an embedded field;"
            + " put @Encrypted on the fields of the @Embeddable class instead");
  }

  @Test
  void anEncryptedPartOfAnEmbeddedIdIsRefused() {
    assertThatThrownBy(() -> load("EncryptedEmbeddedId"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(BROKEN + "VisitKey.visitCode in " + BROKEN + "EncryptedEmbeddedId.key: @Encrypted in an @EmbeddedId:"
            + " primary-key columns cannot be encrypted");
  }

  @Test
  void anEncryptedColumnOfASecondaryTableIsRefused() {
    assertThatThrownBy(() -> load("SecondaryTableColumn"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(BROKEN + "SecondaryTableColumn.diagnosis: @Encrypted on a column of the secondary table patient_details,"
            + " which the annotation reader does not map; remove @Encrypted and declare the column in vault.yaml");
  }
}
