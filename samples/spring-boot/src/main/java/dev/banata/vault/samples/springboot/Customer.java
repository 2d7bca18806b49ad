package dev.banata.vault.samples.springboot;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.Mode;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;

/**
 * A customer as the application stored it before adopting the vault; the three {@code @Encrypted}
 * annotations are the only change. The driver finds them through {@code vault.yaml}'s
 * {@code annotated-packages} and encrypts those columns on their way to the database.
 */
@Entity
@Table(name = "customers")
public class Customer {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  /** Deterministic, so that {@code findByEmail} (an equality lookup) still works. */
  @Encrypted(mode = Mode.DETERMINISTIC)
  private String email;

  /** Randomized (the default): never compared in SQL, only read back. */
  @Encrypted(context = "pii")
  private String ssn;

  /** A typed encrypted value: a LocalDate in Java, an envelope in a text column. */
  @Encrypted
  private LocalDate birthDate;

  protected Customer() {}

  public Customer(String name, String email, String ssn, LocalDate birthDate) {
    this.name = name;
    this.email = email;
    this.ssn = ssn;
    this.birthDate = birthDate;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getSsn() {
    return ssn;
  }

  public LocalDate getBirthDate() {
    return birthDate;
  }
}
