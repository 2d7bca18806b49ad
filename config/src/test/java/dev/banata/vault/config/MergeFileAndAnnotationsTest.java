package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.config.fixtures.conflicting.CustomerWithRandomizedEmail;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vault.yaml and annotated entities describe one configuration; where both speak, they must agree. */
class MergeFileAndAnnotationsTest {

  private static final String FIXTURES = "dev.banata.vault.config.fixtures.";

  @TempDir Path directory;

  @Test
  void theFileAddsColumnsToAnAnnotatedTableAndDeclaresOthers() {
    VaultConfig config = new ConfigFiles(directory).load("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
              phone: { mode: randomized }
          audit_log:
            primary-key: id
            columns:
              payload: { type: json }
        annotated-classes: [%sentities.plain.Customer]
        """.formatted(FIXTURES));

    EncryptedTableSpec customers = config.table(Identifier.of("customers")).orElseThrow();
    assertThat(customers.columns().keySet()).containsExactly(
        Identifier.of("email"), Identifier.of("phone"), Identifier.of("ssn"), Identifier.of("birth_date"));
    assertThat(customers.column(Identifier.of("email")).orElseThrow().mode()).isEqualTo(Mode.DETERMINISTIC);
    assertThat(customers.column(Identifier.of("email")).orElseThrow().origin()).as("the first declaration is kept")
        .endsWith("vault.yaml:5 (tables.customers.columns.email)");
    assertThat(config.column(Identifier.of("audit_log"), Identifier.of("payload")).orElseThrow().type()).isEqualTo(ValueType.JSON);
    assertThat(config.tables()).extracting(table -> table.name().name()).containsExactly("customers", "audit_log");
  }

  @Test
  void packagesFromTheFileAndFromTheConnectionPropertiesAddUp() {
    ConfigFiles files = new ConfigFiles(directory);
    Properties properties = ConfigFiles.properties(files.write("""
        annotated-packages: [%sentities.plain]
        """.formatted(FIXTURES)));
    properties.setProperty("vault.annotated-classes", FIXTURES + "entities.jpa.Patient, " + FIXTURES + "entities.inherited.Invoice");

    VaultConfig config = VaultConfigLoader.load(properties, getClass().getClassLoader(), Map.<String, String>of()::get);

    // Classes first (file, then property), then packages: always in this order.
    assertThat(config.tables()).extracting(table -> table.name().name())
        .containsExactly("patients", "invoices", "customers", "customer_order");
  }

  @Test
  void aColumnDeclaredDifferentlyInFileAndAnnotationIsAnErrorNamingBoth() {
    ConfigFiles files = new ConfigFiles(directory);

    assertThatThrownBy(() -> files.load("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
        annotated-classes: [%sconflicting.CustomerWithRandomizedEmail]
        """.formatted(FIXTURES)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(FIXTURES + "conflicting.CustomerWithRandomizedEmail.email: column customers.email is declared as"
            + " randomized, context 'customers.email', type text but " + files.file() + ":5 (tables.customers.columns.email)"
            + " declares it as deterministic, context 'customers.email', type text");
  }

  @Test
  void aPrimaryKeyDeclaredDifferentlyInFileAndAnnotationIsAnErrorNamingBoth() {
    ConfigFiles files = new ConfigFiles(directory);

    assertThatThrownBy(() -> files.load("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
        annotated-classes: [%sconflicting.CustomerKeyedByNumber]
        """.formatted(FIXTURES)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(FIXTURES + "conflicting.CustomerKeyedByNumber.number (@Id): table customers has primary key number but "
            + files.file() + ":3 (tables.customers.primary-key) says its primary key is id");
  }

  @Test
  void anAnnotatedClassThatIsNotOnTheClassPathIsNamedWithTheFileLine() {
    ConfigFiles files = new ConfigFiles(directory);

    assertThatThrownBy(() -> files.load("""
        annotated-classes:
          - com.example.Customer
        """))
        .hasMessage(files.file() + ":2: annotated-classes 'com.example.Customer': class com.example.Customer is not on the class path");
  }

  @Test
  void theBuilderMergesAnnotatedClassesTheSameWay() {
    VaultConfig config = VaultConfig.builder()
        .table("customers").primaryKey("id").column("phone", Mode.RANDOMIZED).and()
        .annotatedClasses(CustomerWithRandomizedEmail.class)
        .build();

    assertThat(config.table(Identifier.of("customers")).orElseThrow().columns().keySet())
        .containsExactly(Identifier.of("phone"), Identifier.of("email"));
    assertThatThrownBy(() -> VaultConfig.builder()
        .table("customers").column("email", Mode.DETERMINISTIC).and()
        .annotatedClasses(CustomerWithRandomizedEmail.class))
        .hasMessageStartingWith(FIXTURES + "conflicting.CustomerWithRandomizedEmail.email: column customers.email is declared as"
            + " randomized, context 'customers.email', type text but builder declares it as deterministic");
  }
}
