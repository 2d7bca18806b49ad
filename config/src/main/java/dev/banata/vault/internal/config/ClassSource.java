package dev.banata.vault.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.SortedSet;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Where the annotation reader finds class files, package contents and {@code classpath:}
 * resources: a class loader (the driver, inside the application) or an {@link ApplicationArchive}
 * (the admin command, outside it). Nothing is loaded from either: class files are read as bytes.
 * Internal: the configuration module's loader reads through it ({@link VaultConfigLoaderAccess}).
 */
public interface ClassSource {

  /** The class files, for a {@code TypePool}. */
  ClassFileLocator classFiles();

  /** Binary names of the classes of a package and its sub-packages, sorted. */
  SortedSet<String> classNames(String packageName, String shownName, String origin);

  /** The bytes of a resource ({@code vault.yaml}), or null when there is none. */
  byte[] resource(String name) throws IOException;

  /** Where a class was looked for, for "class X is not ...": {@code on the class path}, {@code in /app.jar}. */
  String place();

  /** The classes and resources of {@code loader}. */
  static ClassSource of(ClassLoader loader) {
    return new ClassSource() {
      @Override
      public ClassFileLocator classFiles() {
        return ClassFileLocator.ForClassLoader.of(loader);
      }

      @Override
      public SortedSet<String> classNames(String packageName, String shownName, String origin) {
        return ClassPathPackage.classNames(loader, packageName, shownName, origin);
      }

      @Override
      public byte[] resource(String name) throws IOException {
        URL url = loader.getResource(name);
        if (url == null) {
          return null;
        }
        try (InputStream in = url.openStream()) {
          return in.readAllBytes();
        }
      }

      @Override
      public String place() {
        return "on the class path";
      }
    };
  }
}
