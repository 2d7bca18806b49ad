package dev.banata.vault.admin.jar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.AdminJar;
import dev.banata.vault.testing.AdminJar.Run;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The released vault-admin jar, as an operator runs it ({@code java -jar vault-admin-VERSION.jar}),
 * against a real PostgreSQL: every job of a key's life, so that the minimized jar is shown to hold
 * every class the command needs (a class the shade plugin wrongly dropped fails here, not at a user's).
 */
@DatabaseTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminJarIT {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final Path JAR = Path.of(System.getProperty("vault.admin.jar", "target/vault-admin.jar"));
  private static final AdminJar ADMIN = AdminJar.of(JAR, db, System.getProperty("vault.test.secret"));

  @TempDir static Path dir;
  private static Path config;

  @BeforeAll
  static void customersWithPlaintext() throws Exception {
    db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text, ssn text)",
        "INSERT INTO customers SELECT i, 'user' || i || '@example.com', 'ssn-' || i FROM generate_series(1, 50) i");
    config = dir.resolve("vault.yaml");
    Files.writeString(config, """
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
              ssn:   { mode: randomized, context: pii }
        """);
  }

  private static Run admin(String... arguments) throws IOException, InterruptedException {
    return ADMIN.run(arguments);
  }

  @Test
  @Order(1)
  void theJarIsRunnableAndSaysItsModuleName() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.banata.vault.admin.cli.VaultAdmin");
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("dev.banata.vault.admin.cli");
      assertThat(jar.stream().map(e -> e.getName()).filter(name -> name.contains("org/bouncycastle/pqc/") && name.endsWith(".class")))
          .as("post-quantum classes are never used").isEmpty();
    }
  }

  @Test
  @Order(2)
  void helpListsEverySubcommand() throws Exception {
    Run help = admin("--help");

    assertThat(help.code()).as(help.output()).isZero();
    assertThat(help.output()).contains("Usage: vault-admin", "install", "status", "rotate", "encrypt-existing", "decrypt-existing",
        "verify", "retire");
  }

  @Test
  @Order(3)
  void installThenEncryptExistingRotateVerifyAndStatus() throws Exception {
    Run install = admin("install");
    assertThat(install.code()).as(install.output()).isZero();

    Run encrypt = admin("encrypt-existing", "--config", config.toString());
    assertThat(encrypt.code()).as(encrypt.output()).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM customers WHERE email LIKE '%@example.com'")).as("no plaintext left").isZero();

    Run rotate = admin("rotate", "--config", config.toString(), "--settle-seconds", "0");
    assertThat(rotate.code()).as(rotate.output()).isZero();
    assertThat(db.queryLong("SELECT max(version) FROM vault_key")).isEqualTo(2);

    Run verify = admin("verify", "--config", config.toString());
    assertThat(verify.code()).as(verify.output()).isZero();

    Run status = admin("status", "--config", config.toString(), "--json");
    assertThat(status.code()).as(status.output()).isZero();
    assertThat(status.output()).contains("customers");
  }
}
