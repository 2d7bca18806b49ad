package dev.banata.vault.internal.sql;

import java.util.List;
import java.util.Objects;

/**
 * The ordering the driver applies itself, to the decrypted rows, for a query whose outermost
 * {@code ORDER BY} names an encrypted column (the database holds only ciphertext there, and the order
 * of ciphertexts means nothing). The query is sent without its {@code ORDER BY}; sort keys that are not
 * among the query's output columns are sent as extra columns after them, which the result set the
 * application sees does not list. Immutable; holds no value.
 *
 * <p>Only planned when the query has no {@code LIMIT}, {@code OFFSET} or {@code FETCH} (which need the
 * database to order before it picks rows): those stay refused.
 */
public final class ClientOrdering {

  /**
   * One sort key, in the order of the {@code ORDER BY}.
   *
   * @param column the result column (1-based) that holds the key, a visible or an appended one
   * @param descending {@code DESC}
   * @param nullsFirst where NULLs go: as written, else PostgreSQL's default (last for ASC, first for DESC)
   * @param encrypted the encrypted column the key's values are decrypted with, or null for a plain key
   */
  public record Key(int column, boolean descending, boolean nullsFirst, ResultColumn encrypted) {
  }

  private final int visibleWidth;
  private final int sentWidth;
  private final List<Key> keys;

  ClientOrdering(int visibleWidth, int sentWidth, List<Key> keys) {
    if (keys.isEmpty() || visibleWidth < 0 || sentWidth < visibleWidth) {
      throw new IllegalArgumentException("an ordering has keys and at least as many sent columns as visible ones");
    }
    this.visibleWidth = visibleWidth;
    this.sentWidth = sentWidth;
    this.keys = List.copyOf(keys);
  }

  /** The number of columns the application's query returns: the result set it sees has only these. */
  public int visibleWidth() {
    return visibleWidth;
  }

  /** The number of columns the sent query returns: the visible ones, then the appended sort keys. */
  public int sentWidth() {
    return sentWidth;
  }

  /** The sort keys, most significant first. */
  public List<Key> keys() {
    return keys;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClientOrdering o && o.visibleWidth == visibleWidth && o.sentWidth == sentWidth && o.keys.equals(keys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(visibleWidth, sentWidth, keys);
  }

  /** {@code ClientOrdering[3 DESC NULLS LAST customers.name, 1]}: columns and columns to decrypt, never a value. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ClientOrdering[");
    for (int i = 0; i < keys.size(); i++) {
      Key key = keys.get(i);
      text.append(i == 0 ? "" : ", ").append(key.column()).append(key.descending() ? " DESC" : "")
          .append(key.nullsFirst() != key.descending() ? (key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST") : "")
          .append(key.encrypted() == null ? "" : " " + key.encrypted().column().qualifiedName());
    }
    return text.append(", visible ").append(visibleWidth).append(" of ").append(sentWidth).append(']').toString();
  }
}
