package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;

/**
 * One {@code ?} of the physical SQL sent to the database.
 *
 * @param physicalIndex its 1-based index in the physical SQL (what the delegate's {@code setXxx} takes)
 * @param parameterIndex the 1-based application parameter whose value goes here
 * @param column the encrypted column, {@code null} for a plain parameter
 * @param role PLAIN, VALUE or MATCH
 * @param versionIndex for MATCH: which live key version's ciphertext goes here (0 = primary, in the
 *     order of {@code KeyRing.liveVersions()}); 0 otherwise
 * @param storage text or bytea envelope
 */
public record PhysicalSlot(int physicalIndex, int parameterIndex, EncryptedColumn column, ParameterRole role,
    int versionIndex, Storage storage) {
}
