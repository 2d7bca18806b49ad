package dev.banata.vault.samples.petclinic;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The queries Spring Data derives (abridged):
 * <ul>
 *   <li>{@link #findByLastNameStartingWith}: {@code select ... from owners o1_0 where o1_0.last_name like ? escape '\'
 *       order by o1_0.id offset ? rows fetch first ? rows only} and
 *       {@code select count(*) from owners o1_0 where o1_0.last_name like ? escape '\'}, the value {@code Dav%};
 *   <li>{@link #findByCityStartingWithIgnoreCase}: {@code ... where upper(o1_0.city) like upper(?) escape '\' ...};
 *   <li>{@link #findByCityIgnoreCase}: {@code ... where upper(o1_0.city)=upper(?)}.
 * </ul>
 */
public interface OwnerRepository extends JpaRepository<Owner, Integer> {

  Page<Owner> findByLastNameStartingWith(String lastName, Pageable pageable);

  Page<Owner> findByCityStartingWithIgnoreCase(String city, Pageable pageable);

  List<Owner> findByCityIgnoreCase(String city);
}
