package dev.banata.vault.samples.petclinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.jdbc.HikariRejectionOverride;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The clinic, unchanged, on the test database through the starter: only the datasource URL and
 * credentials are replaced (by another plain {@code jdbc:postgresql:} URL). Every feature the
 * application had before the vault works: the owners' search by last-name prefix with pages and a
 * count, the city search in any case, pets in name order, vets sorted by last name, and its
 * {@code schema.sql} with unnamed indexes. The raw tables hold only ciphertext.
 */
@SpringBootTest
@DatabaseTest
class PetClinicApplicationTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @DynamicPropertySource
  static void testDatabase(DynamicPropertyRegistry properties) {
    properties.add("spring.datasource.url", db::url); // jdbc:postgresql:, as in application.properties
    properties.add("spring.datasource.username", db::user);
    properties.add("spring.datasource.password", db::password);
  }

  /** Envelope, then the whole-value token and one token per prefix length 1..16. */
  static final Pattern SEARCHABLE = Pattern.compile("bv1:[A-Za-z0-9_-]+(\\.[a-z2-7]{16}){17}");
  /** The same with the second set, over the lower-cased value ({@code ignore-case: true}). */
  static final Pattern SEARCHABLE_IGNORING_CASE = Pattern.compile("bv1:[A-Za-z0-9_-]+(\\.[a-z2-7]{16}){34}");

  @Autowired ClinicService clinic;
  @Autowired OwnerRepository owners;
  @Autowired VetRepository vets;
  @Autowired PetTypeRepository types;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;

  @BeforeEach
  void emptyClinic() {
    jdbc.update("DELETE FROM pets");
    jdbc.update("DELETE FROM owners");
    jdbc.update("DELETE FROM vets");
    jdbc.update("DELETE FROM types");
  }

  @Test
  void theApplicationsPoolOpensVaultConnections() {
    assertThat(dataSource).isInstanceOfSatisfying(HikariDataSource.class, hikari -> {
      assertThat(hikari.getJdbcUrl()).startsWith("jdbc:vault:postgresql:");
      assertThat(hikari.getExceptionOverrideClassName()).isEqualTo(HikariRejectionOverride.class.getName());
    });
  }

  @Test
  void findOwnersByLastNamePrefixIsExactOnEveryPageAndInTheCount() {
    String[] lastNames = {"Franklin", "Davis", "Rodriquez", "Davies", "McTavish", "DAVIS", "davis", "Davis", "Coleman",
        "Davidson", "Dave", "Da", "Black", "Davies", "Escobito", "Davis", "Schroeder", "Davenport", "D'Avis", "Davis"};
    List<Owner> registered = new ArrayList<>();
    for (int i = 0; i < lastNames.length; i++) {
      registered.add(clinic.registerOwner("First" + i, lastNames[i], i + " Main St.", "Madison", "608555" + (1000 + i)));
    }

    for (String typed : new String[] {"Dav", "Davi", "Davis", "Davie", "D", "Da", "davis", "Z", ""}) {
      List<Integer> expected = registered.stream().filter(o -> o.getLastName().startsWith(typed)).map(Owner::getId).toList();
      List<Integer> found = new ArrayList<>();
      // select ... from owners o1_0 where o1_0.last_name like ? escape '\' order by o1_0.id offset ? rows fetch first ? rows only
      // select count(o1_0.id) from owners o1_0 where o1_0.last_name like ? escape '\'
      Page<Owner> page = clinic.findOwners(typed, 0);
      assertThat(page.getTotalElements()).as("count of owners starting with '%s'", typed).isEqualTo(expected.size());
      assertThat(page.getTotalPages()).as(typed).isEqualTo((expected.size() + ClinicService.PAGE_SIZE - 1) / ClinicService.PAGE_SIZE);
      for (int p = 0; p < page.getTotalPages(); p++) {
        Page<Owner> current = clinic.findOwners(typed, p);
        assertThat(current.getContent()).as("page %d of '%s'", p, typed).hasSizeLessThanOrEqualTo(ClinicService.PAGE_SIZE)
            .allSatisfy(owner -> assertThat(owner.getLastName()).startsWith(typed));
        current.getContent().forEach(owner -> found.add(owner.getId()));
      }
      assertThat(found).as("every owner starting with '%s', across the pages, in id order", typed).isEqualTo(expected);
    }

    // "Dav" finds the Davises and the Davies (and Davidson, Dave, Davenport), but not DAVIS, davis, D'Avis or Da.
    Page<Owner> dav = clinic.findOwners("Dav", 0);
    assertThat(dav.getTotalElements()).isEqualTo(9);
    assertThat(dav.getContent()).extracting(Owner::getLastName).containsExactly("Davis", "Davies", "Davis", "Davidson", "Dave");
    assertThat(clinic.findOwners("Dav", 1).getContent()).extracting(Owner::getLastName)
        .containsExactly("Davies", "Davis", "Davenport", "Davis");
    assertThat(dav.getContent().get(0).getAddress()).isEqualTo("1 Main St.");
    assertThat(dav.getContent().get(0).getTelephone()).isEqualTo("6085551001");
  }

  @Test
  void wildcardsAndTheEscapeCharacterTypedByTheUserAreLiteral() {
    for (String lastName : new String[] {"50%-Off", "50x-Off", "Under_score", "Underscore", "Back\\slash", "Backslash"}) {
      clinic.registerOwner("Ann", lastName, "1 Main St.", "Madison", "6085550000");
    }
    // Spring Data escapes what was typed: "50%" is sent as 50\%% , "Under_" as Under\_% , "Back\" as Back\\%
    assertThat(clinic.findOwners("50%", 0).getContent()).extracting(Owner::getLastName).containsExactly("50%-Off");
    assertThat(clinic.findOwners("Under_", 0).getContent()).extracting(Owner::getLastName).containsExactly("Under_score");
    assertThat(clinic.findOwners("Back\\", 0).getContent()).extracting(Owner::getLastName).containsExactly("Back\\slash");
    assertThat(clinic.findOwners("Back\\", 0).getTotalElements()).isEqualTo(1);
  }

  @Test
  void findOwnersByCityIgnoresCase() {
    String[] cities = {"Madison", "MADRID", "madison", "Monona", "Sun Prairie", "Madeira", "Middleton", "McFarland", "mad"};
    List<Owner> registered = new ArrayList<>();
    for (String city : cities) {
      registered.add(clinic.registerOwner("Jean", "Coleman", "105 N. Lake St.", city, "6085552654"));
    }

    for (String typed : new String[] {"mad", "MAD", "Madi", "m", "sun p", "x"}) {
      List<Integer> expected = registered.stream()
          .filter(o -> o.getCity().toLowerCase().startsWith(typed.toLowerCase())).map(Owner::getId).toList();
      // select ... from owners o1_0 where upper(o1_0.city) like upper(?) escape '\' order by o1_0.id offset ? rows fetch first ? rows only
      Page<Owner> first = clinic.findOwnersByCity(typed, 0);
      assertThat(first.getTotalElements()).as(typed).isEqualTo(expected.size());
      List<Integer> found = new ArrayList<>();
      for (int p = 0; p < first.getTotalPages(); p++) {
        clinic.findOwnersByCity(typed, p).forEach(owner -> found.add(owner.getId()));
      }
      assertThat(found).as("owners in a city starting with '%s' in any case", typed).isEqualTo(expected);
    }
    // select ... from owners o1_0 where upper(o1_0.city)=upper(?)
    assertThat(clinic.ownersIn("MADISON")).extracting(Owner::getCity).containsExactlyInAnyOrder("Madison", "madison");
  }

  @Test
  void anOwnersPetsComeBackInCodePointOrderOfTheirNames() {
    Owner owner = clinic.registerOwner("George", "Franklin", "110 W. Liberty St.", "Madison", "6085551023");
    for (String name : new String[] {"Max", "bella", "Élan", "Zoe", "Ávila", "Leo", "max"}) {
      clinic.addPet(owner.getId(), name, LocalDate.of(2020, 9, 7), "cat");
    }
    Owner other = clinic.registerOwner("Betty", "Davis", "638 Cardinal Ave.", "Sun Prairie", "6085551749");
    clinic.addPet(other.getId(), "Basil", LocalDate.of(2012, 8, 6), "hamster");

    // select ... from pets p1_0 where p1_0.owner_id=? order by p1_0.name: ordered by the driver
    // (code-point order, PostgreSQL's C collation: upper case before lower case, accented letters last).
    assertThat(clinic.owner(owner.getId()).getPets()).extracting(Pet::getName)
        .containsExactly("Leo", "Max", "Zoe", "bella", "max", "Ávila", "Élan");
    assertThat(clinic.owner(other.getId()).getPets()).extracting(Pet::getName, p -> p.getType().getName())
        .containsExactly(tuple("Basil", "hamster"));
    assertThat(clinic.petTypes()).extracting(PetType::getName).containsExactly("cat", "hamster");
  }

  @Test
  void theVetsAreListedByLastName() {
    clinic.hireVet("James", "Carter");
    clinic.hireVet("Helen", "Leary");
    clinic.hireVet("Linda", "Douglas");
    clinic.hireVet("Rafael", "Ortega");
    clinic.hireVet("Henry", "Stevens");
    clinic.hireVet("Sharon", "Jenkins");
    clinic.hireVet("Anna", "Carter");

    // select ... from vets v1_0 order by v1_0.last_name,v1_0.first_name: no LIMIT, ordered by the driver
    assertThat(clinic.vets()).extracting(vet -> vet.getFirstName() + " " + vet.getLastName()).containsExactly(
        "Anna Carter", "James Carter", "Linda Douglas", "Sharon Jenkins", "Helen Leary", "Rafael Ortega", "Henry Stevens");
  }

  @Test
  void aPageSortedByAnEncryptedFieldIsRefusedBeforeItIsSent() {
    clinic.registerOwner("George", "Franklin", "110 W. Liberty St.", "Madison", "6085551023");
    // The clinic sorts its pages by id; a page in last-name order cannot be answered exactly (which rows are on
    // the page depends on the order), so the driver refuses it rather than order only the page.
    assertThatThrownBy(() -> owners.findAll(PageRequest.of(0, 5, Sort.by("lastName"))))
        .isInstanceOf(DataAccessException.class)
        .rootCause()
        .isInstanceOfSatisfying(SQLException.class, refused -> {
          assertThat(refused.getSQLState()).isEqualTo("0A000");
          assertThat(refused.getMessage()).contains("owners.last_name", "ORDER BY with LIMIT needs the database to order");
        });
    assertThat(clinic.findOwners("Fr", 0).getTotalElements()).isEqualTo(1);
  }

  @Test
  void theRawTablesHoldOnlyCiphertextForTheEncryptedColumns() throws SQLException {
    Owner owner = clinic.registerOwner("George", "Franklin", "110 W. Liberty St.", "Madison", "6085551023");
    clinic.addPet(owner.getId(), "Leo", LocalDate.of(2010, 9, 7), "cat");
    clinic.hireVet("James", "Carter");

    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement()) {
      try (ResultSet row = statement.executeQuery("SELECT first_name, last_name, address, city, telephone FROM owners")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString("first_name")).isEqualTo("George");
        assertThat(row.getString("last_name")).matches(SEARCHABLE).doesNotContain("Franklin");
        assertThat(row.getString("city")).matches(SEARCHABLE_IGNORING_CASE).doesNotContain("Madison", "madison");
        for (String column : new String[] {"address", "telephone"}) {
          assertThat(FieldCipher.isEnvelope(row.getString(column))).as(column).isTrue();
          assertThat(row.getString(column)).as(column).doesNotContain("Liberty", "6085551023", ".");
        }
        assertThat(row.next()).isFalse();
      }
      try (ResultSet row = statement.executeQuery("SELECT p.name, p.birth_date, t.name AS type FROM pets p JOIN types t ON t.id = p.type_id")) {
        assertThat(row.next()).isTrue();
        assertThat(FieldCipher.isEnvelope(row.getString("name"))).isTrue();
        assertThat(row.getString("name")).doesNotContain("Leo");
        assertThat(row.getObject("birth_date", LocalDate.class)).isEqualTo(LocalDate.of(2010, 9, 7));
        assertThat(row.getString("type")).isEqualTo("cat"); // types.name: the same field, not encrypted
      }
      try (ResultSet row = statement.executeQuery("SELECT first_name, last_name FROM vets")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString("first_name")).isEqualTo("James");
        assertThat(row.getString("last_name")).matches(SEARCHABLE).doesNotContain("Carter");
      }
    }
  }

  @Test
  void schemaSqlCreatedItsUnnamedIndexesThroughTheVault() throws SQLException {
    List<String> indexes = new ArrayList<>();
    try (Connection plain = db.plainConnection(); Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%_idx%'")) {
      while (rows.next()) {
        indexes.add(rows.getString(1).replaceAll(" ON \\S+\\.", " ON ").replaceAll("INDEX \\S+ ON", "INDEX ON"));
      }
    }
    assertThat(indexes).contains("CREATE INDEX ON owners USING btree (last_name)", "CREATE INDEX ON vets USING btree (last_name)",
        "CREATE INDEX ON types USING btree (name)", "CREATE INDEX ON pets USING btree (name)");
  }
}
