package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Encrypted;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * annotated-packages finds entity classes in class-path directories and in jars, including jars
 * without directory entries. The jars are built here from the compiled fixtures of
 * {@code fixtures.jarred}, and read through a class loader that cannot see the test classes.
 */
class ScanPackagesInJarsAndDirectoriesTest {

  private static final String PACKAGE = "dev.banata.vault.config.fixtures.jarred";
  private static final String DIRECTORY = PACKAGE.replace('.', '/');

  @TempDir Path directory;

  @Test
  void aPackageInAJarWithoutDirectoryEntriesIsFoundThroughItsManifest() throws Exception {
    Path jar = buildJar(directory.resolve("entities.jar"), true, false);

    assertThat(tableNamesScannedFrom(jar)).containsExactlyInAnyOrder("shipments", "parcel");
  }

  @Test
  void aPackageInAJarWithDirectoryEntriesAndNoManifestIsFound() throws Exception {
    Path jar = buildJar(directory.resolve("entities.jar"), false, true);

    assertThat(tableNamesScannedFrom(jar)).containsExactlyInAnyOrder("shipments", "parcel");
  }

  @Test
  void aPackageInAClassesDirectoryIsFound() throws Exception {
    Path classes = directory.resolve("classes");
    for (Path file : fixtureClassFiles()) {
      Path target = classes.resolve(compiledClasses().relativize(file).toString());
      Files.createDirectories(target.getParent());
      Files.copy(file, target);
    }

    assertThat(tableNamesScannedFrom(classes)).containsExactlyInAnyOrder("shipments", "parcel");
  }

  private List<String> tableNamesScannedFrom(Path classPathEntry) throws IOException {
    // Parent: only the annotations (for @Encrypted's defaults) and the JDK; the test classes, which
    // hold the same fixtures, stay invisible.
    URL annotations = Encrypted.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader parent = new URLClassLoader(new URL[] {annotations}, null);
        URLClassLoader loader = new URLClassLoader(new URL[] {classPathEntry.toUri().toURL()}, parent)) {
      Properties properties = new Properties();
      properties.setProperty("vault.annotated-packages", PACKAGE);
      VaultConfig config = VaultConfigLoader.load(properties, loader, name -> null);
      List<String> names = new ArrayList<>();
      config.tables().forEach(table -> names.add(table.name().name()));
      return names;
    }
  }

  private Path buildJar(Path jar, boolean withManifest, boolean withDirectoryEntries) throws Exception {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream stream = withManifest ? new JarOutputStream(out, manifest()) : new JarOutputStream(out)) {
      if (withDirectoryEntries) {
        StringBuilder path = new StringBuilder();
        for (String segment : (DIRECTORY + "/sub").split("/")) {
          path.append(segment).append('/');
          stream.putNextEntry(new JarEntry(path.toString()));
          stream.closeEntry();
        }
      }
      for (Path file : fixtureClassFiles()) {
        stream.putNextEntry(new JarEntry(compiledClasses().relativize(file).toString().replace('\\', '/')));
        stream.write(Files.readAllBytes(file));
        stream.closeEntry();
      }
    }
    return jar;
  }

  private static Manifest manifest() {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    return manifest;
  }

  private List<Path> fixtureClassFiles() throws Exception {
    try (Stream<Path> files = Files.walk(compiledClasses().resolve(DIRECTORY))) {
      List<Path> classes = files.filter(file -> file.toString().endsWith(".class")).sorted().toList();
      assertThat(classes).hasSizeGreaterThanOrEqualTo(2);
      return classes;
    }
  }

  private Path compiledClasses() throws URISyntaxException {
    // The test-classes directory, found as a resource so that no fixture class is loaded here.
    Path root = Path.of(getClass().getClassLoader().getResource(DIRECTORY).toURI());
    for (int i = 0; i < DIRECTORY.split("/").length; i++) {
      root = root.getParent();
    }
    return root;
  }
}
