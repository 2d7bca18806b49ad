package dev.banata.vault.config;

import dev.banata.vault.annotations.Encrypted;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Every {@code @Encrypted} field reachable from a class: declared, inherited from any superclass,
 * and in any {@code @Embeddable} reached through a field (also as a collection's element type),
 * at any depth.
 *
 * <p>It knows nothing about how fields map to columns, on purpose: {@link AnnotatedEntityReader}
 * checks that each field listed here became a column (or was refused), so a mapping rule that
 * forgets a case is a startup error instead of a column stored in plaintext.
 */
final class EncryptedFieldInventory {

  private static final String ENCRYPTED = Encrypted.class.getName();

  private EncryptedFieldInventory() {}

  /** {@code declaringClass.field} of each reachable {@code @Encrypted} field, in the order found. */
  static Set<String> reachableFrom(TypeDescription type) {
    Set<String> found = new LinkedHashSet<>();
    collect(type, found, new HashSet<>());
    return found;
  }

  static String key(FieldDescription field) {
    return field.getDeclaringType().asErasure().getName() + "." + field.getName();
  }

  private static void collect(TypeDescription type, Set<String> found, Set<String> visited) {
    if (!visited.add(type.getName())) {
      return;
    }
    List<TypeDescription> classes = new ArrayList<>();
    classes.add(type);
    classes.addAll(EntityTables.superclasses(type));
    for (TypeDescription current : classes) {
      for (FieldDescription field : current.getDeclaredFields()) {
        if (JpaAnnotations.annotation(field, ENCRYPTED).isPresent()) {
          found.add(key(field));
        }
        if (!field.isStatic() && !field.isTransient() && !JpaAnnotations.isJpa(field, "Transient")) {
          for (TypeDescription embeddable : embeddablesOf(field)) {
            collect(embeddable, found, visited);
          }
        }
      }
    }
  }

  /** The field's type and its type arguments ({@code List<Address>}, {@code Map<String, Address>}) that are embeddables. */
  private static List<TypeDescription> embeddablesOf(FieldDescription field) {
    List<TypeDescription> embeddables = new ArrayList<>();
    TypeDescription.Generic type = field.getType();
    List<TypeDefinition> candidates = new ArrayList<>();
    candidates.add(type);
    if (type.getSort() == TypeDefinition.Sort.PARAMETERIZED) {
      candidates.addAll(type.getTypeArguments());
    }
    for (TypeDefinition candidate : candidates) {
      boolean concrete = candidate.getSort() == TypeDefinition.Sort.NON_GENERIC || candidate.getSort() == TypeDefinition.Sort.PARAMETERIZED;
      if (concrete && (JpaAnnotations.isEmbeddable(candidate) || (candidate == type && JpaAnnotations.isJpa(field, "Embedded")
          && resolvable(candidate)))) {
        embeddables.add(candidate.asErasure());
      }
    }
    return embeddables;
  }

  private static boolean resolvable(TypeDefinition type) {
    if (type.isPrimitive() || type.isArray() || type.asErasure().getName().startsWith("java.")) {
      return false;
    }
    try {
      type.asErasure().getDeclaredAnnotations();
      return true;
    } catch (IllegalStateException missing) {
      return false;
    }
  }
}
