package dev.banata.vault.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the table of an entity class with {@link Encrypted} fields, and its primary key (which
 * {@code rotate} and {@code encrypt-existing} use to rewrite rows one batch at a time). Optional:
 * without it the table is the JPA {@code @Table(name)}, else the class name in snake_case, and the
 * primary key is the field annotated with JPA {@code @Id}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EncryptedTable {

  /** The table name; quote it ({@code "\"Customers\""}) to make it case-sensitive. Empty: derived as above. */
  String value() default "";

  /** The primary key column; empty: the column of the field annotated with JPA {@code @Id}. */
  String primaryKey() default "";
}
