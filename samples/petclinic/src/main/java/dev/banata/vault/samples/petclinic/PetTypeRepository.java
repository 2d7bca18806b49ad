package dev.banata.vault.samples.petclinic;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface PetTypeRepository extends JpaRepository<PetType, Integer> {

  Optional<PetType> findByName(String name);
}
