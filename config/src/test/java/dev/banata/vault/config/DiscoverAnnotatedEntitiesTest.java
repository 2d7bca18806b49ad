package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Entities named in annotated-classes / annotated-packages become tables and columns, read from
 * their class files only. Every fixture entity has a static initializer that throws, and the class
 * loader records every class anyone asks it to load: a fixture initialized or even loaded fails.
 */
class DiscoverAnnotatedEntitiesTest {

  private static final String FIXTURES = "dev.banata.vault.config.fixtures.";

  /** Records every loadClass request, and apart from them every resource (what TypePool reads). */
  static final class RecordingClassLoader extends ClassLoader {
    final Set<String> requested = ConcurrentHashMap.newKeySet();
    final Set<String> resources = ConcurrentHashMap.newKeySet();

    RecordingClassLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }

    @Override
    public java.net.URL getResource(String name) {
      resources.add(name);
      return super.getResource(name);
    }
  }

  private final RecordingClassLoader loader = new RecordingClassLoader(getClass().getClassLoader());

  private VaultConfig load(String property, String value) {
    Properties properties = new Properties();
    properties.setProperty(property, value);
    return VaultConfigLoader.load(properties, loader, name -> null);
  }

  private static EncryptedColumn column(VaultConfig config, String table, String column) {
    return config.column(Identifier.of(table), Identifier.of(column)).orElseThrow(
        () -> new AssertionError("no column " + table + "." + column + " in " + config.tables()));
  }

  @Test
  void vaultAnnotationsAloneNameTheTableColumnsAndPrimaryKey() {
    VaultConfig config = load("vault.annotated-classes", FIXTURES + "entities.plain.Customer");

    EncryptedTableSpec customers = config.table(Identifier.of("customers")).orElseThrow();
    assertThat(customers.primaryKey()).contains(Identifier.of("id"));
    assertThat(customers.columns().keySet()).containsExactly(Identifier.of("email"), Identifier.of("ssn"), Identifier.of("birth_date"));
    assertThat(column(config, "customers", "email").mode()).isEqualTo(Mode.DETERMINISTIC);
    assertThat(column(config, "customers", "email").context()).isEqualTo("customers.email");
    assertThat(column(config, "customers", "email").type()).isEqualTo(ValueType.TEXT);
    assertThat(column(config, "customers", "email").origin()).isEqualTo(FIXTURES + "entities.plain.Customer.email");
    assertThat(column(config, "customers", "ssn").context()).isEqualTo("pii");
    assertThat(column(config, "customers", "birth_date").type()).isEqualTo(ValueType.DATE);
    // The class file was read through this loader, so "no fixture requested" below is a statement
    // about the reader and not about a loader it never used.
    assertThat(loader.resources).contains("dev/banata/vault/config/fixtures/entities/plain/Customer.class");
    assertThat(loader.requested).noneMatch(name -> name.startsWith(FIXTURES));
  }

  @Test
  void withoutAnyTableAnnotationTheClassNameInSnakeCaseIsTheTable() {
    VaultConfig config = load("vault.annotated-classes", FIXTURES + "entities.plain.CustomerOrder");

    assertThat(config.table(Identifier.of("customer_order")).orElseThrow().primaryKey()).contains(Identifier.of("order_id"));
    assertThat(column(config, "customer_order", "amount_cents").type()).isEqualTo(ValueType.INTEGER);
    assertThat(column(config, "customer_order", "scanned_receipt").type()).isEqualTo(ValueType.BYTES);
    assertThat(column(config, "customer_order", "placed_at").type()).isEqualTo(ValueType.TIMESTAMPTZ);
  }

  @Test
  void jakartaPersistenceNamesTheTableColumnsAndPrimaryKey() {
    VaultConfig config = load("vault.annotated-classes", FIXTURES + "entities.jpa.Patient");

    assertThat(config.table(Identifier.of("patients")).orElseThrow().primaryKey()).contains(Identifier.of("patient_id"));
    assertThat(column(config, "patients", "ssn_text").type()).isEqualTo(ValueType.TEXT);
    assertThat(column(config, "patients", "medical_notes").type()).isEqualTo(ValueType.JSON);
    assertThat(config.table(Identifier.of("patient"))).isEmpty();
    assertThat(loader.requested).noneMatch(name -> name.startsWith(FIXTURES));
  }

  @Test
  void javaxPersistenceWithBacktickQuotingGivesAnExactTableName() {
    VaultConfig config = load("vault.annotated-classes", FIXTURES + "entities.jpa.LegacyAccount");

    EncryptedTableSpec accounts = config.table(Identifier.of("\"Accounts\"")).orElseThrow();
    assertThat(config.table(Identifier.of("accounts"))).isEmpty();
    assertThat(accounts.primaryKey()).contains(Identifier.of("account_no"));
    assertThat(column(config, "\"Accounts\"", "balance").type()).isEqualTo(ValueType.DECIMAL);
    assertThat(column(config, "\"Accounts\"", "vip").type()).isEqualTo(ValueType.BOOLEAN);
    assertThat(column(config, "\"Accounts\"", "closed").type()).isEqualTo(ValueType.BOOLEAN);
    assertThat(column(config, "\"Accounts\"", "external_id").type()).isEqualTo(ValueType.UUID);
    assertThat(column(config, "\"Accounts\"", "external_id").mode()).isEqualTo(Mode.DETERMINISTIC);
    assertThat(column(config, "\"Accounts\"", "external_id").context()).isEqualTo("Accounts.external_id");
    assertThat(column(config, "\"Accounts\"", "opened_at").type()).isEqualTo(ValueType.TIMESTAMP);
    assertThat(column(config, "\"Accounts\"", "last_login").type()).isEqualTo(ValueType.TIMESTAMPTZ);
    assertThat(column(config, "\"Accounts\"", "credit_limit").type()).isEqualTo(ValueType.BIGINT);
    assertThat(column(config, "\"Accounts\"", "branch").type()).isEqualTo(ValueType.INTEGER);
    assertThat(column(config, "\"Accounts\"", "tier").type()).isEqualTo(ValueType.SMALLINT);
    assertThat(loader.requested).noneMatch(name -> name.startsWith(FIXTURES));
  }

  @Test
  void fieldsOfAMappedSuperclassBelongToTheEntitysTable() {
    VaultConfig config = load("vault.annotated-classes", FIXTURES + "entities.inherited.Invoice");

    EncryptedTableSpec invoices = config.table(Identifier.of("invoices")).orElseThrow();
    assertThat(invoices.primaryKey()).contains(Identifier.of("id"));
    assertThat(invoices.columns().keySet()).containsExactlyInAnyOrder(Identifier.of("iban"), Identifier.of("created_by"));
    assertThat(column(config, "invoices", "created_by").origin())
        .isEqualTo(FIXTURES + "entities.inherited.AuditedEntity.createdBy in " + FIXTURES + "entities.inherited.Invoice");
  }

  @Test
  void aTransientFieldIsNotAColumn() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.TransientField"))
        .hasMessage(FIXTURES + "broken.TransientField.computed: @Encrypted on a transient field; a transient field is not a column");
  }

  @Test
  void scanningAPackageFindsEveryEntityOfItsSubPackagesWithoutLoadingAny() {
    VaultConfig config = load("vault.annotated-packages", FIXTURES + "entities");

    assertThat(config.tables()).extracting(table -> table.name().name())
        .containsExactlyInAnyOrder("invoices", "Accounts", "patients", "visits", "customers", "customer_order");
    assertThat(column(config, "visits", "room_number").type()).isEqualTo(ValueType.SMALLINT);
    assertThat(config.table(Identifier.of("audited_entity"))).as("a @MappedSuperclass is no table").isEmpty();
    assertThat(config.table(Identifier.of("unencrypted"))).isEmpty();
    assertThat(loader.requested).noneMatch(name -> name.startsWith(FIXTURES));
  }

  @Test
  void theFixturesReallyFailWhenInitialized() {
    // Guards the tests above: if the fixtures could be initialized harmlessly, "not initialized" would prove nothing.
    assertThatThrownBy(() -> Class.forName(FIXTURES + "entities.plain.Customer", true, new RecordingClassLoader(getClass().getClassLoader())))
        .isInstanceOf(ExceptionInInitializerError.class);
  }

  @Test
  void theProgrammaticBuilderReadsAnnotatedClasses() {
    VaultConfig config = VaultConfig.builder().annotatedPackages(loader, FIXTURES + "entities.jpa").build();

    assertThat(config.tables()).extracting(table -> table.name().name()).containsExactly("Accounts", "patients", "visits");
  }

  @Test
  void anUnsupportedFieldTypeIsAnErrorNamingClassAndField() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.UnsupportedFieldType"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(FIXTURES + "broken.UnsupportedFieldType.createdOn: @Encrypted field of type java.util.Date has no vault"
            + " value type; use one of " + FieldTypes.SUPPORTED + ", or set @Encrypted(type = ...)");
  }

  @Test
  void aStaticFieldIsNotAColumn() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.StaticField"))
        .hasMessage(FIXTURES + "broken.StaticField.shared: @Encrypted on a static field; a static field is not a column");
  }

  @Test
  void aCompositePrimaryKeyIsAnError() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.CompositeKey"))
        .hasMessage(FIXTURES + "broken.CompositeKey: composite primary keys (several @Id fields) are not supported;"
            + " set @EncryptedTable(primaryKey) to a single unique column");
  }

  @Test
  void anEntityWithoutPrimaryKeyIsAnErrorNamingTheClass() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.NoPrimaryKey"))
        .hasMessageStartingWith(FIXTURES + "broken.NoPrimaryKey: table no_primary_key has encrypted columns but no primary key;");
  }

  @Test
  void anEncryptedIdIsAnError() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.EncryptedPrimaryKey"))
        .hasMessageStartingWith(FIXTURES + "broken.EncryptedPrimaryKey.email: column encrypted_primary_key.email is the table's primary key");
  }

  @Test
  void aBlankContextOnADeterministicFieldIsAnError() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.BlankContext"))
        .hasMessage(FIXTURES + "broken.BlankContext.email: the context of column blank_context.email is blank;"
            + " leave it out for the default table.column");
  }

  @Test
  void aSchemaQualifiedTableNameIsAnError() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.SchemaQualifiedTable"))
        .hasMessageStartingWith(FIXTURES + "broken.SchemaQualifiedTable: 'billing.invoices' is not a valid SQL identifier;"
            + " write the table without its schema");
  }

  @Test
  void aClassWithoutEncryptedFieldsIsAnError() {
    assertThatThrownBy(() -> load("vault.annotated-classes", FIXTURES + "broken.NotAnEntity"))
        .hasMessage("connection property vault.annotated-classes '" + FIXTURES + "broken.NotAnEntity': class "
            + FIXTURES + "broken.NotAnEntity has no @Encrypted field");
  }

  @Test
  void aMissingClassIsAnError() {
    assertThatThrownBy(() -> load("vault.annotated-classes", "com.example.Nope"))
        .hasMessage("connection property vault.annotated-classes 'com.example.Nope': class com.example.Nope is not on the class path");
  }

  @Test
  void aPackageWithoutEncryptedClassesIsAnError() {
    assertThatThrownBy(() -> load("vault.annotated-packages", "com.example.nothing"))
        .hasMessage("connection property vault.annotated-packages 'com.example.nothing': no class with @Encrypted fields"
            + " in package com.example.nothing or its sub-packages");
  }

  @Test
  void snakeCaseSplitsWordsAndAcronyms() {
    assertThat(List.of("birthDate", "CustomerOrder", "HTTPRequestLog", "address2", "ssn", "customerID", "x"))
        .map(SnakeCase::of)
        .containsExactly("birth_date", "customer_order", "http_request_log", "address2", "ssn", "customer_id", "x");
  }
}
