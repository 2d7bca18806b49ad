package dev.banata.vault.internal.columns;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.SearchOptions;
import dev.banata.vault.internal.crypto.CaseFold;
import dev.banata.vault.internal.crypto.PrefixIndex;

/**
 * What a column's search options ({@link SearchOptions}) mean for the values stored in it, the same
 * for every writer (the driver's statements, the rewrite jobs) and for every check of what is stored
 * (the driver's search readiness, {@code rotate}'s "tokens complete?"): the search tokens each value
 * carries, and which values can carry them.
 */
public final class ColumnSearch {

  private ColumnSearch() {}

  /** The search tokens a value of {@code column} carries, or null for a column without {@code search: prefix}. */
  public static PrefixIndex prefixIndex(EncryptedColumn column) {
    SearchOptions search = column.search();
    return PrefixIndex.of(search.prefix(), search.prefixLength(), search.ignoreCase());
  }

  /**
   * False for text that an ignore-case column cannot store: text its frozen case folding
   * ({@link CaseFold}, whose {@link CaseFold#RULE} the callers' messages quote) does not cover would
   * carry lower-case tokens the server's {@code lower()} might not agree with. True for anything else.
   */
  public static boolean canStore(EncryptedColumn column, Object value) {
    SearchOptions search = column.search();
    return !(search.prefix() && search.ignoreCase() && value instanceof String text && !CaseFold.covers(text));
  }
}
