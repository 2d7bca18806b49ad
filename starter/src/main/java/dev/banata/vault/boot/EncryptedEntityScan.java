package dev.banata.vault.boot;

import dev.banata.vault.config.ConfigException;
import dev.banata.vault.internal.config.VaultConfigLoaderAccess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * The classes with {@code @Encrypted} fields in some packages, listed by Spring's class path scanning
 * (the one {@code @ComponentScan} and {@code @EntityScan} use) and picked by the vault's own reader.
 *
 * <p>Why not hand the packages to the driver's {@code vault.annotated-packages}: the driver lists
 * directories and plain jars only, and refuses packages inside Spring Boot's executable jar
 * ({@code BOOT-INF/classes} is a nested jar). Spring's resolver reads nested jars, so the same
 * application works from {@code mvn test}, the IDE and {@code java -jar}. Nothing is loaded: class
 * files are read as bytes by both.
 */
final class EncryptedEntityScan {

  private EncryptedEntityScan() {}

  /**
   * Entity class names of {@code packages}, in a stable order.
   *
   * @param required when true, a package without any such class is an error (the user named it)
   * @throws ConfigException naming the property and the package
   */
  static List<String> classesIn(List<String> packages, boolean required, ClassLoader loader) {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(loader);
    MetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
    Set<String> found = new LinkedHashSet<>();
    for (String packageName : packages) {
      String pattern = PathMatchingResourcePatternResolver.CLASSPATH_ALL_URL_PREFIX + packageName.strip().replace('.', '/') + "/**/*.class";
      List<String> names = new ArrayList<>();
      try {
        for (Resource resource : resolver.getResources(pattern)) {
          String name = readers.getMetadataReader(resource).getClassMetadata().getClassName();
          if (!name.endsWith("package-info") && !name.endsWith("module-info")) {
            names.add(name);
          }
        }
      } catch (IOException e) {
        throw new ConfigException(VaultProperties.PREFIX + ".annotated-packages: cannot list package " + packageName + ": " + e.getMessage(), e);
      }
      names.sort(null);
      List<String> entities = VaultConfigLoaderAccess.encryptedEntities(names, loader);
      if (required && entities.isEmpty()) {
        throw new ConfigException(VaultProperties.PREFIX + ".annotated-packages: no class with @Encrypted fields in package "
            + packageName + " or its sub-packages");
      }
      found.addAll(entities);
    }
    return List.copyOf(found);
  }
}
