package dev.banata.vault.boot.scanned.model;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.EncryptedTable;

/** Found only through the application's {@code @EntityScan}. */
@EncryptedTable(value = "invoices", primaryKey = "id")
public class Invoice {
  long id;
  @Encrypted String iban;
}
