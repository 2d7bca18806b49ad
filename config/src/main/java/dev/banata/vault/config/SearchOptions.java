package dev.banata.vault.config;

/**
 * The server-side searches an encrypted column answers beyond equality ({@code search},
 * {@code ignore-case}, {@code prefix-length} in {@code vault.yaml}). They decide the stored value (its
 * search tokens), so two columns compare or copy only with the same options.
 *
 * @param prefix {@code search: prefix}: {@code LIKE 'abc%'} is answered by the database
 * @param ignoreCase also {@code ILIKE} and {@code lower(col) = lower(?)}; only with {@code prefix}
 * @param prefixLength the longest prefix a pattern may give, in characters; 0 without {@code prefix}
 */
public record SearchOptions(boolean prefix, boolean ignoreCase, int prefixLength) {

  /** No search: equality only. */
  public static final SearchOptions NONE = new SearchOptions(false, false, 0);
  /** The prefix length when none is configured. */
  public static final int DEFAULT_PREFIX_LENGTH = 16;
  /** The longest prefix length accepted: each indexed length costs one token in every stored value. */
  public static final int MAX_PREFIX_LENGTH = 64;

  public SearchOptions {
    if (!prefix && (ignoreCase || prefixLength != 0)) {
      throw new IllegalArgumentException("ignore-case and prefix-length apply only with search: prefix");
    }
    if (prefix && (prefixLength < 1 || prefixLength > MAX_PREFIX_LENGTH)) {
      throw new IllegalArgumentException("prefix-length must be 1 to " + MAX_PREFIX_LENGTH + ", not " + prefixLength);
    }
  }

  /** {@code search: prefix} with the given options. */
  public static SearchOptions prefix(boolean ignoreCase, int prefixLength) {
    return new SearchOptions(true, ignoreCase, prefixLength);
  }

  /** For messages: {@code search prefix, ignore-case, prefix-length 16}, or empty for none. */
  public String describe() {
    return !prefix ? "" : "search prefix" + (ignoreCase ? ", ignore-case" : "") + ", prefix-length " + prefixLength;
  }
}
