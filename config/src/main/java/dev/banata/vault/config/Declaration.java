package dev.banata.vault.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an encrypted column was declared, for the startup log and for messages that must say where
 * a column's encryption came from: a line of {@code vault.yaml}, an {@code @Encrypted} field (and
 * how the reader got to it), or a program using the builder. See {@link VaultConfig#declarations}.
 *
 * <p>Kept beside {@link EncryptedColumn} rather than in it, so that what a column is (and how it
 * compares) does not depend on how many places declare it.
 */
public sealed interface Declaration {

  /** A short description for people: {@code vault.yaml:12}, {@code @Encrypted on com.example.Person.lastName, ...}. */
  String describe();

  /**
   * A column of {@code vault.yaml}.
   *
   * @param file the file as the configuration names it ({@code classpath:vault.yaml}, {@code /etc/app/vault.yaml})
   * @param line the line of the column's key, from 1
   * @param key the column's key path, {@code tables.customers.columns.email}
   */
  record InFile(String file, int line, String key) implements Declaration {
    public InFile {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String describe() {
      return file + ":" + line;
    }
  }

  /**
   * An {@code @Encrypted} field of an entity class.
   *
   * @param field {@code declaringClass.field}, the field that carries {@code @Encrypted}
   * @param reachedFrom the entity (or the embedding field, {@code com.example.Patient.address}) through which the
   *     reader got to a field declared elsewhere: in a superclass or an {@code @Embeddable}; empty when the listed or
   *     scanned class declares the field itself
   * @param via how the entity was named: {@code annotated-packages 'com.example' at vault.yaml:7},
   *     {@code connection property vault.annotated-classes 'com.example.Customer'}, {@code annotatedClasses(...)}
   * @param packageScan true when the entity was found by scanning a package rather than named in a list
   * @param inherited true when the field is declared in a superclass of the entity (a {@code @MappedSuperclass}, or an
   *     {@code @Entity} superclass), so that every entity below it may get the column
   */
  record AnnotatedField(String field, Optional<String> reachedFrom, String via, boolean packageScan, boolean inherited)
      implements Declaration {
    public AnnotatedField {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(reachedFrom, "reachedFrom");
      Objects.requireNonNull(via, "via");
    }

    @Override
    public String describe() {
      return "@Encrypted on " + field + reachedFrom.map(from -> ", reached from " + from).orElse("") + " via " + via;
    }
  }

  /**
   * A column declared through {@link VaultConfig.Builder.TableBuilder#column} by a program.
   *
   * @param origin what the program gave as the origin ({@code builder} when it gave none)
   */
  record Programmatic(String origin) implements Declaration {
    public Programmatic {
      Objects.requireNonNull(origin, "origin");
    }

    @Override
    public String describe() {
      return origin;
    }
  }
}
