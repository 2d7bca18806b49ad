package dev.banata.vault.boot.app;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.EncryptedTable;
import dev.banata.vault.annotations.Mode;

/**
 * {@code CREATE TABLE contacts (id bigint PRIMARY KEY, name text, email text, phone text)}: found by
 * the starter in the application's package, no vault.yaml and no vault property needed.
 */
@EncryptedTable(value = "contacts", primaryKey = "id")
public class Contact {
  long id;
  String name;
  @Encrypted(mode = Mode.DETERMINISTIC) String email;
  @Encrypted String phone;
}
