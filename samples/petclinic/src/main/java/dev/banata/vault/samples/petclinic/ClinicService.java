package dev.banata.vault.samples.petclinic;

import java.time.LocalDate;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The clinic's operations, written before the vault was adopted and unchanged by it. */
@Service
public class ClinicService {

  /** Owners per page of the "find owners" list. */
  public static final int PAGE_SIZE = 5;

  private final OwnerRepository owners;
  private final PetTypeRepository types;
  private final VetRepository vets;

  public ClinicService(OwnerRepository owners, PetTypeRepository types, VetRepository vets) {
    this.owners = owners;
    this.types = types;
    this.vets = vets;
  }

  /** The "find owners" page: owners whose last name starts with what was typed, in the order they registered. */
  @Transactional(readOnly = true)
  public Page<Owner> findOwners(String lastName, int page) {
    return owners.findByLastNameStartingWith(lastName, PageRequest.of(page, PAGE_SIZE, Sort.by("id")));
  }

  /** Owners by the beginning of their city, in any case ("mad" finds Madison and MADRID). */
  @Transactional(readOnly = true)
  public Page<Owner> findOwnersByCity(String city, int page) {
    return owners.findByCityStartingWithIgnoreCase(city, PageRequest.of(page, PAGE_SIZE, Sort.by("id")));
  }

  @Transactional(readOnly = true)
  public List<Owner> ownersIn(String city) {
    return owners.findByCityIgnoreCase(city);
  }

  /** An owner with their pets, in name order. */
  @Transactional(readOnly = true)
  public Owner owner(int id) {
    return owners.findById(id).orElseThrow(() -> new NoSuchElementException("no owner " + id));
  }

  @Transactional
  public Owner registerOwner(String firstName, String lastName, String address, String city, String telephone) {
    Owner owner = new Owner();
    owner.setFirstName(firstName);
    owner.setLastName(lastName);
    owner.setAddress(address);
    owner.setCity(city);
    owner.setTelephone(telephone);
    return owners.save(owner);
  }

  @Transactional
  public Pet addPet(int ownerId, String name, LocalDate birthDate, String type) {
    Owner owner = owner(ownerId);
    Pet pet = new Pet();
    pet.setName(name);
    pet.setBirthDate(birthDate);
    pet.setType(types.findByName(type).orElseGet(() -> {
      PetType created = new PetType();
      created.setName(type);
      return types.save(created);
    }));
    owner.addPet(pet);
    return pet;
  }

  @Transactional
  public Vet hireVet(String firstName, String lastName) {
    Vet vet = new Vet();
    vet.setFirstName(firstName);
    vet.setLastName(lastName);
    return vets.save(vet);
  }

  /** Every vet, by last name then first name (the whole list, not a page). */
  @Transactional(readOnly = true)
  public List<Vet> vets() {
    return vets.findAll(Sort.by("lastName", "firstName"));
  }

  /** Pet types by name. */
  @Transactional(readOnly = true)
  public List<PetType> petTypes() {
    return types.findAll(Sort.by("name"));
  }
}
