package dev.banata.vault.internal.sql;

/**
 * How a {@link ParameterRole#SEARCH} value is read: the application's pattern or value, answered
 * on a {@code search: prefix} column by the database through the stored search tokens. The
 * statement is sent as {@code col ~ ?} (or {@code col !~ ?}) and the value becomes a regular
 * expression over tokens ({@code [.]token}, one alternative per live key version).
 *
 * @param like true: a LIKE/ILIKE pattern ({@link LikePattern}); false: a whole value ({@code lower(col) = lower(?)})
 * @param folded true: compared lower-cased ({@code ILIKE}, {@code lower()}/{@code upper()} on both sides), on an
 *     {@code ignore-case} column
 * @param escape for a pattern: the escape character ({@code '\\'} unless {@code ESCAPE} says otherwise), or -1 for
 *     {@code ESCAPE ''}
 * @param upper true: written with {@code upper()} on both sides; answered by the same lower-case tokens (on the
 *     characters of {@code CaseFold} the two equivalences coincide), but only where the server's {@code upper()}
 *     was found to agree with the driver's table
 */
public record SearchPredicate(boolean like, boolean folded, int escape, boolean upper) {

  public SearchPredicate {
    if (upper && !folded) {
      throw new IllegalArgumentException("an upper() search is case-insensitive");
    }
  }

  /** The operation, for messages: {@code LIKE}, {@code ILIKE}, {@code lower() =}, {@code upper() LIKE}. */
  public String operation() {
    String function = upper ? "upper()" : "lower()";
    return like ? (upper ? "upper() LIKE" : folded ? "ILIKE" : "LIKE") : function + " =";
  }
}
