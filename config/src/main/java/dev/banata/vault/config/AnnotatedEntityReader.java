package dev.banata.vault.config;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.EncryptedTable;
import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.config.ClassSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
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
 * {@code javax.persistence.*}), so no JPA jar is needed ({@link JpaAnnotationTypes} stands in for
 * the annotation types when none is on the class path). Names: the table is {@code @EncryptedTable}'s,
 * else JPA {@code @Table(name)}, else the class name in snake_case; a column is the field's JPA
 * {@code @Column(name)}, else its name in snake_case; Hibernate's {@code `backtick`} quoting is read
 * as SQL double quotes. The primary key is {@code @EncryptedTable(primaryKey)}, else the column of
 * the field with JPA {@code @Id}. Which table a field of a superclass belongs to follows JPA
 * inheritance ({@link EntityTables}); a {@code @MappedSuperclass} or {@code @Embeddable} is not a
 * table of its own. The encrypted fields of an {@code @Embeddable} are columns of the table of the
 * entity that embeds it.
 *
 * <p>Fail closed: every {@code @Encrypted} field reachable from a class ({@link
 * EncryptedFieldInventory}) either becomes a column or is refused with a {@link ConfigException}
 * naming it; none is left out silently, since a field left out is stored in plaintext.
 */
final class AnnotatedEntityReader {

  private static final String ENCRYPTED = Encrypted.class.getName();

  private final ClassSource source;
  private final TypePool pool;

  AnnotatedEntityReader(ClassSource source) {
    this.source = source;
    // The JPA stand-ins come last: a JPA jar on the class path wins over them.
    this.pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(),
        new ClassFileLocator.Compound(source.classFiles(), JpaAnnotationTypes.locator()),
        TypePool.Default.ReaderMode.FAST);
  }

  /**
   * Declares the table of one named class; it must exist and have at least one {@code @Encrypted}
   * field. {@code shownName} is how a message may name it before it is found (see {@link
   * YamlConfigReader.Located}); {@code via} is how the class was named, for its columns' {@link Declaration}.
   */
  void declareRequired(String className, String shownName, String origin, String via, VaultConfig.Builder into) {
    TypePool.Resolution resolution = pool.describe(className);
    if (!resolution.isResolved()) {
      throw new ConfigException(origin + ": class " + shownName + " is not " + source.place());
    }
    TypeDescription type = resolution.resolve();
    if (JpaAnnotations.isJpa(type, "MappedSuperclass")) {
      throw new ConfigException(origin + ": " + className + " is a @MappedSuperclass, not a table; list its entity classes instead");
    }
    if (JpaAnnotations.isJpa(type, "Embeddable")) {
      throw new ConfigException(origin + ": " + className + " is an @Embeddable, not a table; list the entities that embed it instead");
    }
    if (!declare(type, via, false, into)) {
      throw new ConfigException(origin + ": class " + className + " has no @Encrypted field");
    }
  }

  /**
   * Declares every class of the package (and its sub-packages) that has {@code @Encrypted} fields;
   * there must be one. Mapped superclasses and embeddables are read through the entities that use
   * them, and a class that is no table ({@link #mayBeTable}) is not read at all.
   */
  void declarePackage(String packageName, String shownName, String origin, String via, VaultConfig.Builder into) {
    int declared = 0;
    for (String className : source.classNames(packageName, shownName, origin)) {
      TypePool.Resolution resolution = pool.describe(className);
      if (resolution.isResolved() && mayBeTable(resolution.resolve()) && declare(resolution.resolve(), via, true, into)) {
        declared++;
      }
    }
    if (declared == 0) {
      throw new ConfigException(origin + ": no class with @Encrypted fields in package " + shownName + " or its sub-packages");
    }
  }

  /**
   * Whether a package scan would declare {@code className}: it can be a table and has {@code @Encrypted}
   * fields reachable from it. Never throws for a class it cannot read or map; {@link #declarePackage} reports those.
   */
  boolean isEncryptedEntity(String className) {
    TypePool.Resolution resolution = pool.describe(className);
    return resolution.isResolved() && mayBeTable(resolution.resolve())
        && !EncryptedFieldInventory.reachableFrom(resolution.resolve()).isEmpty();
  }

  /**
   * Whether a scanned class can be a table: not a mapped superclass or embeddable, and marked as an
   * entity ({@code @Entity}, {@code @Table}, {@code @EncryptedTable}) or carrying {@code @Encrypted}
   * fields itself or in a superclass. A form or DTO that merely holds an {@code @Embeddable} (an
   * {@code Address} field) is no table, and declaring one would demand a primary key it cannot have.
   */
  private static boolean mayBeTable(TypeDescription type) {
    if (JpaAnnotations.isJpa(type, "MappedSuperclass") || JpaAnnotations.isJpa(type, "Embeddable")) {
      return false;
    }
    if (JpaAnnotations.isJpa(type, "Entity") || JpaAnnotations.isJpa(type, "Table")
        || JpaAnnotations.annotation(type, EncryptedTable.class.getName()).isPresent()) {
      return true;
    }
    List<TypeDescription> classes = new ArrayList<>(List.of(type));
    classes.addAll(EntityTables.superclasses(type));
    return classes.stream().anyMatch(current -> current.getDeclaredFields().stream().anyMatch(AnnotatedEntityReader::encrypted));
  }

  /** Declares the tables of {@code type}'s encrypted fields; false when none is reachable from it. */
  private boolean declare(TypeDescription type, String via, boolean packageScan, VaultConfig.Builder into) {
    Set<String> reachable = EncryptedFieldInventory.reachableFrom(type);
    if (reachable.isEmpty()) {
      return false;
    }
    String className = type.getName();
    EntityTables tables = EntityTables.of(type);
    for (TypeDescription plain : tables.notPersistentSuperclasses()) {
      for (FieldDescription field : plain.getDeclaredFields()) {
        if (encrypted(field)) {
          throw new ConfigException(EncryptedFieldInventory.key(field) + ": @Encrypted field of a superclass of " + className
              + " that is neither @Entity nor @MappedSuperclass: JPA does not store it in " + className
              + "'s table; make the superclass a @MappedSuperclass, or remove @Encrypted and declare the column in vault.yaml");
        }
      }
    }
    Set<String> mapped = new HashSet<>();
    for (EntityTables.Segment segment : tables.segments()) {
      List<Column> columns = columnsOf(segment, className);
      if (columns.isEmpty()) {
        continue;
      }
      String tableOrigin = segment.entity().getName();
      VaultConfig.Builder.TableBuilder table = into.table(identifier(segment.table(), tableOrigin), tableOrigin);
      segment.primaryKey().get().ifPresent(key -> table.primaryKey(identifier(key.column(), key.origin()), key.origin()));
      for (Column column : columns) {
        table.column(identifier(column.name(), column.origin()), column.mode(), column.context(), column.type(), column.scale(),
            column.search(), column.origin(),
            new Declaration.AnnotatedField(column.field(), column.reachedFrom(), via, packageScan, column.inherited()));
        mapped.add(column.field());
      }
    }
    // The guard: a field the rules above did not place is refused, never left in plaintext.
    reachable.removeAll(mapped);
    if (!reachable.isEmpty()) {
      throw new ConfigException(reachable.iterator().next() + " (reached from " + className + "): the annotation reader cannot"
          + " tell which column this @Encrypted field is stored in; remove @Encrypted from it and declare its column in vault.yaml");
    }
    return true;
  }

  /**
   * One encrypted column found in a class; {@code field} is {@link EncryptedFieldInventory#key}, the
   * other two are {@link Declaration.AnnotatedField}'s.
   */
  private record Column(String name, Mode mode, String context, ValueType type, OptionalInt scale, SearchOptions search, String origin,
      String field, Optional<String> reachedFrom, boolean inherited) {}

  private List<Column> columnsOf(EntityTables.Segment segment, String className) {
    List<Column> columns = new ArrayList<>();
    List<TypeDescription> classes = segment.classes();
    for (int i = 0; i < classes.size(); i++) {
      for (FieldDescription field : classes.get(i).getDeclaredFields()) {
        String origin = EncryptedFieldInventory.key(field);
        String shown = origin.equals(className + "." + field.getName()) ? origin : origin + " in " + className;
        if (encrypted(field)) {
          checkStoredInItsOwnColumn(field, origin);
          String name = EntityTables.overriddenColumn(classes, i, field.getName(), origin)
              .orElseGet(() -> JpaAnnotations.columnName(field, origin));
          boolean inherited = !field.getDeclaringType().asErasure().getName().equals(className);
          columns.add(column(field, name, origin, shown, inherited ? Optional.of(className) : Optional.empty(), inherited));
        } else if (persistent(field) && embedded(field)) {
          columns.addAll(embeddedColumns(classes, i, field, className));
        } else if (persistent(field)) {
          refuseEncryptedCollectionElements(field);
        }
      }
    }
    return columns;
  }

  /**
   * The encrypted fields of the {@code @Embeddable} of {@code owner}, which JPA stores in the
   * owner's table: the column is the owner's {@code @AttributeOverride} for it (an entity's
   * class-level {@code owner.field} override first), else the field's own column name, without
   * prefix (Hibernate's default). An embeddable inside it with encrypted fields is refused.
   */
  private List<Column> embeddedColumns(List<TypeDescription> classes, int ownerClass, FieldDescription owner, String className) {
    String ownerOrigin = EncryptedFieldInventory.key(owner);
    boolean inherited = !owner.getDeclaringType().asErasure().getName().equals(className);
    Optional<String> reachedFrom = Optional.of(inherited ? ownerOrigin + " in " + className : ownerOrigin);
    TypeDescription embeddable = owner.getType().asErasure();
    if (JpaAnnotations.isJpa(owner, "EmbeddedId")) {
      EncryptedFieldInventory.reachableFrom(embeddable).stream().findFirst().ifPresent(field -> {
        throw new ConfigException(field + " in " + ownerOrigin + ": @Encrypted in an @EmbeddedId: primary-key columns cannot be encrypted");
      });
      return List.of();
    }
    Map<String, String> overrides = JpaAnnotations.attributeOverrides(owner, ownerOrigin);
    List<Column> columns = new ArrayList<>();
    for (FieldDescription field : embeddable.getDeclaredFields()) {
      String origin = EncryptedFieldInventory.key(field);
      String shown = origin + " in " + ownerOrigin;
      if (encrypted(field)) {
        checkStoredInItsOwnColumn(field, shown);
        String name = EntityTables.overriddenColumn(classes, ownerClass + 1, owner.getName() + "." + field.getName(), shown)
            .or(() -> Optional.ofNullable(overrides.get(field.getName())))
            .orElseGet(() -> JpaAnnotations.columnName(field, shown));
        columns.add(column(field, name, shown, shown, reachedFrom, inherited));
      } else if (persistent(field) && embedded(field)
          && !EncryptedFieldInventory.reachableFrom(field.getType().asErasure()).isEmpty()) {
        throw new ConfigException(shown + ": @Encrypted fields of an @Embeddable nested in another @Embeddable are not supported;"
            + " remove @Encrypted from them and declare their columns on the entity's table in vault.yaml");
      } else if (persistent(field)) {
        refuseEncryptedCollectionElements(field);
      }
    }
    return columns;
  }

  /** A collection of embeddables ({@code @ElementCollection}) lives in a table of its own, which this reader does not name. */
  private static void refuseEncryptedCollectionElements(FieldDescription field) {
    TypeDescription.Generic type = field.getType();
    if (type.getSort() != TypeDefinition.Sort.PARAMETERIZED) {
      return;
    }
    for (TypeDescription.Generic argument : type.getTypeArguments()) {
      if (JpaAnnotations.isEmbeddable(argument) && !EncryptedFieldInventory.reachableFrom(argument.asErasure()).isEmpty()) {
        throw new ConfigException(EncryptedFieldInventory.key(field) + ": @Encrypted fields of the @Embeddable elements of a collection"
            + " are stored in a collection table the annotation reader does not map; remove @Encrypted from "
            + argument.asErasure().getName() + " and declare the collection table's columns in vault.yaml");
      }
    }
  }

  /** Refuses an {@code @Encrypted} field whose value is not stored in one column of the table it is read into. */
  private static void checkStoredInItsOwnColumn(FieldDescription field, String origin) {
    if (field.isStatic()) {
      throw new ConfigException(origin + ": @Encrypted on a static field; a static field is not a column");
    }
    if (field.isTransient() || JpaAnnotations.isJpa(field, "Transient")) {
      throw new ConfigException(origin + ": @Encrypted on a transient field; a transient field is not a column");
    }
    if (embedded(field)) {
      throw new ConfigException(origin + ": @Encrypted on an embedded field; put @Encrypted on the fields of the @Embeddable class instead");
    }
    if (JpaAnnotations.isJpa(field, "ElementCollection")) {
      throw new ConfigException(origin + ": @Encrypted on an @ElementCollection, whose values are stored in a collection table"
          + " the annotation reader does not map; remove @Encrypted and declare that table's column in vault.yaml");
    }
    for (String association : List.of("OneToOne", "ManyToOne", "OneToMany", "ManyToMany")) {
      if (JpaAnnotations.isJpa(field, association)) {
        throw new ConfigException(origin + ": @Encrypted on a @" + association + " association; put @Encrypted on fields of the associated entity");
      }
    }
    Optional<String> secondaryTable = JpaAnnotations.jpa(field, "Column")
        .filter(column -> !column.getAnnotationType().getDeclaredMethods().filter(ElementMatchers.named("table")).isEmpty())
        .map(column -> JpaAnnotations.string(column, "table", origin)).filter(table -> !table.isEmpty());
    if (secondaryTable.isPresent()) {
      throw new ConfigException(origin + ": @Encrypted on a column of the secondary table " + secondaryTable.get()
          + ", which the annotation reader does not map; remove @Encrypted and declare the column in vault.yaml");
    }
  }

  private static Column column(FieldDescription field, String name, String origin, String shown, Optional<String> reachedFrom,
      boolean inherited) {
    AnnotationDescription annotation = JpaAnnotations.annotation(field, ENCRYPTED).orElseThrow();
    Mode mode = Mode.valueOf(JpaAnnotations.enumName(annotation, "mode", origin));
    ValueType valueType = ValueType.valueOf(JpaAnnotations.enumName(annotation, "type", origin));
    if (valueType == ValueType.AUTO) {
      String javaType = field.getType().asErasure().getName();
      valueType = FieldTypes.of(javaType).orElseThrow(() -> new ConfigException(origin + ": @Encrypted field of type "
          + field.getType().asErasure().getActualName() + " has no vault value type; use one of " + FieldTypes.SUPPORTED
          + ", or set @Encrypted(type = ...)"));
    }
    String context = JpaAnnotations.string(annotation, "context", origin);
    int scale = JpaAnnotations.integer(annotation, "scale", origin);
    // -1, the annotation's default, is "as written"; other negative values reach the builder's check.
    OptionalInt fixedScale = scale == -1 ? OptionalInt.empty() : OptionalInt.of(scale);
    return new Column(name, mode, context, valueType, fixedScale, search(annotation, origin), shown, EncryptedFieldInventory.key(field),
        reachedFrom, inherited);
  }

  /** {@code search}, {@code ignoreCase}, {@code prefixLength} of {@code @Encrypted}, read by name like the rest. */
  private static SearchOptions search(AnnotationDescription annotation, String origin) {
    String search = JpaAnnotations.enumName(annotation, "search", origin);
    boolean ignoreCase = JpaAnnotations.bool(annotation, "ignoreCase", origin);
    int prefixLength = JpaAnnotations.integer(annotation, "prefixLength", origin);
    if (!search.equals("PREFIX")) {
      if (ignoreCase || prefixLength != -1) {
        throw new ConfigException(origin + ": @Encrypted(" + (ignoreCase ? "ignoreCase" : "prefixLength")
            + ") applies only with search = Search.PREFIX");
      }
      return SearchOptions.NONE;
    }
    int length = prefixLength == -1 ? SearchOptions.DEFAULT_PREFIX_LENGTH : prefixLength;
    if (length < 1 || length > SearchOptions.MAX_PREFIX_LENGTH) {
      throw new ConfigException(origin + ": @Encrypted(prefixLength = " + prefixLength + ") must be 1 to " + SearchOptions.MAX_PREFIX_LENGTH);
    }
    return SearchOptions.prefix(ignoreCase, length);
  }

  private static boolean encrypted(FieldDescription field) {
    return JpaAnnotations.annotation(field, ENCRYPTED).isPresent();
  }

  private static boolean persistent(FieldDescription field) {
    return !field.isStatic() && !field.isTransient() && !JpaAnnotations.isJpa(field, "Transient");
  }

  /** Stored as an embeddable: {@code @Embedded}, {@code @EmbeddedId}, or a field whose type is {@code @Embeddable}. */
  private static boolean embedded(FieldDescription field) {
    if (JpaAnnotations.isEmbeddable(field.getType())) {
      return true;
    }
    boolean marked = JpaAnnotations.isJpa(field, "Embedded") || JpaAnnotations.isJpa(field, "EmbeddedId");
    if (!marked || field.getType().isPrimitive() || field.getType().isArray()) {
      return false;
    }
    try {
      field.getType().asErasure().getDeclaredFields();
      return true;
    } catch (IllegalStateException missing) {
      return false; // not on the class path: the application could not load it either
    }
  }

  private static String identifier(String name, String origin) {
    String problem = IdentifierSyntax.problem(name);
    if (problem != null) {
      throw new ConfigException(origin + ": " + problem);
    }
    return name;
  }
}
