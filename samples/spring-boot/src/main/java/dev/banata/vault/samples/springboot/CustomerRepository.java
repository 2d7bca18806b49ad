package dev.banata.vault.samples.springboot;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data derives the SQL: {@code ... where c1_0.email=?} for {@link #findByEmail}. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {

  Optional<Customer> findByEmail(String email);

  boolean existsByEmail(String email);

  List<Customer> findByNameOrderByIdAsc(String name);
}
