package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.config.DiscoverAnnotatedEntitiesTest.RecordingClassLoader;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Encrypted} fields of entity hierarchies are columns of the table JPA stores them in: the
 * root's under SINGLE_TABLE (the default), each entity's own under JOINED, the concrete class's
 * under TABLE_PER_CLASS. No fixture class is loaded.
 */
class EncryptedFieldsInEntityHierarchiesTest {

  private static final String FIXTURES = "dev.banata.vault.config.fixtures.";

  private final RecordingClassLoader loader = new RecordingClassLoader(getClass().getClassLoader());

  private VaultConfig load(String... classes) {
    Properties properties = new Properties();
    properties.setProperty("vault.annotated-classes", String.join(",", classes));
    return VaultConfigLoader.load(properties, loader, name -> null);
  }

  private static EncryptedTableSpec table(VaultConfig config, String name) {
    return config.table(Identifier.of(name)).orElseThrow(() -> new AssertionError("no table " + name + " in " + config.tables()));
  }

  private static String[] columns(VaultConfig config, String table) {
    return table(config, table).columns().keySet().stream().map(Identifier::name).toArray(String[]::new);
  }

  private static String[] tables(VaultConfig config) {
    return config.tables().stream().map(table -> table.name().name()).toArray(String[]::new);
  }

  @AfterEach
  void noFixtureClassWasLoaded() {
    assertThat(loader.requested).noneMatch(name -> name.startsWith(FIXTURES));
  }

  @Test
  void aSingleTableSubclassIsStoredInTheRootsTableUnderTheRootsKey() {
    // insert into people (name,salary,kind,id) values (?,?,'Employee',?)
    VaultConfig config = load(FIXTURES + "hierarchy.Employee");

    assertThat(tables(config)).containsExactly("people");
    assertThat(columns(config, "people")).containsExactly("salary");
    assertThat(table(config, "people").primaryKey()).contains(Identifier.of("id"));
    assertThat(config.column(Identifier.of("people"), Identifier.of("salary")).orElseThrow().context()).isEqualTo("people.salary");
  }

  @Test
  void withoutInheritanceTheStrategyIsSingleTableAndASubclassTableAnnotationIsIgnored() {
    // insert into vehicles (owner_name,cargo_manifest,dtype,vin) values (?,?,'Truck',?)
    VaultConfig config = load(FIXTURES + "hierarchy.Truck");

    assertThat(tables(config)).containsExactly("vehicles");
    assertThat(columns(config, "vehicles")).containsExactlyInAnyOrder("owner_name", "cargo_manifest");
    assertThat(table(config, "vehicles").primaryKey()).contains(Identifier.of("vin"));
  }

  @Test
  void anExplicitEncryptedTableOnASubclassWins() {
    VaultConfig config = load(FIXTURES + "hierarchy.Contractor");

    assertThat(tables(config)).containsExactly("contractors");
    assertThat(columns(config, "contractors")).containsExactly("daily_rate");
    assertThat(table(config, "contractors").primaryKey()).contains(Identifier.of("contractor_id"));
  }

  @Test
  void joinedSubclassFieldsAreInTheirOwnTableAndTheRootsFieldsInTheRootsTable() {
    // insert into bank_accounts (iban,account_id) values (?,?); insert into savings_accounts (interest_rate,account_id) values (?,?)
    VaultConfig config = load(FIXTURES + "hierarchy.SavingsAccount");

    assertThat(tables(config)).containsExactlyInAnyOrder("savings_accounts", "bank_accounts");
    assertThat(columns(config, "savings_accounts")).containsExactly("interest_rate");
    assertThat(table(config, "savings_accounts").primaryKey()).contains(Identifier.of("account_id"));
    assertThat(columns(config, "bank_accounts")).containsExactly("iban");
    assertThat(table(config, "bank_accounts").primaryKey()).contains(Identifier.of("account_id"));
  }

  @Test
  void aPrimaryKeyJoinColumnNamesTheJoinedKeyAndIsInheritedBelow() {
    // insert into checking_account (overdraft_note,checking_id) ...; insert into business_checking_account (tax_id,checking_id) ...
    VaultConfig config = load(FIXTURES + "hierarchy.BusinessCheckingAccount");

    assertThat(tables(config)).containsExactlyInAnyOrder("business_checking_account", "checking_account", "bank_accounts");
    assertThat(table(config, "business_checking_account").primaryKey()).contains(Identifier.of("checking_id"));
    assertThat(columns(config, "business_checking_account")).containsExactly("tax_id");
    assertThat(table(config, "checking_account").primaryKey()).contains(Identifier.of("checking_id"));
    assertThat(columns(config, "checking_account")).containsExactly("overdraft_note");
    assertThat(table(config, "bank_accounts").primaryKey()).contains(Identifier.of("account_id"));
  }

  @Test
  void tablePerClassStoresInheritedFieldsInTheConcreteTable() {
    // insert into contracts (title,terms,doc_id) values (?,?,?)
    VaultConfig config = load(FIXTURES + "hierarchy.Contract", FIXTURES + "hierarchy.Document");

    assertThat(columns(config, "contracts")).containsExactlyInAnyOrder("terms", "title");
    assertThat(table(config, "contracts").primaryKey()).contains(Identifier.of("doc_id"));
    assertThat(columns(config, "document")).containsExactly("title");
    assertThat(config.column(Identifier.of("contracts"), Identifier.of("title")).orElseThrow().context()).isEqualTo("contracts.title");
  }

  @Test
  void anEntityRenamesTheColumnsOfItsMappedSuperclassWithAttributeOverride() {
    // insert into memos (author,body,memo_id) values (?,?,?)
    VaultConfig config = load(FIXTURES + "hierarchy.Memo");

    assertThat(columns(config, "memos")).containsExactlyInAnyOrder("author", "body");
    assertThat(table(config, "memos").primaryKey()).contains(Identifier.of("memo_id"));
  }

  @Test
  void anEncryptedFieldOfASuperclassThatJpaDoesNotStoreIsRefused() {
    assertThatThrownBy(() -> load(FIXTURES + "superclass.Receipt"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(FIXTURES + "superclass.PlainBase.notAColumnOfSubclasses: @Encrypted field of a superclass of " + FIXTURES
            + "superclass.Receipt that is neither @Entity nor @MappedSuperclass: JPA does not store it in " + FIXTURES
            + "superclass.Receipt's table; make the superclass a @MappedSuperclass, or remove @Encrypted and declare the column"
            + " in vault.yaml");
  }
}
