package dev.banata.vault.config;

import java.lang.annotation.Annotation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.description.annotation.AnnotationValue;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;

/**
 * Class files for the JPA annotation types that {@link JpaAnnotations} reads, for a class path
 * without a JPA jar (the admin command reading an application's classes, an application that does
 * not ship JPA at run time).
 *
 * <p>Why they are needed at all: Byte Buddy's {@code TypePool} drops an annotation whose type it
 * cannot describe, so without {@code jakarta.persistence.MappedSuperclass} on the class path a
 * {@code @MappedSuperclass} reads as a plain class, and an {@code @Table(name)} as no table name.
 * These stand-ins are consulted <em>after</em> the class path, so a real JPA jar always wins; they
 * declare the elements the reader uses, with JPA's defaults, and are only ever read as bytes by a
 * {@code TypePool}: no class is defined or loaded from them.
 */
final class JpaAnnotationTypes {

  private static final List<String> PACKAGES = List.of("jakarta.persistence", "javax.persistence");

  private static final List<String> MARKERS = List.of("MappedSuperclass", "Embeddable", "Embedded", "EmbeddedId", "Id",
      "Transient", "ElementCollection", "OneToOne", "ManyToOne", "OneToMany", "ManyToMany");

  /** Built once, on first use: about fifty small class files. */
  private static final class Holder {
    static final ClassFileLocator LOCATOR = new ClassFileLocator.Simple(classFiles());
  }

  private JpaAnnotationTypes() {}

  /** A locator of the stand-ins, to be put after the application's own locator. */
  static ClassFileLocator locator() {
    return Holder.LOCATOR;
  }

  private static Map<String, byte[]> classFiles() {
    ByteBuddy byteBuddy = new ByteBuddy(ClassFileVersion.JAVA_V8);
    Map<String, byte[]> files = new HashMap<>();
    for (String pkg : PACKAGES) {
      for (String marker : MARKERS) {
        add(files, annotation(byteBuddy, pkg, marker));
      }
      add(files, annotation(byteBuddy, pkg, "Entity").defineMethod("name", String.class, Visibility.PUBLIC).defaultValue("", String.class));
      add(files, annotation(byteBuddy, pkg, "Table")
          .defineMethod("name", String.class, Visibility.PUBLIC).defaultValue("", String.class)
          .defineMethod("schema", String.class, Visibility.PUBLIC).defaultValue("", String.class)
          .defineMethod("catalog", String.class, Visibility.PUBLIC).defaultValue("", String.class));
      TypeDescription column = add(files, annotation(byteBuddy, pkg, "Column")
          .defineMethod("name", String.class, Visibility.PUBLIC).defaultValue("", String.class)
          .defineMethod("table", String.class, Visibility.PUBLIC).defaultValue("", String.class));
      TypeDescription attributeOverride = add(files, annotation(byteBuddy, pkg, "AttributeOverride")
          .defineMethod("name", String.class, Visibility.PUBLIC).withoutCode()
          .defineMethod("column", column, Visibility.PUBLIC).withoutCode());
      add(files, annotation(byteBuddy, pkg, "AttributeOverrides")
          .defineMethod("value", TypeDescription.ArrayProjection.of(attributeOverride), Visibility.PUBLIC).withoutCode());
      TypeDescription joinColumn = add(files, annotation(byteBuddy, pkg, "PrimaryKeyJoinColumn")
          .defineMethod("name", String.class, Visibility.PUBLIC).defaultValue("", String.class)
          .defineMethod("referencedColumnName", String.class, Visibility.PUBLIC).defaultValue("", String.class));
      add(files, annotation(byteBuddy, pkg, "PrimaryKeyJoinColumns")
          .defineMethod("value", TypeDescription.ArrayProjection.of(joinColumn), Visibility.PUBLIC).withoutCode());
      TypeDescription inheritanceType = add(files,
          byteBuddy.makeEnumeration("SINGLE_TABLE", "TABLE_PER_CLASS", "JOINED").name(pkg + ".InheritanceType"));
      add(files, annotation(byteBuddy, pkg, "Inheritance")
          .defineMethod("strategy", inheritanceType, Visibility.PUBLIC)
          .defaultValue(AnnotationValue.ForEnumerationDescription.of(new EnumerationDescription.Latent(inheritanceType, "SINGLE_TABLE"))));
    }
    return files;
  }

  private static DynamicType.Builder<? extends Annotation> annotation(ByteBuddy byteBuddy, String pkg, String simpleName) {
    return byteBuddy.makeAnnotation().name(pkg + "." + simpleName);
  }

  /** Adds the class file; its description serves as the element type of annotations generated later. */
  private static TypeDescription add(Map<String, byte[]> files, DynamicType.Builder<?> builder) {
    try (DynamicType.Unloaded<?> type = builder.make()) {
      files.put(type.getTypeDescription().getName(), type.getBytes());
      return type.getTypeDescription();
    }
  }
}
