package dev.banata.vault.orm;

import dev.banata.vault.annotations.Encrypted;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;

/**
 * The root of a JOINED hierarchy: its fields are stored in {@code bank_accounts}, a subclass's own
 * fields in the subclass's table, joined on {@code id}. Only {@link Savings} is named to the driver.
 */
@Entity
@Table(name = "bank_accounts")
@Inheritance(strategy = InheritanceType.JOINED)
public class BankAccount {

  @Id
  private Long id;

  @Encrypted
  private String iban;

  protected BankAccount() {}

  public BankAccount(Long id, String iban) {
    this.id = id;
    this.iban = iban;
  }

  public String getIban() {
    return iban;
  }

  /** Stored in {@code savings_accounts (memo, id)}, and its inherited {@code iban} in {@code bank_accounts}. */
  @Entity
  @Table(name = "savings_accounts")
  public static class Savings extends BankAccount {

    @Encrypted
    private String memo;

    protected Savings() {}

    public Savings(Long id, String iban, String memo) {
      super(id, iban);
      this.memo = memo;
    }

    public String getMemo() {
      return memo;
    }
  }
}
