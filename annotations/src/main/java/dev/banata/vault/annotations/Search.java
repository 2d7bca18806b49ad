package dev.banata.vault.annotations;

/**
 * Which searches beyond equality an encrypted column answers on the server. Every search option
 * stores extra, keyed search tokens with each value and so reveals more than the column's mode alone:
 * see docs/SECURITY.md, "Prefix search".
 */
public enum Search {
  /** Equality only (on a deterministic column), no search tokens. */
  NONE,
  /**
   * {@code LIKE 'abc%'}: each value carries a keyed token for each of its prefixes up to the column's
   * prefix length (and one for the whole value). Reveals, between rows of one key version, which
   * values share their first 1 … prefix-length characters. Requires {@link Mode#DETERMINISTIC} and a
   * text column.
   */
  PREFIX
}
