package dev.banata.vault.orm;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.Mode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.LocalDate;

/**
 * An ordinary JPA entity, as an application already has it, plus {@code @Encrypted} on three fields.
 * The vault driver learns the encrypted columns from this class file (named by the connection
 * property {@code vault.annotated-classes}); Hibernate knows nothing about encryption.
 *
 * <p>Ids come from a sequence (not IDENTITY) so that Hibernate can batch inserts.
 */
@Entity
@Table(name = "customers")
public class Customer {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "customers_seq")
  @SequenceGenerator(name = "customers_seq", sequenceName = "customers_seq", allocationSize = 50)
  private Long id;

  @Version
  private int version;

  private String name;

  private String city;

  /** Deterministic: equal e-mails give equal ciphertexts, so {@code where email = ?} works. */
  @Encrypted(mode = Mode.DETERMINISTIC)
  private String email;

  /** Randomized with an explicit context that survives a rename of the column. */
  @Encrypted(context = "pii")
  private String ssn;

  /** Typed: stored as an envelope in a text column, read back as a LocalDate. */
  @Encrypted
  @Column(name = "birth_date")
  private LocalDate birthDate;

  protected Customer() {}

  public Customer(String name, String city, String email, String ssn, LocalDate birthDate) {
    this.name = name;
    this.city = city;
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

  public String getCity() {
    return city;
  }

  public void setCity(String city) {
    this.city = city;
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

  public void setSsn(String ssn) {
    this.ssn = ssn;
  }

  public LocalDate getBirthDate() {
    return birthDate;
  }

  public void setBirthDate(LocalDate birthDate) {
    this.birthDate = birthDate;
  }
}
