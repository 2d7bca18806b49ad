package dev.banata.vault.jdbc;

import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.internal.sql.ClientOrdering;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.CollationKey;
import java.text.Collator;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * How the driver orders rows itself, for a query whose outermost {@code ORDER BY} names an encrypted
 * column ({@link ClientOrdering}): at most {@code vault.client-sort-max-rows} rows (the delegate is told
 * to fetch one more, so more than that is detected without holding them all), text in code-point
 * order (PostgreSQL's {@code C} collation) or, with {@code vault.client-sort-locale}, a
 * {@link Collator}'s order for that locale with code-point order between strings it finds equal.
 * Numbers, dates, times and decimals compare by value, {@code bytea} and UUIDs as unsigned bytes
 * (as PostgreSQL), booleans false first. One instance per runtime; immutable.
 */
final class ClientSort {

  /** The runtime default: what the connection properties default to. */
  static final ClientSort DEFAULT = new ClientSort(Integer.parseInt(ConnectionProperty.CLIENT_SORT_MAX_ROWS.defaultValue()), null);

  private final int maxRows;
  /** Null for code-point order; else the locale's collator, cloned per sort (a Collator is not meant to be shared). */
  private final Collator collator;

  private ClientSort(int maxRows, Collator collator) {
    this.maxRows = maxRows;
    this.collator = collator;
  }

  /** From a connection's vault properties; 08001 naming the property when a value is not valid. */
  static ClientSort of(Properties properties) throws SQLException {
    String rows = ConnectionProperty.CLIENT_SORT_MAX_ROWS.get(properties).trim();
    int maxRows;
    try {
      maxRows = Integer.parseInt(rows);
    } catch (NumberFormatException e) {
      maxRows = -1;
    }
    if (maxRows < 1 || maxRows == Integer.MAX_VALUE) {
      throw VaultSqlException.of(ConnectionProperty.CLIENT_SORT_MAX_ROWS.propertyName() + " must be a whole number from 1 to "
          + (Integer.MAX_VALUE - 1), VaultSqlState.CONNECTION_FAILURE);
    }
    String tag = ConnectionProperty.CLIENT_SORT_LOCALE.get(properties);
    if (tag == null || tag.isBlank()) {
      return new ClientSort(maxRows, null);
    }
    Locale locale;
    try {
      locale = new Locale.Builder().setLanguageTag(tag.trim()).build();
    } catch (IllformedLocaleException e) {
      locale = null;
    }
    if (locale == null || !Arrays.asList(Collator.getAvailableLocales()).contains(locale)) {
      throw VaultSqlException.of(ConnectionProperty.CLIENT_SORT_LOCALE.propertyName() + " must be a language tag with a collator"
          + " in this JVM (en, de-CH, sv, ...), got '" + tag + "'", VaultSqlState.CONNECTION_FAILURE);
    }
    Collator collator = Collator.getInstance(locale);
    collator.setStrength(Collator.TERTIARY);
    return new ClientSort(maxRows, collator);
  }

  int maxRows() {
    return maxRows;
  }

  // ---- around the execution

  /** The delegate's preparer, made to prepare a scroll-insensitive statement (the driver revisits the rows in its order). */
  static StatementPreparer scrollable(StatementPreparer preparer) {
    return (connection, sql) -> {
      java.sql.PreparedStatement prepared = preparer.prepare(connection, sql);
      if (prepared.getResultSetType() != ResultSet.TYPE_FORWARD_ONLY) {
        return prepared;
      }
      // pgjdbc prepares without a round trip: preparing again with the application's concurrency and holdability costs nothing.
      int concurrency = prepared.getResultSetConcurrency();
      int holdability = prepared.getResultSetHoldability();
      prepared.close();
      return connection.prepareStatement(sql, ResultSet.TYPE_SCROLL_INSENSITIVE, concurrency, holdability);
    };
  }

  /** Restores what {@link #bound} changed on the delegate once it has executed; {@link #NOTHING} when nothing was. */
  @FunctionalInterface
  interface Bound extends AutoCloseable {
    @Override
    void close() throws SQLException;
  }

  static final Bound NOTHING = () -> { };

  /**
   * Before the delegate executes {@code execution}: when the driver orders its rows, refuses (0A000,
   * nothing sent) what it cannot order exactly and has the delegate fetch at most one row more than
   * the bound. Close the result after the delegate's execution, whether it succeeded or not.
   */
  Bound bound(Execution execution, Statement delegate) throws SQLException {
    if (execution.clientOrdering() == null) {
      return NOTHING;
    }
    refuseUnorderable(execution, delegate);
    delegate.setMaxRows(maxRows + 1);
    return () -> delegate.setMaxRows(0);
  }

  /** Refuses (0A000) an execution the driver would have to order but cannot order exactly on {@code delegate}. */
  void refuseUnorderable(Execution execution, Statement delegate) throws SQLException {
    if (execution.clientOrdering() == null) {
      return;
    }
    if (delegate.getResultSetType() == ResultSet.TYPE_FORWARD_ONLY) {
      throw VaultSqlException.refused("ORDER BY on an encrypted column through a forward-only plain Statement (the driver orders"
          + " the decrypted rows itself and revisits them: use a PreparedStatement, or createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE,"
          + " ResultSet.CONCUR_READ_ONLY)); the statement was not sent");
    }
    if (delegate.getMaxRows() > 0) {
      throw VaultSqlException.refused("setMaxRows with ORDER BY on an encrypted column (which rows come back depends on the order,"
          + " and the database cannot order ciphertext: the driver orders the rows itself and needs all of them; setMaxRows(0), or"
          + " sort in the application); the statement was not sent");
    }
  }

  // ---- ordering

  /** A row's position in the delegate's result (1-based) and its sort key values. */
  private record Row(int position, Object[] keys) {
  }

  /**
   * Reads every row of {@code rows} (a decrypting result over a scrollable delegate, positioned
   * before its first row) and returns the delegate's row numbers in the order of {@code ordering}.
   * Throws (54000) above {@link #maxRows()} rows, (0A000) for a key of a type it cannot order.
   */
  int[] order(ResultSet rows, ClientOrdering ordering) throws SQLException {
    List<ClientOrdering.Key> keys = ordering.keys();
    Collator text = collator == null ? null : (Collator) collator.clone();
    KeyRead[] reads = new KeyRead[keys.size()];
    ResultSetMetaData columns = rows.getMetaData();
    for (int k = 0; k < reads.length; k++) {
      reads[k] = keys.get(k).encrypted() != null ? KeyRead.OBJECT : KeyRead.of(columns.getColumnTypeName(keys.get(k).column()));
    }
    List<Row> read = new ArrayList<>();
    int count = 0;
    while (rows.next()) {
      if (++count > maxRows) {
        throw tooManyRows(ordering);
      }
      Object[] values = new Object[keys.size()];
      for (int k = 0; k < values.length; k++) {
        values[k] = sortable(reads[k].read(rows, keys.get(k).column()), keys.get(k), text);
      }
      read.add(new Row(count, values));
    }
    try {
      // A stable sort: rows equal on every key keep the server's order, which is as unspecified as PostgreSQL's own.
      read.sort((a, b) -> compareRows(a, b, keys));
    } catch (ClassCastException e) {
      throw VaultSqlException.of("ORDER BY on a column whose values are not all of one type (not migrated yet?); nothing was returned",
          VaultSqlState.DATA_EXCEPTION);
    }
    int[] order = new int[read.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = read.get(i).position();
    }
    return order;
  }

  /**
   * How a plain key is read so that Java compares it as PostgreSQL does: {@code getObject} is right
   * for most types, but {@code char(n)} comes blank-padded (PostgreSQL ignores trailing blanks when it
   * compares), and {@code time}/{@code timetz} as {@code java.sql.Time}, which keeps milliseconds only.
   */
  private enum KeyRead {
    OBJECT,
    BLANK_PADDED,
    TIME,
    TIME_WITH_ZONE;

    static KeyRead of(String typeName) {
      return switch (typeName == null ? "" : typeName) {
        case "bpchar" -> BLANK_PADDED;
        case "time" -> TIME;
        case "timetz" -> TIME_WITH_ZONE;
        default -> OBJECT;
      };
    }

    Object read(ResultSet rows, int column) throws SQLException {
      return switch (this) {
        case OBJECT -> rows.getObject(column);
        case BLANK_PADDED -> {
          String value = rows.getString(column);
          yield value == null ? null : stripTrailingBlanks(value);
        }
        case TIME -> rows.getObject(column, LocalTime.class);
        case TIME_WITH_ZONE -> rows.getObject(column, OffsetTime.class);
      };
    }

    private static String stripTrailingBlanks(String value) {
      int end = value.length();
      while (end > 0 && value.charAt(end - 1) == ' ') {
        end--;
      }
      return value.substring(0, end);
    }
  }

  private VaultSqlException tooManyRows(ClientOrdering ordering) {
    String column = ordering.keys().stream().filter(k -> k.encrypted() != null).findFirst()
        .map(k -> k.encrypted().column().qualifiedName()).orElse("?");
    return VaultSqlException.of("the query orders by encrypted column " + column + ", which the driver orders itself after"
        + " decrypting, and it returned more than " + maxRows + " rows (" + ConnectionProperty.CLIENT_SORT_MAX_ROWS.propertyName()
        + "); nothing was returned. Narrow the query with a WHERE, raise " + ConnectionProperty.CLIENT_SORT_MAX_ROWS.propertyName()
        + ", or order by plain columns only", VaultSqlState.PROGRAM_LIMIT_EXCEEDED);
  }

  /** A key value as it is compared: text under a collator as its collation key; anything not orderable refused. */
  private static Object sortable(Object value, ClientOrdering.Key key, Collator text) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof String string) {
      return text == null ? string : new CollatedText(text.getCollationKey(string), string);
    }
    if (value instanceof Comparable<?> || value instanceof byte[]) {
      return value;
    }
    throw VaultSqlException.refused("ORDER BY a value of type " + value.getClass().getName() + " (result column " + key.column()
        + ") together with an encrypted sort key: the driver cannot order it as PostgreSQL does; order by columns of text,"
        + " number, date/time, boolean, uuid or bytea types");
  }

  /** Text under a locale's collator; equal collation keys are told apart in code-point order, as PostgreSQL does. */
  private record CollatedText(CollationKey key, String text) {
  }

  private static int compareRows(Row a, Row b, List<ClientOrdering.Key> keys) {
    for (int k = 0; k < keys.size(); k++) {
      ClientOrdering.Key key = keys.get(k);
      Object x = a.keys()[k];
      Object y = b.keys()[k];
      int compared;
      if (x == null || y == null) {
        if (x == y) {
          continue;
        }
        // NULLS FIRST / LAST are where NULLs go whatever the direction.
        compared = (x == null) == key.nullsFirst() ? -1 : 1;
        return compared;
      }
      compared = compareValues(x, y);
      if (compared != 0) {
        return key.descending() ? -compared : compared;
      }
    }
    return 0;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compareValues(Object x, Object y) {
    if (x instanceof String a && y instanceof String b) {
      return compareCodePoints(a, b);
    }
    if (x instanceof CollatedText a && y instanceof CollatedText b) {
      int compared = a.key().compareTo(b.key());
      return compared != 0 ? compared : compareCodePoints(a.text(), b.text());
    }
    if (x instanceof byte[] a && y instanceof byte[] b) {
      return Arrays.compareUnsigned(a, b);
    }
    if (x instanceof UUID a && y instanceof UUID b) {
      // PostgreSQL compares the 16 bytes unsigned; UUID.compareTo compares signed longs.
      int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
      return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
    if ((x instanceof Double || x instanceof Float) && (y instanceof Double || y instanceof Float)) {
      double a = ((Number) x).doubleValue();
      double b = ((Number) y).doubleValue();
      // -0 equals 0 as in PostgreSQL; NaN is above everything, as in both.
      return a == b ? 0 : Double.compare(a, b);
    }
    if (x instanceof OffsetDateTime a && y instanceof OffsetDateTime b) {
      // timestamptz compares instants: the offset a value was written with does not order it.
      return a.toInstant().compareTo(b.toInstant());
    }
    if (x instanceof ZonedDateTime a && y instanceof ZonedDateTime b) {
      return a.toInstant().compareTo(b.toInstant());
    }
    if (x instanceof Number a && y instanceof Number b && x.getClass() != y.getClass()) {
      // pgjdbc reads numeric NaN (and Infinity) as a Double: no BigDecimal holds them. PostgreSQL puts
      // them above every number, NaN above Infinity, as Double.compare does.
      if (!isFinite(a) || !isFinite(b)) {
        return Double.compare(a.doubleValue(), b.doubleValue());
      }
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
    }
    return ((Comparable) x).compareTo(y);
  }

  private static boolean isFinite(Number number) {
    return !(number instanceof Double || number instanceof Float) || Double.isFinite(number.doubleValue());
  }

  /**
   * Code-point order, which is the byte order of UTF-8 and so PostgreSQL's {@code C} collation.
   * {@code String.compareTo} compares UTF-16 units, which puts U+10000 and above (surrogates
   * D800-DFFF) before U+E000-U+FFFF: the units are shifted so that surrogates sort last.
   */
  static int compareCodePoints(String a, String b) {
    int length = Math.min(a.length(), b.length());
    for (int i = 0; i < length; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return codePointRank(x) - codePointRank(y);
      }
    }
    return a.length() - b.length();
  }

  private static int codePointRank(char c) {
    if (c >= 0xE000) {
      return c - 0x800;
    }
    return c >= 0xD800 ? c + 0x2000 : c;
  }
}
