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
 */
public record SearchPredicate(boolean like, boolean folded, int escape) {

  /** The operation, for messages: {@code LIKE}, {@code ILIKE}, {@code lower() =}. */
  public String operation() {
    return like ? (folded ? "ILIKE" : "LIKE") : "lower() =";
  }
}
