package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.config.DiscoverAnnotatedEntitiesTest.RecordingClassLoader;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Encrypted} fields of an {@code @Embeddable} are columns of the table of the entity that
 * embeds it, where Hibernate writes them; what the reader cannot place is refused, never skipped
 * (a skipped field would be stored in plaintext). No fixture class is loaded (each one's static
 * initializer throws, and the class loader records every request).
 */
class EncryptedFieldsOfEmbeddablesTest {

  private static final String FIXTURES = "dev.banata.vault.config.fixtures.";

  private final RecordingClassLoader loader = new RecordingClassLoader(getClass().getClassLoader());

  private VaultConfig load(String property, String value) {
    Properties properties = new Properties();
    properties.setProperty(property, value);
    return VaultConfigLoader.load(properties, loader, name -> null);
  }

  private static EncryptedTableSpec table(VaultConfig config, String name) {
    return config.table(Identifier.of(name)).orElseThrow(() -> new AssertionError("no table " + name + " in " + config.tables()));
  }

  private static String[] columns(VaultConfig config, String table) {
    return table(config, table).columns().keySet().stream().map(Identifier::name).toArray(String[]::new);
  }

  @AfterEach
  void noFixtureClassWasLoaded() {
    assertThat(loader.requested).noneMatch(name -> name.startsWith(FIXTURES));
  }

  @Test
  void anEncryptedFieldOfAnEmbeddedAddressIsAColumnOfTheOwnersTable() {
    // insert into patients (city,street,zip,name,id) values (?,?,?,?,?)
    VaultConfig config = load("vault.annotated-classes", FIXTURES + "embedded.Patient");

    assertThat(columns(config, "patients")).containsExactly("name", "street", "zip");
    assertThat(table(config, "patients").primaryKey()).contains(Identifier.of("id"));
    EncryptedColumn street = config.column(Identifier.of("patients"), Identifier.of("street")).orElseThrow();
    assertThat(street.context()).isEqualTo("patients.street");
    assertThat(street.origin()).isEqualTo(FIXTURES + "embedded.Address.street in " + FIXTURES + "embedded.Patient.address");
    assertThat(config.table(Identifier.of("address"))).isEmpty();
  }

  @Test
  void aFieldWhoseTypeIsEmbeddableIsFollowedWithoutEmbeddedAndAttributeOverridesRenameColumns() {
    // insert into suppliers (billing_city,billing_street,billing_zip,city,street,zip,supplier_id) values (?,?,?,?,?,?,?)
    VaultConfig config = load("vault.annotated-classes", FIXTURES + "embedded.Supplier");

    assertThat(columns(config, "suppliers")).containsExactly("street", "zip", "billing_street", "billing_zip");
    assertThat(table(config, "suppliers").primaryKey()).contains(Identifier.of("supplier_id"));
  }

  @Test
  void javaxAttributeOverridesContainerRenamesColumnsWithBacktickQuoting() {
    VaultConfig config = load("vault.annotated-classes", FIXTURES + "embedded.LegacyShipment");

    assertThat(table(config, "shipments").columns().keySet()).containsExactly(Identifier.of("to_street"), Identifier.of("\"ToZip\""));
  }

  @Test
  void aPackageScanReadsEmbeddablesThroughTheEntitiesThatEmbedThem() {
    // The package also holds Address itself and AddressForm, a non-entity with an Address field.
    VaultConfig config = load("vault.annotated-packages", FIXTURES + "embedded");

    assertThat(config.tables()).extracting(table -> table.name().name())
        .containsExactlyInAnyOrder("patients", "suppliers", "shipments");
  }

  @Test
  void listingAnEmbeddableItselfIsRefused() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "embedded.Address"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("connection property vault.annotated-classes '" + FIXTURES + "embedded.Address': " + FIXTURES
            + "embedded.Address is an @Embeddable, not a table; list the entities that embed it instead");
  }

  @Test
  void anEncryptedFieldOfAnEmbeddableInsideAnEmbeddableIsRefused() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.embedded.Site"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(FIXTURES + "broken.embedded.Location.point in " + FIXTURES + "broken.embedded.Site.location: @Encrypted fields"
            + " of an @Embeddable nested in another @Embeddable are not supported; remove @Encrypted from them and declare"
            + " their columns on the entity's table in vault.yaml");
  }

  @Test
  void anElementCollectionOfEmbeddablesWithEncryptedFieldsIsRefused() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.embedded.Clinic"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(FIXTURES + "broken.embedded.Clinic.addresses: @Encrypted fields of the @Embeddable elements of a"
            + " collection are stored in a collection table")
        .hasMessageContaining("vault.yaml");
  }

  @Test
  void anEncryptedFieldNoRuleMapsIsRefusedByTheGuard() {
    // The reader maps an embeddable's own fields; BaseLine (a plain superclass of the embeddable) is
    // reached only by the inventory of every @Encrypted field, which refuses what was not mapped.
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.embedded.Warehouse"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(FIXTURES + "broken.embedded.BaseLine.firstLine (reached from " + FIXTURES + "broken.embedded.Warehouse):"
            + " the annotation reader cannot tell which column this @Encrypted field is stored in; remove @Encrypted from it"
            + " and declare its column in vault.yaml");
  }
}
