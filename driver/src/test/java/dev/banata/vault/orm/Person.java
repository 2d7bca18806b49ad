package dev.banata.vault.orm;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.EncryptedTable;
import jakarta.persistence.DiscriminatorColumn;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;

/**
 * The root of a single-table hierarchy: {@link Employee}'s fields live in this class's table
 * ({@code people}), not in a table of their own.
 */
@Entity
@Table(name = "people")
@Inheritance(strategy = InheritanceType.SINGLE_TABLE)
@DiscriminatorColumn(name = "kind")
public class Person {

  @Id
  private Long id;

  private String name;

  protected Person() {}

  public Person(Long id, String name) {
    this.id = id;
    this.name = name;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  /**
   * A subclass entity whose encrypted field is stored in {@code people.salary}, with the
   * {@code @EncryptedTable(primaryKey)} an application may have added while the driver still asked
   * for it: an explicit primary key without a table name keeps the hierarchy's table.
   */
  @Entity
  @EncryptedTable(primaryKey = "id")
  public static class Employee extends Person {

    @Encrypted
    private String salary;

    protected Employee() {}

    public Employee(Long id, String name, String salary) {
      super(id, name);
      this.salary = salary;
    }

    public String getSalary() {
      return salary;
    }
  }

  /** A subclass entity without any vault annotation but {@code @Encrypted}: stored in {@code people.rate}. */
  @Entity
  public static class Contractor extends Person {

    @Encrypted
    private String rate;

    protected Contractor() {}

    public Contractor(Long id, String name, String rate) {
      super(id, name);
      this.rate = rate;
    }

    public String getRate() {
      return rate;
    }
  }
}
