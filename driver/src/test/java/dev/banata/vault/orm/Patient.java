package dev.banata.vault.orm;

import dev.banata.vault.annotations.Encrypted;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An entity whose encrypted field sits in an {@code @Embeddable} value type, as JPA applications
 * often group address fields. Only {@code Patient} is named to the driver.
 */
@Entity
@Table(name = "patients")
public class Patient {

  @Id
  private Long id;

  @Encrypted
  private String name;

  @Embedded
  private Address address;

  protected Patient() {}

  public Patient(Long id, String name, Address address) {
    this.id = id;
    this.name = name;
    this.address = address;
  }

  public Address getAddress() {
    return address;
  }

  /** Hibernate maps its fields to columns of the owning entity's table (street, city). */
  @Embeddable
  public static class Address {

    @Encrypted
    private String street;

    private String city;

    protected Address() {}

    public Address(String street, String city) {
      this.street = street;
      this.city = city;
    }

    public String getStreet() {
      return street;
    }
  }
}
