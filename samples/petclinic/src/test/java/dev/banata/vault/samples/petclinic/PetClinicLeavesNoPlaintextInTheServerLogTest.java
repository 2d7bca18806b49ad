package dev.banata.vault.samples.petclinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.PrivateServer;
import dev.banata.vault.testing.StatementLoggingPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The clinic on a PostgreSQL server of its own that logs every statement and every bind value
 * ({@code log_statement = all}, {@code log_min_duration_statement = 0}, unshortened parameters): what
 * a DBA keeps after the application ran its {@code schema.sql}, registered owners, vets and pets,
 * searched owners by last-name and city prefix (pages and counts), loaded pets in name order and
 * listed vets by name. The log holds none of the plaintexts of the encrypted columns, nor the
 * search patterns typed, and does hold the ciphertext bind values (so the check can see a value).
 */
@SpringBootTest
@DatabaseTest
@DirtiesContext
class PetClinicLeavesNoPlaintextInTheServerLogTest {

  /** What the encrypted columns receive; each long enough not to occur in base64url by chance. */
  static final List<String> LAST_NAMES = List.of("Davis", "Davies", "Davidson", "McTavish", "Davina", "Davila", "Escobito", "Davitt", "Schroeder");
  static final List<String> ADDRESSES = List.of("638 Cardinal Ave.", "2335 Independence La.", "345 Maple St.");
  static final List<String> CITIES = List.of("Madison", "Monona", "Windsor");
  static final List<String> TELEPHONES = List.of("6085551749", "6085555387", "6085557683");
  static final List<String> PET_NAMES = List.of("Samantha", "Rosy", "Jewel", "Basil", "Freddy");
  static final List<String> VET_NAMES = List.of("Carter", "Leary", "Douglas");

  @RegisterExtension static final PrivateServer<StatementLoggingPostgres> server = PrivateServer.of(StatementLoggingPostgres::start);

  @DynamicPropertySource
  static void loggingServer(DynamicPropertyRegistry properties) {
    properties.add("spring.datasource.url", () -> server.get().url()); // jdbc:postgresql:, the starter adds the vault
    properties.add("spring.datasource.username", () -> server.get().user());
    properties.add("spring.datasource.password", () -> "");
  }

  private static HikariDataSource pool;

  @Autowired ClinicService clinic;

  @Autowired
  void pool(DataSource dataSource) {
    pool = (HikariDataSource) dataSource;
  }

  @AfterAll
  static void stop() {
    // Before the server stops (the extension, after this): its shutdown waits for its clients.
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void theServersStatementLogHoldsNoPlaintextOfTheEncryptedColumns() throws Exception {
    assertThatTheLogCanShowAPlaintext();

    for (int i = 0; i < LAST_NAMES.size(); i++) {
      Owner owner = clinic.registerOwner("Owner" + i, LAST_NAMES.get(i), ADDRESSES.get(i % ADDRESSES.size()),
          CITIES.get(i % CITIES.size()), TELEPHONES.get(i % TELEPHONES.size()));
      clinic.addPet(owner.getId(), PET_NAMES.get(i % PET_NAMES.size()), LocalDate.of(2012, 1, 1 + i), "dog");
      clinic.addPet(owner.getId(), PET_NAMES.get((i + 1) % PET_NAMES.size()), LocalDate.of(2013, 1, 1 + i), "cat");
    }
    VET_NAMES.forEach(name -> clinic.hireVet("Vet", name));

    // More than a page: Spring Data runs the count query too, and the second page has an OFFSET.
    assertThat(clinic.findOwners("Davi", 0).getTotalElements()).isEqualTo(6);
    assertThat(clinic.findOwners("Davi", 1).getContent()).extracting(Owner::getLastName).containsExactly("Davitt");
    assertThat(clinic.findOwners("Davis", 0).getContent()).extracting(Owner::getLastName).containsExactly("Davis");
    assertThat(clinic.findOwnersByCity("madi", 0).getTotalElements()).isEqualTo(3);
    assertThat(clinic.ownersIn("WINDSOR")).hasSize(3);
    Owner davis = clinic.findOwners("Davis", 0).getContent().get(0);
    assertThat(clinic.owner(davis.getId()).getPets()).extracting(Pet::getName).containsExactly("Rosy", "Samantha");
    assertThat(clinic.vets()).extracting(Vet::getLastName).containsExactly("Carter", "Douglas", "Leary");

    // The log did capture the application's statements with their bind values, ciphertext among them.
    assertThat(server.get().linesContaining("CREATE INDEX ON owners (last_name)", 1)).as("schema.sql is logged").hasSize(1);
    assertThat(server.get().linesContaining("insert into owners", 1)).as("the inserts are logged").hasSize(1);
    assertThat(server.get().linesContaining("parameters: $1 = ", 1)).as("bind values are logged").hasSize(1);
    assertThat(server.get().linesContaining("'bv1:", 1)).as("ciphertext bind values are logged").hasSize(1);
    for (List<String> plaintexts : List.of(LAST_NAMES, ADDRESSES, CITIES, TELEPHONES, PET_NAMES, VET_NAMES)) {
      for (String plaintext : plaintexts) {
        assertThat(server.get().linesContaining(plaintext, 3)).as("lines of the statement log holding '%s'", plaintext).isEmpty();
      }
    }
    // The patterns typed: a bind value is logged in quotes, '%' and '\'' are not base64url characters.
    for (String pattern : List.of("'Davi", "Davi%", "'madi", "madi%", "MADI", "'WINDSOR", "'windsor")) {
      assertThat(server.get().linesContaining(pattern, 3)).as("lines of the statement log holding %s", pattern).isEmpty();
    }
    // What the server received for the searches: the LIKEs rewritten to token matches (printed for the docs).
    server.get().linesContaining(" ~ ", 500).stream().filter(line -> line.contains("execute <unnamed>: "))
        .map(line -> line.substring(line.indexOf("execute <unnamed>: ") + 19)).distinct()
        .forEach(sql -> System.out.println("PetClinicLeavesNoPlaintextInTheServerLogTest sent: " + sql));
    assertThat(server.get().linesContaining("last_name ~ $1", 500)).as("the prefix search, its count and its second page reached the server as token matches")
        .anyMatch(line -> line.contains("count(")).anyMatch(line -> line.contains("OFFSET"));
    // The plain columns are there, in clear: the log is the one the application wrote to.
    assertThat(server.get().linesContaining("Owner0", 1)).hasSize(1);
  }

  /** The check can fail: a plaintext sent over a plain connection is in the log. */
  private static void assertThatTheLogCanShowAPlaintext() throws Exception {
    long before = server.get().logSize();
    try (Connection plain = server.get().connect(); Statement statement = plain.createStatement()) {
      statement.execute("SELECT 'control-plaintext-4711'");
    }
    assertThat(server.get().logSince(before)).contains("control-plaintext-4711");
  }
}
