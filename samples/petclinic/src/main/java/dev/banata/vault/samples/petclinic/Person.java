package dev.banata.vault.samples.petclinic;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.Search;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/**
 * A person, shared by {@link Owner} and {@link Vet}: {@code last_name} is encrypted in both tables,
 * {@code owners} and {@code vets}. Deterministic with prefix search, so that the owners' search by
 * last-name prefix ({@code findByLastNameStartingWith}, a page and a count) is answered by the database.
 * Both entities are listed in {@code vault.yaml}'s {@code annotated-classes}: encrypting the field in
 * both tables is meant.
 */
@MappedSuperclass
public class Person extends BaseEntity {

  @Column(name = "first_name")
  private String firstName;

  @Column(name = "last_name")
  @Encrypted(mode = Mode.DETERMINISTIC, search = Search.PREFIX)
  private String lastName;

  public String getFirstName() {
    return firstName;
  }

  public void setFirstName(String firstName) {
    this.firstName = firstName;
  }

  public String getLastName() {
    return lastName;
  }

  public void setLastName(String lastName) {
    this.lastName = lastName;
  }
}
