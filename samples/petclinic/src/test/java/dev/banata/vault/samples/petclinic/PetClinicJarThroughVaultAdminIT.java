package dev.banata.vault.samples.petclinic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.AdminJar;
import dev.banata.vault.testing.AdminJar.Run;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's side of the adoption: the released {@code vault-admin} jar pointed at the clinic's
 * own executable Spring Boot jar with {@code --app}, as docs/ADMIN.md tells, on a clinic database
 * that still holds plaintext. The admin jar has no JPA on its class path and the entities sit in
 * {@code BOOT-INF/classes}: the columns it encrypts must be exactly those the application encrypts
 * ({@code Person.lastName} through the {@code @MappedSuperclass} into owners and vets, Owner's own
 * fields, pets.name from vault.yaml) and nothing else (types.name, first names).
 */
@DatabaseTest
class PetClinicJarThroughVaultAdminIT {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final Path ADMIN_JAR = Path.of(System.getProperty("vault.admin.jar", "missing-vault-admin.jar"));
  private static final Path CLINIC_JAR = Path.of(System.getProperty("petclinic.jar", "missing-petclinic.jar"));
  private static final AdminJar ADMIN = AdminJar.of(ADMIN_JAR, db, System.getenv("BETTER_AUTH_SECRET"))
      .withJvmOptions("-Xmx128m").withLastArguments("--app", CLINIC_JAR.toString());
  private static final Pattern ENVELOPE = Pattern.compile("bv1:[A-Za-z0-9_-]+(\\.[a-z2-7]{16})*");

  @Test
  void encryptExistingRotateAndVerifyReadTheColumnsFromTheApplicationJar() throws Exception {
    assertThat(ADMIN_JAR).as("the vault-admin jar of this build (property vault.admin.jar)").isRegularFile();
    assertThat(CLINIC_JAR).as("the clinic's repackaged jar (property petclinic.jar)").isRegularFile();
    theClinicWithPlaintext();

    Run install = admin("install");
    Run encrypt = admin("encrypt-existing");
    assertThat(install.code()).as(install.output()).isZero();
    assertThat(encrypt.code()).as(encrypt.output()).isZero();

    for (String column : List.of("owners.last_name", "owners.address", "owners.city", "owners.telephone", "vets.last_name", "pets.name")) {
      assertThat(values(column)).as(column).hasSize(2).allSatisfy(value -> assertThat(value).matches(ENVELOPE));
    }
    assertThat(values("owners.first_name")).containsExactlyInAnyOrder("George", "Betty");
    assertThat(values("vets.first_name")).containsExactlyInAnyOrder("James", "Helen");
    assertThat(values("types.name")).as("shares its name with pets.name, but is not encrypted").containsExactlyInAnyOrder("cat", "dog");

    Run rotate = admin("rotate", "--settle-seconds", "0");
    Run verify = admin("verify");
    Run status = admin("status", "--json");
    assertThat(rotate.code()).as(rotate.output()).isZero();
    assertThat(verify.code()).as(verify.output()).isZero();
    assertThat(status.code()).as(status.output()).isZero();
    assertThat(status.output()).contains("owners", "vets", "pets").doesNotContain("\"types\"");
    assertThat(db.queryLong("SELECT max(version) FROM vault_key")).isEqualTo(2);
  }

  private static void theClinicWithPlaintext() throws IOException, SQLException {
    try (InputStream schema = PetClinicJarThroughVaultAdminIT.class.getResourceAsStream("/schema.sql")) {
      db.execute(new String(schema.readAllBytes(), StandardCharsets.UTF_8));
    }
    db.execute(
        "INSERT INTO vets (first_name, last_name) VALUES ('James', 'Carter'), ('Helen', 'Leary')",
        "INSERT INTO types (name) VALUES ('cat'), ('dog')",
        "INSERT INTO owners (first_name, last_name, address, city, telephone) VALUES"
            + " ('George', 'Franklin', '110 W. Liberty St.', 'Madison', '6085551023'),"
            + " ('Betty', 'Davis', '638 Cardinal Ave.', 'Sun Prairie', '6085551749')",
        "INSERT INTO pets (name, birth_date, type_id, owner_id) VALUES ('Leo', '2010-09-07', 1, 1), ('Basil', '2012-08-06', 2, 2)");
  }

  private static Run admin(String... arguments) throws IOException, InterruptedException {
    return ADMIN.run(arguments);
  }

  private static List<String> values(String column) throws SQLException {
    String[] tableAndColumn = column.split("\\.");
    List<String> values = new ArrayList<>();
    try (Connection connection = db.plainConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT " + tableAndColumn[1] + " FROM " + tableAndColumn[0])) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
