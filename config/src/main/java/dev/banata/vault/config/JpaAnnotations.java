package dev.banata.vault.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationSource;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Reads annotations of classes described by a {@code TypePool} (never loaded) by type name: JPA's in
 * both {@code jakarta.persistence} and {@code javax.persistence}, so no JPA jar is needed.
 */
final class JpaAnnotations {

  private JpaAnnotations() {}

  static Optional<AnnotationDescription> jpa(AnnotationSource source, String simpleName) {
    return annotation(source, "jakarta.persistence." + simpleName, "javax.persistence." + simpleName);
  }

  static boolean isJpa(AnnotationSource source, String simpleName) {
    return jpa(source, simpleName).isPresent();
  }

  static Optional<AnnotationDescription> annotation(AnnotationSource source, String... typeNames) {
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

  /**
   * True when {@code type} is a class annotated {@code @Embeddable}. A type whose class file is not
   * on the class path is not: the application could not load such a class either.
   */
  static boolean isEmbeddable(TypeDefinition type) {
    if (type.isPrimitive() || type.isArray()) {
      return false;
    }
    TypeDescription erasure = type.asErasure();
    if (erasure.getName().startsWith("java.")) {
      return false;
    }
    try {
      return isJpa(erasure, "Embeddable");
    } catch (IllegalStateException missing) {
      return false;
    }
  }

  /** The column of a field: JPA {@code @Column(name)}, else the field name in snake_case. */
  static String columnName(FieldDescription field, String origin) {
    return jpa(field, "Column").map(a -> string(a, "name", origin)).filter(name -> !name.isEmpty())
        .map(JpaAnnotations::sqlName)
        .orElseGet(() -> SnakeCase.of(field.getName()));
  }

  /**
   * The column names given by {@code @AttributeOverride} / {@code @AttributeOverrides} on
   * {@code source}, by attribute name ({@code street}, or {@code address.street} on a class).
   * An override without a column name changes nothing and is left out.
   */
  static Map<String, String> attributeOverrides(AnnotationSource source, String origin) {
    List<AnnotationDescription> overrides = new ArrayList<>();
    jpa(source, "AttributeOverride").ifPresent(overrides::add);
    jpa(source, "AttributeOverrides").ifPresent(container ->
        overrides.addAll(List.of(read(container, "value", origin, AnnotationDescription[].class))));
    Map<String, String> columns = new HashMap<>();
    for (AnnotationDescription override : overrides) {
      String column = string(read(override, "column", origin, AnnotationDescription.class), "name", origin);
      if (!column.isEmpty()) {
        columns.put(string(override, "name", origin).strip(), sqlName(column));
      }
    }
    return columns;
  }

  /** Hibernate quotes with backticks; SQL and {@link Identifier} with double quotes. */
  static String sqlName(String written) {
    String trimmed = written.strip();
    if (trimmed.length() >= 2 && trimmed.startsWith("`") && trimmed.endsWith("`")) {
      return '"' + trimmed.substring(1, trimmed.length() - 1) + '"';
    }
    return trimmed;
  }

  static String string(AnnotationDescription annotation, String property, String origin) {
    return read(annotation, property, origin, String.class);
  }

  static int integer(AnnotationDescription annotation, String property, String origin) {
    return read(annotation, property, origin, Integer.class);
  }

  static boolean bool(AnnotationDescription annotation, String property, String origin) {
    return read(annotation, property, origin, Boolean.class);
  }

  static String enumName(AnnotationDescription annotation, String property, String origin) {
    return read(annotation, property, origin, EnumerationDescription.class).getValue();
  }

  private static <T> T read(AnnotationDescription annotation, String property, String origin, Class<T> type) {
    try {
      return annotation.getValue(property).resolve(type);
    } catch (IllegalStateException | IllegalArgumentException | ClassCastException e) {
      // The annotation's own class file is needed for its defaults; without it we cannot tell.
      throw new ConfigException(origin + ": cannot read " + property + " of @" + annotation.getAnnotationType().getName()
          + " (is its class on the class path?)", e);
    }
  }
}
