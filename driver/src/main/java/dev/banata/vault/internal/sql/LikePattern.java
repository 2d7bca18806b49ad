package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import java.util.Optional;

/**
 * What a LIKE pattern asks of a {@code search: prefix} column, read as PostgreSQL reads it: a
 * prefix followed by {@code %} ({@code 'Dav%'}), a whole value without wildcards ({@code 'Davis'}),
 * or everything ({@code '%'}). Anything else ({@code '%vis'}, {@code 'D_vis%'}, {@code 'Da%s'}, a
 * prefix longer than the indexed length) has no exact answer in the tokens and is refused.
 *
 * @param text the literal characters (escapes removed)
 * @param prefix true when followed by {@code %}: values starting with {@code text}; false: the value {@code text}
 */
public record LikePattern(String text, boolean prefix) {

  /**
   * Reads {@code pattern} with escape character {@code escape} (-1: none).
   *
   * @return empty when the pattern is of a shape the tokens cannot answer exactly (see {@link #refusal})
   */
  public static Optional<LikePattern> parse(String pattern, int escape) {
    StringBuilder text = new StringBuilder(pattern.length());
    int i = 0;
    while (i < pattern.length()) {
      int c = pattern.codePointAt(i);
      int width = Character.charCount(c);
      if (c == escape) {
        if (i + width >= pattern.length()) {
          return Optional.empty(); // PostgreSQL: "LIKE pattern must not end with escape character"
        }
        int next = pattern.codePointAt(i + width);
        text.appendCodePoint(next);
        i += width + Character.charCount(next);
        continue;
      }
      if (c == '_') {
        return Optional.empty();
      }
      if (c == '%') {
        for (int j = i; j < pattern.length(); j++) {
          if (pattern.charAt(j) != '%') {
            return Optional.empty();
          }
        }
        return Optional.of(new LikePattern(text.toString(), true));
      }
      text.appendCodePoint(c);
      i += width;
    }
    return Optional.of(new LikePattern(text.toString(), false));
  }

  /** The number of characters (code points) of the prefix or value. */
  public int length() {
    return text.codePointCount(0, text.length());
  }

  /**
   * The operation text of the refusal of a pattern the tokens cannot answer: what is supported,
   * never the pattern (a value).
   */
  public static String refusal(String operation, EncryptedColumn column) {
    return operation + " with a pattern other than a prefix of at most " + column.search().prefixLength()
        + " characters followed by % ('abc%', with any escape character), a value without wildcards, or %"
        + " (a _ wildcard, a % before the end, and longer prefixes have no exact answer in the search tokens of the column)";
  }
}
