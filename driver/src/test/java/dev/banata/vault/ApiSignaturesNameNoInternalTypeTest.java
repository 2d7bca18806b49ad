package dev.banata.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API packages show only the API: no public or protected signature of theirs (a method's
 * parameters, result and exceptions, a field's type, a supertype) names a type of
 * {@code dev.banata.vault.internal}, which the published javadoc does not show and which may change
 * in any release. Read by reflection from the compiled classes, so a new leak fails here.
 */
class ApiSignaturesNameNoInternalTypeTest {

  /** The packages of docs/ARCHITECTURE.md, "What users may depend on" (annotations and config included). */
  static final List<String> API_PACKAGES = List.of("dev.banata.vault", "dev.banata.vault.jdbc", "dev.banata.vault.keys",
      "dev.banata.vault.metrics", "dev.banata.vault.metrics.micrometer", "dev.banata.vault.admin", "dev.banata.vault.admin.cli",
      "dev.banata.vault.config", "dev.banata.vault.annotations");

  private static final String INTERNAL = "dev.banata.vault.internal.";

  /**
   * Leaks known and not closed yet (docs/ARCHITECTURE.md). Remove an entry when it is
   * closed; a new leak is never added here.
   */
  private static final Set<String> KNOWN_LEAKS = Set.of();

  @Test
  void noApiSignatureNamesAnInternalType() throws Exception {
    List<Class<?>> types = new ArrayList<>();
    for (String pkg : API_PACKAGES) {
      for (String name : classNamesIn(pkg)) {
        types.add(Class.forName(name, false, getClass().getClassLoader()));
      }
    }
    assertThat(types).as("the API classes were found").hasSizeGreaterThan(50);

    TreeSet<String> leaks = new TreeSet<>();
    for (Class<?> type : types) {
      if (!visible(type)) {
        continue;
      }
      check(leaks, type.getName() + " extends", type.getGenericSuperclass());
      for (Type implemented : type.getGenericInterfaces()) {
        check(leaks, type.getName() + " implements", implemented);
      }
      for (Field field : type.getDeclaredFields()) {
        if (visible(field.getModifiers()) && !field.isSynthetic()) {
          check(leaks, type.getName() + "." + field.getName(), field.getGenericType());
        }
      }
      for (Method method : type.getDeclaredMethods()) {
        if (visible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
          check(leaks, type.getName() + "." + method.getName() + "() returns", method.getGenericReturnType());
          checkExecutable(leaks, type.getName() + "." + method.getName() + "()", method);
        }
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (visible(constructor.getModifiers()) && !constructor.isSynthetic() && !type.isEnum()) {
          checkExecutable(leaks, type.getName() + ".<init>", constructor);
        }
      }
    }
    assertThat(leaks).as("a known leak that is closed leaves KNOWN_LEAKS").containsAll(KNOWN_LEAKS);
    leaks.removeAll(KNOWN_LEAKS);
    assertThat(leaks).isEmpty();
  }

  private static void checkExecutable(TreeSet<String> leaks, String where, Executable executable) {
    for (Type parameter : executable.getGenericParameterTypes()) {
      check(leaks, where + " takes", parameter);
    }
    for (Type thrown : executable.getGenericExceptionTypes()) {
      check(leaks, where + " throws", thrown);
    }
  }

  private static void check(TreeSet<String> leaks, String where, Type type) {
    if (type != null && type.getTypeName().contains(INTERNAL)) {
      leaks.add(where + " " + type.getTypeName());
    }
  }

  /** Reachable from outside its package: public, and every enclosing class public too (protected members of public classes count). */
  private static boolean visible(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (c.isAnonymousClass() || c.isLocalClass() || !(Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  /** The classes directly in {@code pkg}, from every class-path entry that holds it (directories and jars). */
  private static List<String> classNamesIn(String pkg) throws IOException, URISyntaxException {
    String path = pkg.replace('.', '/');
    List<String> names = new ArrayList<>();
    Enumeration<URL> roots = ApiSignaturesNameNoInternalTypeTest.class.getClassLoader().getResources(path);
    for (URL root : Collections.list(roots)) {
      if (root.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
          files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class") && !f.equals("package-info.class"))
              .forEach(f -> names.add(pkg + "." + f.substring(0, f.length() - ".class".length()).replace('/', '.')));
        }
      } else if (root.getProtocol().equals("jar")) {
        try (JarFile jar = ((JarURLConnection) root.openConnection()).getJarFile()) {
          for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.startsWith(path + "/") && name.endsWith(".class") && name.indexOf('/', path.length() + 1) < 0
                && !name.endsWith("package-info.class")) {
              names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
            }
          }
        }
      }
    }
    return names;
  }
}
