package dev.banata.vault.frameworks;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.EncryptedTable;
import dev.banata.vault.annotations.Mode;
import java.util.Objects;

/**
 * The entity every framework test maps: {@code email} deterministic (so {@code WHERE email = ?}
 * works), {@code ssn} randomized under the context {@code pii}, {@code id} and {@code name} plain.
 * A plain mutable bean, as Spring's {@code BeanPropertyRowMapper}, jOOQ's {@code into(Class)} and
 * MyBatis's auto-mapping expect; the driver learns of its columns from {@code vault.annotated-classes}.
 */
@EncryptedTable(value = "customers", primaryKey = "id")
public class Customer {

  private Long id;
  private String name;

  @Encrypted(mode = Mode.DETERMINISTIC)
  private String email;

  @Encrypted(context = "pii")
  private String ssn;

  public Customer() {}

  public Customer(Long id, String name, String email, String ssn) {
    this.id = id;
    this.name = name;
    this.email = email;
    this.ssn = ssn;
  }

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
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

  @Override
  public boolean equals(Object other) {
    return other instanceof Customer that
        && Objects.equals(id, that.id) && Objects.equals(name, that.name)
        && Objects.equals(email, that.email) && Objects.equals(ssn, that.ssn);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, email, ssn);
  }

  @Override
  public String toString() {
    return "Customer[id=" + id + ", name=" + name + ", email=" + email + ", ssn=" + ssn + "]";
  }
}
