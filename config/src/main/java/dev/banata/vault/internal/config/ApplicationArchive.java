package dev.banata.vault.internal.config;

import dev.banata.vault.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * An application's classes read from its archive, for the admin command, which runs outside the
 * application: a Spring Boot jar (the application's classes under {@code BOOT-INF/classes/}, its
 * dependencies as jars under {@code BOOT-INF/lib/}), a plain jar, or a classes directory.
 *
 * <p>Nothing is loaded or initialized, and no class loader is made: class files are read as bytes
 * and described with Byte Buddy's {@code TypePool}, like every annotated class (see {@code
 * docs/CONFIGURATION.md}). No JPA jar is needed, in the archive or beside it. Classes the archive
 * lacks (the vault annotations of a plain jar, the JDK) come from this library's own class path.
 *
 * <p>The dependency jars of a Spring Boot jar are indexed when the archive is opened and read
 * whole the first time one of their classes is needed; a jar/directory has no dependencies. Not
 * thread-safe for {@link #close()} against other calls; the rest may be called from any thread.
 *
 * <p>Internal: the admin command's {@code --app} reads it ({@link VaultConfigLoaderAccess#load(java.util.Properties,
 * ApplicationArchive, java.util.function.Function)}); an application has its classes on its class path.
 */
public final class ApplicationArchive implements AutoCloseable {

  private static final String BOOT_CLASSES = "BOOT-INF/classes/";
  private static final String BOOT_LIB = "BOOT-INF/lib/";
  private static final String CLASS = ".class";

  private final Path path;
  private final JarFile jar; // null for a directory
  private final String classesPrefix; // where the application's own classes are: "" or BOOT-INF/classes/
  private final SortedSet<String> ownClasses;
  private final Map<String, String> libraryOf; // class name -> the BOOT-INF/lib entry holding it (first wins)
  private final Map<String, Map<String, byte[]>> libraries = new ConcurrentHashMap<>();
  private final ClassSource source;

  private ApplicationArchive(Path path, JarFile jar, String classesPrefix, SortedSet<String> ownClasses, Map<String, String> libraryOf,
      ClassLoader fallback) {
    this.source = new Source(fallback);
    this.path = path;
    this.jar = jar;
    this.classesPrefix = classesPrefix;
    this.ownClasses = Collections.unmodifiableSortedSet(ownClasses);
    this.libraryOf = libraryOf;
  }

  /**
   * Opens a Spring Boot jar (recognised by its {@code BOOT-INF/classes/} entries), a plain jar, or a
   * classes directory, and indexes the classes in it.
   *
   * @throws ConfigException when the path is none of these or cannot be read
   */
  public static ApplicationArchive open(Path path) {
    return open(path, ApplicationArchive.class.getClassLoader());
  }

  /** {@link #open(Path)} with the class loader that supplies what the archive lacks (tests: one without the test classes). */
  public static ApplicationArchive open(Path path, ClassLoader fallback) {
    String where = "application archive " + path;
    try {
      if (Files.isDirectory(path)) {
        return new ApplicationArchive(path, null, "", directoryClasses(path), Map.of(), fallback);
      }
      if (!Files.isRegularFile(path)) {
        throw new ConfigException(where + ": no such file or directory (working directory " + Path.of("").toAbsolutePath()
            + "); give a Spring Boot jar, a jar or a classes directory");
      }
      JarFile jar = new JarFile(path.toFile());
      try {
        boolean boot = jar.getEntry(BOOT_CLASSES) != null || jar.stream().anyMatch(e -> e.getName().startsWith(BOOT_CLASSES));
        String prefix = boot ? BOOT_CLASSES : "";
        SortedSet<String> own = new TreeSet<>();
        Map<String, String> libraryOf = new HashMap<>();
        for (JarEntry entry : Collections.list(jar.entries())) {
          String name = entry.getName();
          if (name.startsWith(prefix) && name.endsWith(CLASS)) {
            addClass(name.substring(prefix.length()), own);
          } else if (boot && name.startsWith(BOOT_LIB) && name.endsWith(".jar")) {
            List<String> classNames;
            try {
              classNames = libraryClassNames(jar, entry);
            } catch (IOException e) {
              throw new ConfigException(where + ": cannot read the dependency jar " + name + ": " + e.getMessage(), e);
            }
            for (String className : classNames) {
              libraryOf.putIfAbsent(className, name);
            }
          }
        }
        return new ApplicationArchive(path, jar, prefix, own, libraryOf, fallback);
      } catch (RuntimeException e) {
        jar.close();
        throw e;
      }
    } catch (IOException e) {
      throw new ConfigException(where + ": cannot read it as a jar or a directory: " + e.getMessage(), e);
    }
  }

  /** The path it was opened from. */
  public Path path() {
    return path;
  }

  /**
   * The binary names of the classes a package scan would declare (marked as an entity or table, or
   * carrying {@code @Encrypted} fields, with {@code @Encrypted} fields reachable from them; mapped
   * superclasses and embeddables are read through the entities that use them), sorted. With
   * packages: the classes of those packages and their sub-packages, in the application's own
   * classes and in its dependency jars. Without: every class of the application's own classes
   * ({@code BOOT-INF/classes/}, or the whole jar or directory), not the dependency jars.
   *
   * <p>A listing, not a validation: a class whose annotations are refused is still listed, and
   * loading the configuration reports it.
   */
  public List<String> entityClasses(String... packages) {
    SortedSet<String> candidates = new TreeSet<>();
    if (packages.length == 0) {
      candidates.addAll(ownClasses);
    }
    for (String packageName : packages) {
      candidates.addAll(source.classNames(packageName, packageName, "application archive " + path));
    }
    return VaultConfigLoaderAccess.encryptedEntities(candidates, source);
  }

  @Override
  public void close() throws IOException {
    libraries.clear();
    if (jar != null) {
      jar.close();
    }
  }

  @Override
  public String toString() {
    return "ApplicationArchive[" + path + "]";
  }

  /** The archive's classes and resources, as the loader reads them. */
  public ClassSource source() {
    return source;
  }

  /** The class file of {@code className} in the archive, or null. */
  private byte[] classFile(String className) throws IOException {
    String file = className.replace('.', '/') + CLASS;
    if (ownClasses.contains(className)) {
      if (jar == null) {
        return Files.readAllBytes(path.resolve(file));
      }
      try (InputStream in = jar.getInputStream(jar.getEntry(classesPrefix + file))) {
        return in.readAllBytes();
      }
    }
    String library = libraryOf.get(className);
    if (library == null) {
      return null;
    }
    Map<String, byte[]> classes = libraries.get(library);
    if (classes == null) {
      classes = libraryClassFiles(jar, jar.getJarEntry(library));
      libraries.putIfAbsent(library, classes);
    }
    return classes.get(className);
  }

  /** The classes of one nested jar, without keeping their bytes: most dependency jars are never read again. */
  private static List<String> libraryClassNames(JarFile outer, JarEntry library) throws IOException {
    List<String> names = new ArrayList<>();
    try (JarInputStream in = new JarInputStream(outer.getInputStream(library))) {
      for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
        String className = entry.getName().endsWith(CLASS) ? className(entry.getName()) : null;
        if (className != null) {
          names.add(className);
        }
      }
    }
    return names;
  }

  /** Class name to class file of one nested jar, read through the outer jar (Spring Boot stores them uncompressed). */
  private static Map<String, byte[]> libraryClassFiles(JarFile outer, JarEntry library) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    try (JarInputStream in = new JarInputStream(outer.getInputStream(library))) {
      for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
        String className = entry.getName().endsWith(CLASS) ? className(entry.getName()) : null;
        if (className != null) {
          classes.put(className, in.readAllBytes());
        }
      }
    }
    return classes;
  }

  private static SortedSet<String> directoryClasses(Path root) throws IOException {
    SortedSet<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(file -> file.getFileName().toString().endsWith(CLASS) && Files.isRegularFile(file))
          .forEach(file -> addClass(root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"), names));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return names;
  }

  private static void addClass(String file, SortedSet<String> names) {
    String name = className(file);
    if (name != null) {
      names.add(name);
    }
  }

  /**
   * {@code com/example/Customer.class} as {@code com.example.Customer}; null for module-info,
   * package-info and {@code META-INF/} (the other-release copies of a multi-release jar).
   */
  private static String className(String file) {
    String name = file.substring(0, file.length() - CLASS.length());
    if (name.endsWith("module-info") || name.endsWith("package-info") || name.startsWith("META-INF/")) {
      return null;
    }
    return name.replace('/', '.');
  }

  /** The archive as the annotation reader and the loader see it. */
  private final class Source implements ClassSource {

    private final ClassFileLocator classFiles;

    // The archive first (the application's own copies of everything), then this library's class
    // path for what the archive lacks: the JDK, and the vault annotations of a plain jar.
    Source(ClassLoader fallback) {
      ClassFileLocator archive = new ClassFileLocator() {
        @Override
        public Resolution locate(String name) throws IOException {
          byte[] bytes = classFile(name);
          return bytes == null ? new Resolution.Illegal(name) : new Resolution.Explicit(bytes);
        }

        @Override
        public void close() {
          // the archive is closed by ApplicationArchive.close()
        }
      };
      this.classFiles = new ClassFileLocator.Compound(archive, ClassFileLocator.ForClassLoader.of(fallback));
    }

    @Override
    public ClassFileLocator classFiles() {
      return classFiles;
    }

    @Override
    public SortedSet<String> classNames(String packageName, String shownName, String origin) {
      String prefix = packageName + ".";
      SortedSet<String> names = new TreeSet<>(ownClasses.subSet(prefix, prefix + Character.MAX_VALUE));
      libraryOf.keySet().stream().filter(name -> name.startsWith(prefix)).forEach(names::add);
      return names;
    }

    @Override
    public byte[] resource(String name) throws IOException {
      if (jar == null) {
        Path file = path.resolve(name);
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
      }
      JarEntry entry = jar.getJarEntry(classesPrefix + name);
      if (entry == null) {
        return null;
      }
      try (InputStream in = jar.getInputStream(entry)) {
        return in.readAllBytes();
      }
    }

    @Override
    public String place() {
      return "in " + path;
    }
  }
}
