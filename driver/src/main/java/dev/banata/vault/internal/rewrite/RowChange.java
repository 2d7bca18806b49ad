package dev.banata.vault.internal.rewrite;

/**
 * A row to rewrite: its key, the row version the job read (the compare-and-set condition) and, per
 * encrypted column, the value to store — null for a column the job leaves as it is, so that its
 * stored value (which may be plaintext) is never sent back to the server.
 */
record RowChange(String key, String version, Object[] newValues) {}
