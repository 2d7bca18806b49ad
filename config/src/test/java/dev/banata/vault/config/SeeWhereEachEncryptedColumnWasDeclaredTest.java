package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every encrypted column knows where it was declared (a line of vault.yaml, an {@code @Encrypted}
 * field and how the reader reached it, or the builder), and the configuration describes its columns
 * in one line each, for the log at the first connection.
 */
class SeeWhereEachEncryptedColumnWasDeclaredTest {

  private static final String FIXTURES = "dev.banata.vault.config.fixtures.";

  @TempDir Path directory;

  private static EncryptedColumn column(VaultConfig config, String table, String column) {
    return config.column(Identifier.of(table), Identifier.of(column)).orElseThrow();
  }

  @Test
  void aColumnOfTheFileIsDeclaredAtTheLineOfItsKey() {
    ConfigFiles files = new ConfigFiles(directory);
    VaultConfig config = files.load("""
        tables:
          customers:
            primary-key: id
            columns:
              last_name: { mode: deterministic }
              ssn:       { context: pii }
        """);

    assertThat(config.declarations(column(config, "customers", "last_name")))
        .containsExactly(new Declaration.InFile(files.file(), 5, "tables.customers.columns.last_name"));
    assertThat(config.describeColumns()).containsExactly(
        "customers.last_name: deterministic, type text, context customers.last_name, declared at " + files.file() + ":5",
        "customers.ssn: randomized, type text, context pii, declared at " + files.file() + ":6");
  }

  @Test
  void aMappedSuperclassFieldFoundByAPackageScanNamesTheFieldTheEntityAndTheScan() {
    ConfigFiles files = new ConfigFiles(directory);
    VaultConfig config = files.load("""
        annotated-packages: [%sshared]
        """.formatted(FIXTURES));

    String via = "annotated-packages '" + FIXTURES + "shared' at " + files.file() + ":1";
    assertThat(config.declarations(column(config, "owners", "last_name"))).containsExactly(new Declaration.AnnotatedField(
        FIXTURES + "shared.Party.lastName", Optional.of(FIXTURES + "shared.Owner"), via, true, true));
    assertThat(config.describeColumns()).containsExactly(
        "owners.last_name: randomized, type text, context owners.last_name, declared by @Encrypted on " + FIXTURES
            + "shared.Party.lastName, reached from " + FIXTURES + "shared.Owner via " + via,
        "vets.last_name: randomized, type text, context vets.last_name, declared by @Encrypted on " + FIXTURES
            + "shared.Party.lastName, reached from " + FIXTURES + "shared.Vet via " + via);
  }

  @Test
  void aColumnDeclaredInTheFileAndByAListedClassListsBothPlaces() {
    ConfigFiles files = new ConfigFiles(directory);
    VaultConfig config = files.load("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
        annotated-classes: [%sentities.plain.Customer]
        """.formatted(FIXTURES));

    assertThat(config.describeColumns()).first().isEqualTo("customers.email: deterministic, type text, context customers.email,"
        + " declared at " + files.file() + ":5 and by @Encrypted on " + FIXTURES + "entities.plain.Customer.email via"
        + " annotated-classes '" + FIXTURES + "entities.plain.Customer' at " + files.file() + ":6");
    assertThat(column(config, "customers", "email").origin()).as("the first declaration stays the column's origin")
        .isEqualTo(files.file() + ":5 (tables.customers.columns.email)");
  }

  @Test
  void anEmbeddedFieldIsReachedFromTheEmbeddingField() {
    Properties properties = new Properties();
    properties.setProperty("vault.annotated-classes", FIXTURES + "embedded.Supplier");
    VaultConfig config = VaultConfigLoader.load(properties, getClass().getClassLoader(), name -> null);

    assertThat(config.declarations(column(config, "suppliers", "billing_street"))).containsExactly(new Declaration.AnnotatedField(
        FIXTURES + "embedded.Address.street", Optional.of(FIXTURES + "embedded.Supplier.billing"),
        "connection property vault.annotated-classes '" + FIXTURES + "embedded.Supplier'", false, false));
  }

  @Test
  void theBuilderDeclaresWithTheOriginItIsGiven() {
    VaultConfig config = VaultConfig.builder()
        .table("customers").column("birth_date", Mode.RANDOMIZED, null, ValueType.DATE, "my framework").and()
        .build();

    assertThat(config.describeColumns())
        .containsExactly("customers.birth_date: randomized, type date, context customers.birth_date, declared by my framework");
    assertThat(VaultConfig.empty().describeColumns()).isEmpty();
  }

  @Test
  void equalityOfAColumnDoesNotDependOnHowManyPlacesDeclareIt() {
    ConfigFiles files = new ConfigFiles(directory);
    String table = """
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
              ssn:   { context: pii }
              birth_date: { type: date }
        """;
    VaultConfig once = files.load(table);
    VaultConfig twice = files.load(table + "annotated-classes: [%sentities.plain.Customer]\n".formatted(FIXTURES));

    assertThat(twice.declarations(column(twice, "customers", "email"))).hasSize(2);
    assertThat(List.copyOf(twice.tables())).isEqualTo(List.copyOf(once.tables()));
  }

  @Test
  void aConflictWithAColumnFoundByAPackageScanNamesTheScan() {
    ConfigFiles files = new ConfigFiles(directory);

    assertThatThrownBy(() -> files.load("""
        tables:
          owners:
            primary-key: id
            columns:
              last_name: { mode: deterministic }
        annotated-packages: [%sshared]
        """.formatted(FIXTURES)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(FIXTURES + "shared.Party.lastName in " + FIXTURES + "shared.Owner via annotated-packages '" + FIXTURES
            + "shared' at " + files.file() + ":6: column owners.last_name is declared as randomized, context"
            + " 'owners.last_name', type text but " + files.file() + ":5 (tables.owners.columns.last_name) declares it as"
            + " deterministic, context 'owners.last_name', type text");
  }
}
