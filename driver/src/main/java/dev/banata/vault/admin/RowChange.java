package dev.banata.vault.admin;

/**
 * A row to rewrite: the values the job read (the compare-and-set condition) and the values to store.
 * Columns the job leaves alone carry the same value in both.
 */
record RowChange(String key, Object[] oldValues, Object[] newValues) {}
