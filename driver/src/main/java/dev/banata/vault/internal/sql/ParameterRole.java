package dev.banata.vault.internal.sql;

/** What the JDBC layer must do with a value the application binds (a {@code ?}) or writes (a literal). */
public enum ParameterRole {
  /** Not bound for an encrypted column: set on the delegate unchanged. */
  PLAIN,
  /** Stored in (or compared as a whole with) an encrypted column: one ciphertext at the primary key version. */
  VALUE,
  /**
   * Equality ({@code =}, {@code <>}, {@code IN}) on a deterministic column: one ciphertext per live
   * key version, primary first, each in its own physical slot, so rows written under any live
   * version are found during a rotation.
   */
  MATCH,
  /**
   * A LIKE pattern or case-insensitive value on a {@code search: prefix} column
   * ({@link ParameterBinding#search()} says how to read it): one regular expression over search tokens,
   * matching the token of every live key version, in one slot.
   */
  SEARCH
}
