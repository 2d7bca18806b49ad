package dev.banata.vault.samples.quickstart;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.EncryptedTable;
import dev.banata.vault.annotations.Mode;
import java.time.LocalDate;

/**
 * A customer of the quickstart, as an application's entity class would declare it: the annotations
 * are all the vault needs to know which columns of {@code customers} it encrypts and how.
 *
 * <p>The driver reads these annotations from the class file ({@code annotated-classes} in
 * {@code quickstart/vault.yaml}); it never loads the class. Column names are the field names in
 * snake_case ({@code birthDate} is {@code birth_date}).
 */
@EncryptedTable(value = "customers", primaryKey = "id")
public record Customer(
    long id,
    String name,
    // Deterministic: equal e-mails give equal ciphertexts, so WHERE email = ? works (and reveals equality).
    @Encrypted(mode = Mode.DETERMINISTIC) String email,
    // Randomized (the default), under an explicit context that survives a column rename.
    @Encrypted(context = "pii") String ssn,
    // A typed value: stored as ciphertext text, read back with getObject(i, LocalDate.class).
    @Encrypted LocalDate birthDate) {}
