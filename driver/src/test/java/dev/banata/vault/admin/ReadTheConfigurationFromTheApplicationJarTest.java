package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --app} points the admin command at the application itself, a Spring Boot jar: its
 * {@code vault.yaml} (in {@code BOOT-INF/classes}) and its {@code @Encrypted} entity are read from
 * the jar. The entity is compiled here into a package that is on no class path of this test, so
 * the command can only have found it in the jar.
 */
@DatabaseTest
class ReadTheConfigurationFromTheApplicationJarTest {

  private static final String ENTITY = """
      package com.example.members;

      import dev.banata.vault.annotations.Encrypted;
      import dev.banata.vault.annotations.EncryptedTable;
      import dev.banata.vault.annotations.Mode;

      @EncryptedTable(value = "members", primaryKey = "id")
      public class Member {
        long id;
        @Encrypted(mode = Mode.DETERMINISTIC) String email;
      }
      """;

  @RegisterExtension static final TestSchema db = new TestSchema();

  @TempDir Path dir;
  private Path bootJar;

  @BeforeEach
  void buildTheApplicationJar() throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src/com/example/members"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(sources.resolve("Member.java"), ENTITY);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        sources.resolve("Member.java").toString());
    assertThat(compiled).as("javac").isZero();

    bootJar = dir.resolve("members-app.jar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(bootJar))) {
      put(jar, "BOOT-INF/classes/vault.yaml", "annotated-packages: [com.example.members]\n".getBytes(StandardCharsets.UTF_8));
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          put(jar, "BOOT-INF/classes/" + classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
      }
    }
  }

  @Test
  void encryptExistingFindsTheTableAnnotatedInsideTheJar() throws Exception {
    assertThat(Thread.currentThread().getContextClassLoader().getResource("com/example/members/Member.class"))
        .as("the entity must be reachable only through the jar").isNull();
    db.execute("CREATE TABLE members (id bigint PRIMARY KEY, email text)",
        "INSERT INTO members SELECT g, 'member' || g || '@example.com' FROM generate_series(1, 50) g");
    Map<String, String> env = AdminRun.env(AdminRun.SECRET);
    List<String> target = List.of("--url", db.url(), "--user", db.user(), "--app", bootJar.toString());

    AdminRun.Result install = AdminRun.run(env, args("install", target));
    AdminRun.Result encrypt = AdminRun.run(env, args("encrypt-existing", target));

    assertThat(install.code()).as(install.toString()).isZero();
    assertThat(encrypt.code()).as(encrypt.toString()).isZero();
    try (Connection connection = db.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM members WHERE email LIKE 'bv1:%'")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(50);
    }
  }

  @Test
  void aPathThatIsNoApplicationIsAConfigurationError() {
    AdminRun.Result result = AdminRun.run(AdminRun.env(AdminRun.SECRET),
        "status", "--url", db.url(), "--user", db.user(), "--app", dir.resolve("missing.jar").toString());

    assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.CONFIG.code());
    assertThat(result.err()).contains("missing.jar");
  }

  private static String[] args(String command, List<String> target) {
    return Stream.concat(Stream.of(command), target.stream()).toArray(String[]::new);
  }

  private static void put(JarOutputStream jar, String name, byte[] content) throws IOException {
    jar.putNextEntry(new JarEntry(name));
    jar.write(content);
    jar.closeEntry();
  }
}
