package dev.banata.vault.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads the public and protected signatures of the classes of some packages by reflection (a method's
 * parameters, result and exceptions, a field's type, a supertype) and lists those that name a type of
 * {@code dev.banata.vault.internal}, which the published javadoc does not show. One reader for every
 * module's {@code *SignaturesNameNoInternalTypeTest}: each module sees only the API packages on its own
 * class path (the driver's, the admin jar's {@code admin.cli}, the starter's {@code boot}).
 */
public final class ApiSignatures {

  private static final String INTERNAL = "dev.banata.vault.internal.";

  /**
   * @param types the classes read, nested ones included (a test asserts there were some: a package name
   *     that finds nothing must not pass)
   * @param leaks {@code where type} for each signature naming an internal type, sorted
   */
  public record Report(List<Class<?>> types, SortedSet<String> leaks) {}

  private ApiSignatures() {}

  /** The signatures of every class directly in {@code packages}, as {@code loader} finds them (directories and jars). */
  public static Report read(ClassLoader loader, List<String> packages) {
    List<Class<?>> types = new ArrayList<>();
    for (String pkg : packages) {
      for (String name : classNamesIn(loader, pkg)) {
        try {
          types.add(Class.forName(name, false, loader));
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(name + " was listed but does not load", e);
        }
      }
    }
    SortedSet<String> leaks = new TreeSet<>();
    for (Class<?> type : types) {
      if (visible(type)) {
        readSignatures(type, leaks);
      }
    }
    return new Report(List.copyOf(types), Collections.unmodifiableSortedSet(leaks));
  }

  private static void readSignatures(Class<?> type, SortedSet<String> leaks) {
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

  private static void checkExecutable(SortedSet<String> leaks, String where, Executable executable) {
    for (Type parameter : executable.getGenericParameterTypes()) {
      check(leaks, where + " takes", parameter);
    }
    for (Type thrown : executable.getGenericExceptionTypes()) {
      check(leaks, where + " throws", thrown);
    }
  }

  private static void check(SortedSet<String> leaks, String where, Type type) {
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
  private static List<String> classNamesIn(ClassLoader loader, String pkg) {
    String path = pkg.replace('.', '/');
    List<String> names = new ArrayList<>();
    try {
      for (URL root : Collections.list(loader.getResources(path))) {
        if (root.getProtocol().equals("file")) {
          try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class") && !f.equals("package-info.class"))
                .forEach(f -> names.add(pkg + "." + f.substring(0, f.length() - ".class".length())));
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }
}
