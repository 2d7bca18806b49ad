package dev.banata.vault.config;

import static dev.banata.vault.config.JpaAnnotations.isJpa;
import static dev.banata.vault.config.JpaAnnotations.jpa;
import static dev.banata.vault.config.JpaAnnotations.string;

import dev.banata.vault.annotations.EncryptedTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Which table each class of an entity's superclass chain is stored in, as JPA maps inheritance.
 *
 * <p>A {@code @MappedSuperclass}'s fields belong to the entity below it. When a superclass is an
 * {@code @Entity}, the hierarchy root's {@code @Inheritance(strategy)} decides (absent:
 * {@code SINGLE_TABLE}): {@code SINGLE_TABLE} stores every class in the root's table;
 * {@code JOINED} stores each entity's own fields in its own table, keyed by its
 * {@code @PrimaryKeyJoinColumn} or else its superclass table's key column; {@code TABLE_PER_CLASS}
 * stores all inherited fields in the concrete class's table. The key column of the root is its
 * {@code @Id} field's. {@code @EncryptedTable(value, primaryKey)} on an entity overrides both,
 * because the user said so explicitly. A superclass that is neither entity nor mapped superclass
 * is not persistent: it is reported, not mapped.
 */
final class EntityTables {

  private static final String ENCRYPTED_TABLE = EncryptedTable.class.getName();

  /** The key column of a table and which declaration named it. */
  record KeyColumn(String column, String origin) {}

  /**
   * Classes whose persistent fields are columns of one table: {@code classes.get(0)} is the entity,
   * the others are the superclasses stored with it, nearest first. The key is computed only for a
   * table that gets encrypted columns, so that an unusable key of a table without any is no error.
   */
  record Segment(TypeDescription entity, List<TypeDescription> classes, String table, Supplier<Optional<KeyColumn>> primaryKey) {}

  private final List<Segment> segments = new ArrayList<>();
  private final List<TypeDescription> notPersistent = new ArrayList<>();

  private EntityTables() {}

  /** The tables of {@code type}, which is read as an entity whether or not it carries {@code @Entity}. */
  static EntityTables of(TypeDescription type) {
    EntityTables tables = new EntityTables();
    List<List<TypeDescription>> groups = new ArrayList<>(); // one per entity of the chain, nearest first
    groups.add(new ArrayList<>(List.of(type)));
    for (TypeDescription ancestor : superclasses(type)) {
      if (isJpa(ancestor, "Entity")) {
        groups.add(new ArrayList<>(List.of(ancestor)));
      } else if (isJpa(ancestor, "MappedSuperclass")) {
        groups.get(groups.size() - 1).add(ancestor);
      } else {
        tables.notPersistent.add(ancestor);
      }
    }
    List<TypeDescription> rootGroup = groups.get(groups.size() - 1);
    TypeDescription root = rootGroup.get(0);
    Supplier<Optional<KeyColumn>> rootKey = () -> idColumn(root, rootGroup);
    if (groups.size() == 1) {
      tables.segments.add(new Segment(type, rootGroup, ownTable(type), explicitKeyOr(type, rootKey)));
      return tables;
    }
    String strategy = jpa(root, "Inheritance").map(a -> JpaAnnotations.enumName(a, "strategy", root.getName())).orElse("SINGLE_TABLE");
    switch (strategy) {
      case "SINGLE_TABLE" -> {
        String rootTable = ownTable(root);
        for (List<TypeDescription> group : groups) {
          TypeDescription entity = group.get(0);
          tables.segments.add(new Segment(entity, group, explicitTable(entity).orElse(rootTable), explicitKeyOr(entity, rootKey)));
        }
      }
      case "JOINED" -> {
        // From the root down: each subclass table's key defaults to its superclass table's key column.
        Supplier<Optional<KeyColumn>> inheritedKey = rootKey;
        List<Segment> downwards = new ArrayList<>();
        for (int i = groups.size() - 1; i >= 0; i--) {
          List<TypeDescription> group = groups.get(i);
          TypeDescription entity = group.get(0);
          Supplier<Optional<KeyColumn>> key = i == groups.size() - 1 ? rootKey : joinColumn(entity, inheritedKey);
          downwards.add(0, new Segment(entity, group, ownTable(entity), explicitKeyOr(entity, key)));
          inheritedKey = key;
        }
        tables.segments.addAll(downwards);
      }
      case "TABLE_PER_CLASS" -> {
        List<TypeDescription> all = new ArrayList<>();
        groups.forEach(all::addAll);
        tables.segments.add(new Segment(type, all, ownTable(type), explicitKeyOr(type, rootKey)));
      }
      default -> throw new ConfigException(root.getName() + ": unknown @Inheritance strategy " + strategy
          + "; declare the encrypted columns of this hierarchy in vault.yaml");
    }
    return tables;
  }

  List<Segment> segments() {
    return segments;
  }

  /** Superclasses that are neither {@code @Entity} nor {@code @MappedSuperclass}: JPA does not store their fields. */
  List<TypeDescription> notPersistentSuperclasses() {
    return notPersistent;
  }

  /** Superclasses up to {@code java.*}, nearest first; stops at one whose class file is missing. */
  static List<TypeDescription> superclasses(TypeDescription type) {
    List<TypeDescription> types = new ArrayList<>();
    TypeDefinition parent = type.getSuperClass();
    while (parent != null && !parent.asErasure().getName().startsWith("java.")) {
      TypeDescription erasure = parent.asErasure();
      try {
        erasure.getDeclaredAnnotations();
      } catch (IllegalStateException missing) {
        break; // not on the class path: the application could not load such a class either
      }
      types.add(erasure);
      parent = erasure.getSuperClass();
    }
    return types;
  }

  /** {@code @EncryptedTable(value)}, else JPA {@code @Table(name)}, else the simple class name in snake_case. */
  private static String ownTable(TypeDescription type) {
    return explicitTable(type)
        .or(() -> jpa(type, "Table").map(a -> string(a, "name", type.getName())).filter(name -> !name.isEmpty())
            .map(JpaAnnotations::sqlName))
        .orElseGet(() -> SnakeCase.of(type.getSimpleName()));
  }

  private static Optional<String> explicitTable(TypeDescription type) {
    return JpaAnnotations.annotation(type, ENCRYPTED_TABLE).map(a -> string(a, "value", type.getName()))
        .filter(name -> !name.isEmpty()).map(JpaAnnotations::sqlName);
  }

  private static Supplier<Optional<KeyColumn>> explicitKeyOr(TypeDescription entity, Supplier<Optional<KeyColumn>> otherwise) {
    Optional<String> explicit = JpaAnnotations.annotation(entity, ENCRYPTED_TABLE).map(a -> string(a, "primaryKey", entity.getName()))
        .filter(name -> !name.isEmpty());
    if (explicit.isPresent()) {
      KeyColumn key = new KeyColumn(JpaAnnotations.sqlName(explicit.get()), entity.getName() + " (@EncryptedTable(primaryKey))");
      return () -> Optional.of(key);
    }
    return otherwise;
  }

  /** A JOINED subclass table's key: its {@code @PrimaryKeyJoinColumn(name)}, else the superclass table's key column. */
  private static Supplier<Optional<KeyColumn>> joinColumn(TypeDescription entity, Supplier<Optional<KeyColumn>> inherited) {
    String origin = entity.getName();
    List<AnnotationDescription> joinColumns = new ArrayList<>();
    jpa(entity, "PrimaryKeyJoinColumn").ifPresent(joinColumns::add);
    jpa(entity, "PrimaryKeyJoinColumns").ifPresent(container -> joinColumns.addAll(List.of(
        container.getValue("value").resolve(AnnotationDescription[].class))));
    if (joinColumns.size() > 1) {
      return () -> {
        throw new ConfigException(origin + ": composite primary keys (several @PrimaryKeyJoinColumn) are not supported;"
            + " set @EncryptedTable(primaryKey) to a single unique column");
      };
    }
    Optional<String> named = joinColumns.stream().map(a -> string(a, "name", origin)).filter(name -> !name.isEmpty())
        .map(JpaAnnotations::sqlName).findFirst();
    if (named.isPresent()) {
      KeyColumn key = new KeyColumn(named.get(), origin + " (@PrimaryKeyJoinColumn)");
      return () -> Optional.of(key);
    }
    return () -> inherited.get().map(key -> new KeyColumn(key.column(), origin + " (primary key join column of " + key.origin() + ")"));
  }

  /** The column of the single {@code @Id} field of the root or its mapped superclasses; empty when there is none. */
  private static Optional<KeyColumn> idColumn(TypeDescription root, List<TypeDescription> rootGroup) {
    List<FieldDescription> ids = new ArrayList<>();
    List<Integer> declaredAt = new ArrayList<>();
    for (int i = 0; i < rootGroup.size(); i++) {
      for (FieldDescription field : rootGroup.get(i).getDeclaredFields()) {
        if (isJpa(field, "Id") || isJpa(field, "EmbeddedId")) {
          ids.add(field);
          declaredAt.add(i);
        }
      }
    }
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    if (ids.size() > 1) {
      throw new ConfigException(root.getName() + ": composite primary keys (several @Id fields) are not supported;"
          + " set @EncryptedTable(primaryKey) to a single unique column");
    }
    FieldDescription id = ids.get(0);
    String origin = id.getDeclaringType().asErasure().getName() + "." + id.getName();
    if (isJpa(id, "EmbeddedId")) {
      throw new ConfigException(origin + ": composite primary keys (@EmbeddedId) are not supported;"
          + " set @EncryptedTable(primaryKey) to a single unique column");
    }
    String column = overriddenColumn(rootGroup, declaredAt.get(0), id.getName(), root.getName())
        .orElseGet(() -> JpaAnnotations.columnName(id, origin));
    return Optional.of(new KeyColumn(column, origin + " (@Id)"));
  }

  /**
   * The column that a class-level {@code @AttributeOverride} of one of {@code classes[0..below)}
   * gives {@code attribute} (JPA lets an entity rename the columns of its mapped superclasses);
   * the class nearest the entity wins.
   */
  static Optional<String> overriddenColumn(List<TypeDescription> classes, int below, String attribute, String origin) {
    for (int i = 0; i < below; i++) {
      Map<String, String> overrides = JpaAnnotations.attributeOverrides(classes.get(i), origin);
      if (overrides.containsKey(attribute)) {
        return Optional.of(overrides.get(attribute));
      }
    }
    return Optional.empty();
  }
}
