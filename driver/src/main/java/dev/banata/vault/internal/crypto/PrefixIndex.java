package dev.banata.vault.internal.crypto;

/**
 * The search tokens a text value of a {@code search: prefix} column carries (docs/FORMAT.md, "Search
 * tokens"): one exact-value token, one token per prefix length 1 … {@code length}, and with
 * {@code ignoreCase} the same again over the lower-cased value.
 *
 * <p>Dangerous: the tokens are deterministic per (context, key version), so they reveal which stored
 * values share their first 1 … {@code length} characters (docs/SECURITY.md, "Prefix search").
 *
 * @param length the longest indexed prefix, in Unicode code points (1 to 64)
 * @param ignoreCase also tokens of the lower-cased value
 */
public record PrefixIndex(int length, boolean ignoreCase) {

  public PrefixIndex {
    if (length < 1 || length > 64) {
      throw new IllegalArgumentException("prefix length must be 1 to 64, not " + length);
    }
  }

  /** The index of a column's search options, or null for a column without {@code search: prefix}. */
  public static PrefixIndex of(boolean prefix, int length, boolean ignoreCase) {
    return prefix ? new PrefixIndex(length, ignoreCase) : null;
  }

  /** The number of tokens each value carries. */
  public int tokenCount() {
    return (length + 1) * (ignoreCase ? 2 : 1);
  }
}
