package dev.banata.vault.samples.petclinic;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.Search;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A pet owner, as in Spring PetClinic. The {@code @Encrypted} annotations (here and on
 * {@link Person#getLastName() lastName}) are the only change the adoption made.
 */
@Entity
@Table(name = "owners")
public class Owner extends Person {

  /** Randomized (the default): only read back. */
  @Column(name = "address")
  @Encrypted
  private String address;

  /** Searched by prefix in any case ({@code findByCityStartingWithIgnoreCase}) and by whole value ({@code findByCityIgnoreCase}). */
  @Column(name = "city")
  @Encrypted(mode = Mode.DETERMINISTIC, search = Search.PREFIX, ignoreCase = true)
  private String city;

  @Column(name = "telephone")
  @Encrypted
  private String telephone;

  /** Loaded with {@code ... where owner_id=? order by name}: the driver orders by the decrypted names. */
  @OneToMany(cascade = CascadeType.ALL, fetch = FetchType.EAGER)
  @JoinColumn(name = "owner_id")
  @OrderBy("name")
  private final List<Pet> pets = new ArrayList<>();

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getCity() {
    return city;
  }

  public void setCity(String city) {
    this.city = city;
  }

  public String getTelephone() {
    return telephone;
  }

  public void setTelephone(String telephone) {
    this.telephone = telephone;
  }

  public List<Pet> getPets() {
    return pets;
  }

  public void addPet(Pet pet) {
    pets.add(pet);
  }

  @Override
  public String toString() {
    return getFirstName() + " " + getLastName();
  }
}
