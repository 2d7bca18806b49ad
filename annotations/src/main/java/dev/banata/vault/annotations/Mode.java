package dev.banata.vault.annotations;

/** How an encrypted column's values are encrypted. */
public enum Mode {

  /**
   * AES-256-GCM with a fresh random IV per value (the default). Two equal plaintexts give different
   * ciphertexts, so the database learns nothing but the value's length. The column can be stored and
   * read, and tested with {@code IS NULL}; it cannot be searched: equality, {@code LIKE}, ranges and
   * {@code ORDER BY} on it are rejected.
   */
  RANDOMIZED,

  /**
   * Equal plaintexts under the same context and key version give equal ciphertexts, so the column
   * supports {@code =}, {@code <>}, {@code IN}, {@code GROUP BY}, {@code DISTINCT} and equality joins.
   *
   * <p><b>What it leaks:</b> anyone who reads the table learns which rows hold equal values (and so
   * how often each value occurs, which enables frequency analysis on low-cardinality data such as a
   * country or a yes/no field), besides the value's length. Use it only where lookups need it, on
   * values with many distinct possibilities (an e-mail address, not a gender).
   */
  DETERMINISTIC
}
