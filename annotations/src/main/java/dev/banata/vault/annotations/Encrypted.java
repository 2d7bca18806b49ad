package dev.banata.vault.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity field whose column the vault driver encrypts. The column is the JPA
 * {@code @Column(name)} of the field if present, else the field name in snake_case; the table is
 * the class's {@link EncryptedTable}, else its JPA {@code @Table(name)}, else the class name in
 * snake_case.
 *
 * <pre>{@code
 * @Encrypted(mode = Mode.DETERMINISTIC) String email;
 * @Encrypted(context = "pii") String ssn;
 * @Encrypted(type = ValueType.DATE) LocalDate birthDate;
 * }</pre>
 *
 * <p>The driver finds annotated classes through {@code annotated-classes} / {@code
 * annotated-packages} in {@code vault.yaml} (or the {@code vault.annotated-*} connection
 * properties) and reads them from their class files: the classes are never loaded or initialized
 * by the driver. Snake case is what Spring Boot's Hibernate naming produces; with plain Hibernate,
 * whose default column name is the field name itself, give encrypted fields an explicit JPA
 * {@code @Column(name)} so that both agree on the column.
 *
 * <p>Fields of a JPA {@code @MappedSuperclass} belong to the entity's table; fields of an
 * {@code @Embeddable} to the table of the entity that embeds it; fields of entity hierarchies to
 * the table JPA's {@code @Inheritance} strategy stores them in. Not supported (a startup error
 * naming the field, never a silently unencrypted column): static and transient fields, an
 * embeddable nested in an embeddable, collections of embeddables, composite primary keys.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Encrypted {

  /**
   * {@link Mode#RANDOMIZED} (default) or {@link Mode#DETERMINISTIC}. Deterministic encryption makes
   * equality lookups possible and, in exchange, reveals which rows hold equal values; see {@link
   * Mode#DETERMINISTIC}.
   */
  Mode mode() default Mode.RANDOMIZED;

  /**
   * The cryptographic context: it takes part in key derivation and in the associated data, so a
   * ciphertext made under one context never decrypts under another. Empty (default) means
   * {@code table.column}. Give an explicit context to keep data readable across a table or column
   * rename, or to let two columns share values (an {@code INSERT ... SELECT} between them, or an
   * equality join of two deterministic columns).
   */
  String context() default "";

  /**
   * The logical type; {@link ValueType#AUTO} (default) takes it from the field's Java type (see
   * {@link ValueType#AUTO} for the mapping). Set it for any other field type, e.g. {@link
   * ValueType#JSON} on a {@code String} holding a JSON document.
   */
  ValueType type() default ValueType.AUTO;

  /**
   * For a decimal column: the number of decimal places every value is stored with, as in
   * {@code numeric(p, scale)} ({@code 10.5} is stored and read back as {@code 10.50} with scale 2;
   * a value with more places is refused, never rounded). {@code -1} (default): the scale of each
   * value as written. Required on a {@link Mode#DETERMINISTIC} decimal field, where equality would
   * otherwise depend on how a number was written ({@code 10.5} would not find {@code 10.50}).
   */
  int scale() default -1;

  /**
   * {@link Search#PREFIX} makes {@code LIKE 'abc%'} (also with {@code ESCAPE}, as Spring Data's
   * {@code StartingWith} and Hibernate write it) answerable by the database, exactly, so that
   * {@code LIMIT}/{@code OFFSET} and {@code count(*)} stay right. Needs {@link Mode#DETERMINISTIC}
   * and a text field. Dangerous in the way deterministic encryption is, and more: it reveals which
   * rows share their first characters (see {@link Search#PREFIX}).
   */
  Search search() default Search.NONE;

  /**
   * With {@link Search#PREFIX}: also answer {@code ILIKE 'abc%'}, {@code lower(col) = lower(?)} and
   * {@code upper(col) LIKE upper(?)}, by a second token set over the value in lower case. Reveals
   * the same about the lower-cased values.
   */
  boolean ignoreCase() default false;

  /**
   * With {@link Search#PREFIX}: the longest prefix, in characters, that a pattern may give
   * ({@code LIKE 'abcd%'} has 4). {@code -1} (default): 16. Longer patterns are refused, never
   * answered approximately. Each value stores one token per indexed length.
   */
  int prefixLength() default -1;
}
