package dev.banata.vault.samples.petclinic;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/**
 * A name, shared by {@link Pet} and {@link PetType}. No {@code @Encrypted} here on purpose: a pet's
 * name is personal data, the name of a pet type ("cat") is not, and an annotation on this field would
 * encrypt it in both tables. {@code pets.name} is declared in {@code vault.yaml} instead, on its table.
 */
@MappedSuperclass
public class NamedEntity extends BaseEntity {

  @Column(name = "name")
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public String toString() {
    return name;
  }
}
