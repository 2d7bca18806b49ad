package dev.banata.vault.internal.config;

import dev.banata.vault.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The names of the class files of a package and its sub-packages on a class loader's class path,
 * found by listing directories and jar entries: nothing is loaded. Sorted, so that a scan gives the
 * same configuration every time.
 *
 * <p>Jars are found two ways, because a jar need not contain directory entries (then
 * {@code getResources("com/example")} does not see it): through the package's own resources, and
 * through every {@code META-INF/MANIFEST.MF} on the class path. Nested jars (e.g. Spring Boot's
 * {@code BOOT-INF/lib}) are not looked into; list such classes in {@code annotated-classes}.
 */
final class ClassPathPackage {

  private ClassPathPackage() {}

  static SortedSet<String> classNames(ClassLoader loader, String packageName, String shownName, String origin) {
    String directory = packageName.replace('.', '/');
    SortedSet<String> names = new TreeSet<>();
    Set<Path> jars = new LinkedHashSet<>();
    try {
      for (URL url : list(loader.getResources(directory))) {
        switch (url.getProtocol()) {
          case "file" -> addDirectory(Path.of(url.toURI()), packageName, names);
          case "jar" -> jars.add(localJar(url, shownName, origin));
          default -> throw new ConfigException(origin + ": cannot scan package " + shownName + " in " + url.getProtocol()
              + ": resources; list its classes in annotated-classes instead");
        }
      }
      for (URL manifest : list(loader.getResources("META-INF/MANIFEST.MF"))) {
        Path jar = manifest.getProtocol().equals("jar") ? jarPath(manifest) : null;
        if (jar != null) {
          jars.add(jar);
        }
      }
      for (Path jar : jars) {
        addJarEntries(jar, directory + "/", names);
      }
    } catch (IOException | URISyntaxException e) {
      throw new ConfigException(origin + ": cannot scan package " + shownName + ": " + e.getMessage(), e);
    }
    return names;
  }

  private static void addDirectory(Path root, String packageName, Set<String> names) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(file -> file.getFileName().toString().endsWith(".class")).forEach(file -> {
        String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
        addClass(packageName + "." + relative.substring(0, relative.length() - ".class".length()), names);
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void addJarEntries(Path jar, String prefix, Set<String> names) throws IOException {
    if (!Files.isRegularFile(jar)) {
      return;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : list(file.entries())) {
        String name = entry.getName();
        if (name.startsWith(prefix) && name.endsWith(".class")) {
          addClass(name.substring(0, name.length() - ".class".length()).replace('/', '.'), names);
        }
      }
    }
  }

  private static void addClass(String className, Set<String> names) {
    if (!className.endsWith("module-info") && !className.endsWith("package-info")) {
      names.add(className);
    }
  }

  private static Path localJar(URL url, String packageName, String origin) throws URISyntaxException {
    Path jar = jarPath(url);
    if (jar == null || url.getPath().indexOf("!/") != url.getPath().lastIndexOf("!/")) {
      throw new ConfigException(origin + ": cannot scan package " + packageName + " inside a nested jar (" + url
          + "); list its classes in annotated-classes instead");
    }
    return jar;
  }

  /** {@code jar:file:/a/b.jar!/com/example} &rarr; {@code /a/b.jar}; null when the jar is not a local file. */
  private static Path jarPath(URL url) throws URISyntaxException {
    String path = url.getPath();
    int separator = path.indexOf("!/");
    String file = separator < 0 ? path : path.substring(0, separator);
    return file.startsWith("file:") ? Path.of(new URI(file)) : null;
  }

  private static <T> List<T> list(Enumeration<T> enumeration) {
    return Collections.list(enumeration);
  }
}
