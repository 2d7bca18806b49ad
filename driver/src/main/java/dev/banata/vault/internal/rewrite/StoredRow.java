package dev.banata.vault.internal.rewrite;

/**
 * One row of a batch as stored: its key in text form, its row version ({@code xmin} as text: the
 * compare-and-set condition of the write, see {@link CompareAndSetWriter}) and the stored value of
 * each encrypted column of the {@link TableTarget} ({@code String} for text columns, {@code byte[]}
 * for bytea, or null).
 */
record StoredRow(String key, String version, Object[] values) {}
