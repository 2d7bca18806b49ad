package dev.banata.vault.config;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.EncryptedTable;
import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationSource;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Turns the {@code @Encrypted} fields of entity classes into table and column declarations.
 *
 * <p>Classes are read from their class files with Byte Buddy's {@link TypePool}, never loaded:
 * loading an application's entity class from a JDBC driver would run its static initializers at an
 * unexpected time (or in the wrong class loader), and a package scan would load every class of the
 * package. TypePool was chosen over a compile-time index (an annotation processor) because it needs
 * nothing from the user's build: it works on any class already on the class path.
 *
 * <p>JPA annotations are recognised by type name ({@code jakarta.persistence.*} and
 * {@code javax.persistence.*}), so no JPA jar is needed. Names: the table is {@code @EncryptedTable}'s,
 * else JPA {@code @Table(name)}, else the class name in snake_case; a column is the field's JPA
 * {@code @Column(name)}, else its name in snake_case; Hibernate's {@code `backtick`} quoting is read
 * as SQL double quotes. The primary key is {@code @EncryptedTable(primaryKey)}, else the column of
 * the field with JPA {@code @Id}. Fields of {@code @MappedSuperclass} ancestors count too, and a
 * {@code @MappedSuperclass} is not a table of its own.
 */
final class AnnotatedEntityReader {

  private static final String ENCRYPTED = Encrypted.class.getName();
  private static final String ENCRYPTED_TABLE = EncryptedTable.class.getName();

  private final ClassLoader loader;
  private final TypePool pool;

  AnnotatedEntityReader(ClassLoader loader) {
    this.loader = loader;
    this.pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(),
        ClassFileLocator.ForClassLoader.of(loader), TypePool.Default.ReaderMode.FAST);
  }

  /**
   * Declares the table of one named class; it must exist and have at least one {@code @Encrypted}
   * field. {@code shownName} is how a message may name it before it is found (see {@link
   * YamlConfigReader.Located}).
   */
  void declareRequired(String className, String shownName, String origin, VaultConfig.Builder into) {
    TypePool.Resolution resolution = pool.describe(className);
    if (!resolution.isResolved()) {
      throw new ConfigException(origin + ": class " + shownName + " is not on the class path");
    }
    TypeDescription type = resolution.resolve();
    if (jpa(type, "MappedSuperclass").isPresent()) {
      throw new ConfigException(origin + ": " + className + " is a @MappedSuperclass, not a table; list its entity classes instead");
    }
    if (!declare(type, into)) {
      throw new ConfigException(origin + ": class " + className + " has no @Encrypted field");
    }
  }

  /** Declares every class of the package (and its sub-packages) that has {@code @Encrypted} fields; there must be one. */
  void declarePackage(String packageName, String shownName, String origin, VaultConfig.Builder into) {
    int declared = 0;
    for (String className : ClassPathPackage.classNames(loader, packageName, shownName, origin)) {
      TypePool.Resolution resolution = pool.describe(className);
      if (resolution.isResolved() && jpa(resolution.resolve(), "MappedSuperclass").isEmpty()
          && declare(resolution.resolve(), into)) {
        declared++;
      }
    }
    if (declared == 0) {
      throw new ConfigException(origin + ": no class with @Encrypted fields in package " + shownName + " or its sub-packages");
    }
  }

  /** Declares the table of {@code type}; false when it has no encrypted field. */
  private boolean declare(TypeDescription type, VaultConfig.Builder into) {
    List<FieldDescription> encrypted = new ArrayList<>();
    List<FieldDescription> ids = new ArrayList<>();
    for (TypeDescription current : hierarchy(type)) {
      for (FieldDescription field : current.getDeclaredFields()) {
        if (annotation(field, ENCRYPTED).isPresent()) {
          encrypted.add(field);
        }
        if (jpa(field, "Id").isPresent() || jpa(field, "EmbeddedId").isPresent()) {
          ids.add(field);
        }
      }
    }
    if (encrypted.isEmpty()) {
      return false;
    }
    String className = type.getName();
    if (jpa(type, "Embeddable").isPresent()) {
      throw new ConfigException(className + "." + encrypted.get(0).getName()
          + ": @Encrypted fields of an @Embeddable are not supported; declare the columns on the entity's table in vault.yaml");
    }
    Optional<AnnotationDescription> encryptedTable = annotation(type, ENCRYPTED_TABLE);
    String table = encryptedTable.map(a -> string(a, "value", className)).filter(name -> !name.isEmpty())
        .or(() -> jpa(type, "Table").map(a -> string(a, "name", className)).filter(name -> !name.isEmpty()))
        .map(AnnotatedEntityReader::sqlName)
        .orElseGet(() -> SnakeCase.of(type.getSimpleName()));
    VaultConfig.Builder.TableBuilder tableBuilder = into.table(identifier(table, className), className);

    String primaryKey = encryptedTable.map(a -> string(a, "primaryKey", className)).orElse("");
    if (!primaryKey.isEmpty()) {
      tableBuilder.primaryKey(identifier(sqlName(primaryKey), className), className + " (@EncryptedTable(primaryKey))");
    } else if (ids.size() == 1) {
      FieldDescription id = ids.get(0);
      if (jpa(id, "EmbeddedId").isPresent()) {
        throw new ConfigException(className + "." + id.getName()
            + ": composite primary keys (@EmbeddedId) are not supported; set @EncryptedTable(primaryKey) to a single unique column");
      }
      tableBuilder.primaryKey(identifier(columnName(id, className), className + "." + id.getName()), className + "." + id.getName() + " (@Id)");
    } else if (ids.size() > 1) {
      throw new ConfigException(className + ": composite primary keys (several @Id fields) are not supported;"
          + " set @EncryptedTable(primaryKey) to a single unique column");
    }

    for (FieldDescription field : encrypted) {
      String origin = field.getDeclaringType().asErasure().getName() + "." + field.getName();
      if (field.isStatic()) {
        throw new ConfigException(origin + ": @Encrypted on a static field; a static field is not a column");
      }
      if (field.isTransient() || jpa(field, "Transient").isPresent()) {
        throw new ConfigException(origin + ": @Encrypted on a transient field; a transient field is not a column");
      }
      AnnotationDescription annotation = annotation(field, ENCRYPTED).orElseThrow();
      Mode mode = Mode.valueOf(enumName(annotation, "mode", origin));
      ValueType valueType = ValueType.valueOf(enumName(annotation, "type", origin));
      if (valueType == ValueType.AUTO) {
        String javaType = field.getType().asErasure().getName();
        valueType = FieldTypes.of(javaType).orElseThrow(() -> new ConfigException(origin + ": @Encrypted field of type "
            + field.getType().asErasure().getActualName() + " has no vault value type; use one of " + FieldTypes.SUPPORTED
            + ", or set @Encrypted(type = ...)"));
      }
      String context = string(annotation, "context", origin);
      tableBuilder.column(identifier(columnName(field, origin), origin), mode, context, valueType,
          origin.equals(className + "." + field.getName()) ? origin : origin + " in " + className);
    }
    return true;
  }

  /**
   * The class and, as in JPA, its {@code @MappedSuperclass} ancestors: fields of an entity superclass
   * belong to that entity's table, and fields of any other superclass are not persistent.
   */
  private static List<TypeDescription> hierarchy(TypeDescription type) {
    List<TypeDescription> types = new ArrayList<>();
    types.add(type);
    TypeDefinition parent = type.getSuperClass();
    while (parent != null && !parent.asErasure().getName().startsWith("java.")) {
      TypeDescription erasure = parent.asErasure();
      try {
        if (jpa(erasure, "MappedSuperclass").isEmpty()) {
          break;
        }
      } catch (IllegalStateException missing) {
        break; // not on the class path: the application could not load such a class either
      }
      types.add(erasure);
      parent = erasure.getSuperClass();
    }
    return types;
  }

  private String columnName(FieldDescription field, String origin) {
    return jpa(field, "Column").map(a -> string(a, "name", origin)).filter(name -> !name.isEmpty())
        .map(AnnotatedEntityReader::sqlName)
        .orElseGet(() -> SnakeCase.of(field.getName()));
  }

  /** Hibernate quotes with backticks; SQL and {@link Identifier} with double quotes. */
  private static String sqlName(String written) {
    String trimmed = written.strip();
    if (trimmed.length() >= 2 && trimmed.startsWith("`") && trimmed.endsWith("`")) {
      return '"' + trimmed.substring(1, trimmed.length() - 1) + '"';
    }
    return trimmed;
  }

  private static String identifier(String name, String origin) {
    String problem = IdentifierSyntax.problem(name);
    if (problem != null) {
      throw new ConfigException(origin + ": " + problem);
    }
    return name;
  }

  private static Optional<AnnotationDescription> jpa(AnnotationSource source, String simpleName) {
    return annotation(source, "jakarta.persistence." + simpleName, "javax.persistence." + simpleName);
  }

  private static Optional<AnnotationDescription> annotation(AnnotationSource source, String... typeNames) {
    for (AnnotationDescription annotation : source.getDeclaredAnnotations()) {
      String name = annotation.getAnnotationType().getName();
      for (String typeName : typeNames) {
        if (name.equals(typeName)) {
          return Optional.of(annotation);
        }
      }
    }
    return Optional.empty();
  }

  private static String string(AnnotationDescription annotation, String property, String origin) {
    return read(annotation, property, origin, String.class);
  }

  private static String enumName(AnnotationDescription annotation, String property, String origin) {
    return read(annotation, property, origin, EnumerationDescription.class).getValue();
  }

  private static <T> T read(AnnotationDescription annotation, String property, String origin, Class<T> type) {
    try {
      return annotation.getValue(property).resolve(type);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // The annotation's own class file is needed for its defaults; without it we cannot tell.
      throw new ConfigException(origin + ": cannot read " + property + " of @" + annotation.getAnnotationType().getName()
          + " (is its class on the class path?)", e);
    }
  }
}
