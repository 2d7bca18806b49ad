package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.internal.config.ApplicationArchive;
import dev.banata.vault.internal.config.VaultConfigLoaderAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin command reads {@code @Encrypted} entities from the application itself: a Spring Boot
 * jar, a plain jar or a classes directory, built here from the compiled fixtures. What the archive
 * lacks comes from a class loader holding only the vault annotations: no JPA (the fixtures' JPA
 * stand-ins stay in the test classes) and no fixture, so every fixture read was read from the
 * archive. That loader also records every class anyone asks it to load: none may be a fixture.
 */
class ReadEntitiesFromAnApplicationArchiveTest {

  private static final String FIXTURES = "dev.banata.vault.config.fixtures.";

  @TempDir Path directory;
  private URLClassLoader annotationsOnly;
  private DiscoverAnnotatedEntitiesTest.RecordingClassLoader fallback;

  @BeforeEach
  void annotationsOnly() {
    URL annotations = Encrypted.class.getProtectionDomain().getCodeSource().getLocation();
    annotationsOnly = new URLClassLoader(new URL[] {annotations}, null);
    fallback = new DiscoverAnnotatedEntitiesTest.RecordingClassLoader(annotationsOnly);
  }

  @AfterEach
  void nothingWasLoaded() throws IOException {
    assertThat(fallback.requested).noneMatch(name -> name.startsWith(FIXTURES) || name.contains(".persistence."));
    annotationsOnly.close();
  }

  @Test
  void theFallbackSeesNeitherJpaNorTheFixtures() {
    // Guards the tests below: they prove reading from the archive only if this holds.
    assertThat(fallback.getResource("jakarta/persistence/MappedSuperclass.class")).isNull();
    assertThat(fallback.getResource(path("shared.Party"))).isNull();
    assertThat(fallback.getResource(Encrypted.class.getName().replace('.', '/') + ".class")).isNotNull();
  }

  @Test
  void aSpringBootJarListsTheEntitiesOfItsOwnClassesAndOfItsLibrariesByPackage() throws Exception {
    try (ApplicationArchive app = ApplicationArchive.open(bootJar(), fallback)) {
      // Own classes only: the loader's class at the jar's root (a copy of an entity here) is not the application's.
      assertThat(app.entityClasses()).containsExactly(FIXTURES + "shared.Owner", FIXTURES + "shared.Vet");
      assertThat(app.entityClasses(FIXTURES + "entities")).as("a package in BOOT-INF/lib/domain.jar")
          .containsExactly(FIXTURES + "entities.inherited.Invoice", FIXTURES + "entities.jpa.LegacyAccount",
              FIXTURES + "entities.jpa.Patient", FIXTURES + "entities.jpa.Patient$Visit", FIXTURES + "entities.plain.Customer", FIXTURES + "entities.plain.CustomerOrder");
      assertThat(app.entityClasses(FIXTURES + "shared", FIXTURES + "entities.inherited"))
          .containsExactly(FIXTURES + "entities.inherited.Invoice", FIXTURES + "shared.Owner", FIXTURES + "shared.Vet");
    }
  }

  @Test
  void theConfigurationIsLoadedAsTheDriverWouldInsideTheApplication() throws Exception {
    try (ApplicationArchive app = ApplicationArchive.open(bootJar(), fallback)) {
      // No vault.config: classpath:vault.yaml is BOOT-INF/classes/vault.yaml.
      VaultConfig config = VaultConfigLoaderAccess.load(new Properties(), app, name -> null);

      assertThat(config.describeColumns()).containsExactly(
          "invoices.iban: deterministic, type text, context invoices.iban, declared by @Encrypted on " + FIXTURES
              + "entities.inherited.Invoice.iban via annotated-classes '" + FIXTURES + "entities.inherited.Invoice' at"
              + " classpath:vault.yaml:1",
          "invoices.created_by: randomized, type text, context invoices.created_by, declared by @Encrypted on " + FIXTURES
              + "entities.inherited.AuditedEntity.createdBy, reached from " + FIXTURES + "entities.inherited.Invoice via"
              + " annotated-classes '" + FIXTURES + "entities.inherited.Invoice' at classpath:vault.yaml:1",
          "owners.last_name: randomized, type text, context owners.last_name, declared by @Encrypted on " + FIXTURES
              + "shared.Party.lastName, reached from " + FIXTURES + "shared.Owner via annotated-packages '" + FIXTURES
              + "shared' at classpath:vault.yaml:2",
          "vets.last_name: randomized, type text, context vets.last_name, declared by @Encrypted on " + FIXTURES
              + "shared.Party.lastName, reached from " + FIXTURES + "shared.Vet via annotated-packages '" + FIXTURES
              + "shared' at classpath:vault.yaml:2");
    }
  }

  @Test
  void aClassTheArchiveDoesNotHoldIsNamedWithTheArchive() throws Exception {
    Path jar = bootJar();
    Properties properties = new Properties();
    properties.setProperty("vault.annotated-classes", "com.example.Missing");
    try (ApplicationArchive app = ApplicationArchive.open(jar, fallback)) {
      assertThatThrownBy(() -> VaultConfigLoaderAccess.load(properties, app, name -> null))
          .hasMessage("connection property vault.annotated-classes 'com.example.Missing': class com.example.Missing is not in " + jar);
    }
  }

  @Test
  void aPlainJarAndAClassesDirectoryAreReadTheSameWay() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    fixtureClasses("shared", "", entries);
    Path jar = writeJar(directory.resolve("app.jar"), entries, false);
    Path classes = directory.resolve("classes");
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      Path file = classes.resolve(entry.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, entry.getValue());
    }

    for (Path archive : List.of(jar, classes)) {
      try (ApplicationArchive app = ApplicationArchive.open(archive, fallback)) {
        assertThat(app.entityClasses()).as(archive.toString()).containsExactly(FIXTURES + "shared.Owner", FIXTURES + "shared.Vet");
      }
    }
  }

  @Test
  void aPathThatIsNoArchiveIsAnError() {
    Path missing = directory.resolve("target/app.jar");

    assertThatThrownBy(() -> ApplicationArchive.open(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage("application archive " + missing + ": no such file or directory (working directory "
            + Path.of("").toAbsolutePath() + "); give a Spring Boot jar, a jar or a classes directory");
  }

  /**
   * The Spring Boot layout: the application's classes (fixtures.shared) and vault.yaml under
   * BOOT-INF/classes, a dependency jar with fixtures.entities under BOOT-INF/lib (stored, as Spring
   * Boot writes it), and a class at the root where Spring Boot's launcher would be.
   */
  private Path bootJar() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    fixtureClasses("shared", "BOOT-INF/classes/", entries);
    entries.put("BOOT-INF/classes/vault.yaml", """
        annotated-classes: [%1$sentities.inherited.Invoice]
        annotated-packages: [%1$sshared]
        """.formatted(FIXTURES).getBytes(StandardCharsets.UTF_8));
    Map<String, byte[]> domain = new LinkedHashMap<>();
    fixtureClasses("entities", "", domain);
    entries.put("BOOT-INF/lib/domain.jar", Files.readAllBytes(writeJar(directory.resolve("domain.jar"), domain, false)));
    entries.put(path("embedded.Patient").replace(FIXTURES.replace('.', '/'), "launcher/"),
        Files.readAllBytes(compiledClasses().resolve(path("embedded.Patient"))));
    return writeJar(directory.resolve("app-boot.jar"), entries, true);
  }

  private static String path(String fixture) {
    return (FIXTURES + fixture).replace('.', '/') + ".class";
  }

  private static Path compiledClasses() {
    try {
      return Path.of(ReadEntitiesFromAnApplicationArchiveTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The compiled classes of one fixture package (and its sub-packages), under {@code prefix}. */
  private static void fixtureClasses(String fixturePackage, String prefix, Map<String, byte[]> into) throws IOException {
    Path classes = compiledClasses();
    try (Stream<Path> files = Files.walk(classes.resolve((FIXTURES + fixturePackage).replace('.', '/')))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        into.put(prefix + classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"), Files.readAllBytes(file));
      }
    }
  }

  private static Path writeJar(Path jar, Map<String, byte[]> entries, boolean storeNestedJars) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream stream = new JarOutputStream(out)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        JarEntry jarEntry = new JarEntry(entry.getKey());
        if (storeNestedJars && entry.getKey().endsWith(".jar")) {
          CRC32 crc = new CRC32();
          crc.update(entry.getValue());
          jarEntry.setMethod(JarEntry.STORED);
          jarEntry.setSize(entry.getValue().length);
          jarEntry.setCompressedSize(entry.getValue().length);
          jarEntry.setCrc(crc.getValue());
        }
        stream.putNextEntry(jarEntry);
        stream.write(entry.getValue());
        stream.closeEntry();
      }
    }
    return jar;
  }
}
