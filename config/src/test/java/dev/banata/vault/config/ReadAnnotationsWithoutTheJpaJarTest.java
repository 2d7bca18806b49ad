package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Encrypted;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin command (and a driver in an application without JPA at run time) reads entity classes
 * with no JPA jar anywhere: JPA annotations are recognised by name. The compiled fixtures are
 * copied to a directory and read through a class loader that sees them and the vault annotations,
 * but neither {@code jakarta.persistence} nor {@code javax.persistence} (the test classes hold
 * stand-ins for both, which this loader cannot reach).
 */
class ReadAnnotationsWithoutTheJpaJarTest {

  private static final String FIXTURES = "dev.banata.vault.config.fixtures.";
  private static final List<String> PACKAGES = List.of(FIXTURES + "hierarchy", FIXTURES + "embedded", FIXTURES + "entities", FIXTURES + "shared");

  @TempDir Path directory;
  private URLClassLoader annotationsOnly;
  private URLClassLoader withoutJpa;

  @BeforeEach
  void copyTheCompiledFixturesAwayFromTheJpaStandIns() throws Exception {
    Path classes = Path.of(ReadAnnotationsWithoutTheJpaJarTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path fixtures = classes.resolve(FIXTURES.replace('.', '/'));
    Path copy = directory.resolve("classes");
    try (Stream<Path> files = Files.walk(fixtures)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = copy.resolve(classes.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    URL annotations = Encrypted.class.getProtectionDomain().getCodeSource().getLocation();
    annotationsOnly = new URLClassLoader(new URL[] {annotations}, null);
    withoutJpa = new URLClassLoader(new URL[] {copy.toUri().toURL()}, annotationsOnly);
  }

  @AfterEach
  void close() throws IOException {
    withoutJpa.close();
    annotationsOnly.close();
  }

  private static VaultConfig scan(ClassLoader loader, String packageName) {
    Properties properties = new Properties();
    properties.setProperty("vault.annotated-packages", packageName);
    return VaultConfigLoader.load(properties, loader, name -> null);
  }

  private static EncryptedColumn column(VaultConfig config, String table, String column) {
    return config.column(Identifier.of(table), Identifier.of(column))
        .orElseThrow(() -> new AssertionError("no column " + table + "." + column + " in " + config.tables()));
  }

  @Test
  void theLoaderReallyCannotSeeAnyJpaAnnotation() {
    // Guards the tests below: with a JPA class reachable they would prove nothing.
    for (String name : List.of("Entity", "MappedSuperclass", "Embeddable", "Inheritance", "Table", "Column", "Id")) {
      assertThat(withoutJpa.getResource("jakarta/persistence/" + name + ".class")).as("jakarta %s", name).isNull();
      assertThat(withoutJpa.getResource("javax/persistence/" + name + ".class")).as("javax %s", name).isNull();
    }
    assertThat(getClass().getClassLoader().getResource("jakarta/persistence/MappedSuperclass.class")).isNotNull();
    assertThat(withoutJpa.getResource(FIXTURES.replace('.', '/') + "hierarchy/Stamped.class")).isNotNull();
  }

  @Test
  void aScanWithoutJpaReadsTheSameTablesAsWithIt() {
    for (String packageName : PACKAGES) {
      VaultConfig withJpa = scan(getClass().getClassLoader(), packageName);

      assertThat(List.copyOf(scan(withoutJpa, packageName).tables())).as(packageName).isEqualTo(List.copyOf(withJpa.tables()));
    }
  }

  @Test
  void aMappedSuperclassIsRecognisedByNameAndItsFieldsBelongToTheEntitysTable() {
    VaultConfig config = scan(withoutJpa, FIXTURES + "entities");
    VaultConfig hierarchy = scan(withoutJpa, FIXTURES + "hierarchy");

    assertThat(config.table(Identifier.of("audited_entity"))).as("a @MappedSuperclass is no table").isEmpty();
    assertThat(hierarchy.table(Identifier.of("stamped"))).as("a @MappedSuperclass is no table").isEmpty();
    assertThat(column(config, "invoices", "created_by").origin())
        .isEqualTo(FIXTURES + "entities.inherited.AuditedEntity.createdBy in " + FIXTURES + "entities.inherited.Invoice");
    assertThat(config.table(Identifier.of("invoices")).orElseThrow().primaryKey()).contains(Identifier.of("id"));
  }

  @Test
  void tableColumnInheritanceAndEmbeddableAreRecognisedByName() {
    VaultConfig config = scan(withoutJpa, FIXTURES + "hierarchy");
    VaultConfig embedded = scan(withoutJpa, FIXTURES + "embedded");

    // @Table(name = "people") with @Inheritance(SINGLE_TABLE): Employee's field is in the root's table.
    assertThat(column(config, "people", "salary").context()).isEqualTo("people.salary");
    // @Inheritance(JOINED) and @PrimaryKeyJoinColumn: each entity's fields in its own table.
    assertThat(config.table(Identifier.of("checking_account")).orElseThrow().primaryKey()).contains(Identifier.of("checking_id"));
    assertThat(column(config, "bank_accounts", "iban").origin()).isEqualTo(FIXTURES + "hierarchy.BankAccount.iban");
    // @Embeddable without @Embedded, and @AttributeOverride(column = @Column(name)) on the embedding field.
    assertThat(column(embedded, "suppliers", "street").origin())
        .isEqualTo(FIXTURES + "embedded.Address.street in " + FIXTURES + "embedded.Supplier.office");
    assertThat(column(embedded, "suppliers", "billing_street").context()).isEqualTo("suppliers.billing_street");
    assertThat(embedded.table(Identifier.of("address"))).as("an @Embeddable is no table").isEmpty();
  }
}
