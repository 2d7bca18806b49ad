package dev.banata.vault.jdbc;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.internal.crypto.ValueCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * JDBC's conversions of an encrypted column's values, both ways: a value the application binds
 * ({@code setObject}, {@code setDate}, ...) to the Java class its column's type encodes, and a decrypted
 * value (that class, or a String read as plaintext while migrating) to what a {@code ResultSet} getter
 * asks for, following the conversions JDBC allows for a plain column of that type. A conversion that
 * makes no sense is a {@link VaultSqlException} naming the column and the types, never the value. What
 * a type's Java class is, its text form and its boolean words are {@link ValueCodec}'s; the class
 * {@code getObject} returns is {@link LogicalType}'s.
 */
final class ValueConversion {

  private ValueConversion() {}

  static <T> T convert(Object value, Class<T> target, EncryptedColumn column) throws SQLException {
    try {
      Object converted = target == Object.class ? standard(value, column) : to(value, target);
      if (converted == null) {
        throw mismatch(value, target, column);
      }
      @SuppressWarnings("unchecked")
      T result = (T) converted;
      return result;
    } catch (ArithmeticException | DateTimeParseException | IllegalArgumentException e) {
      throw mismatch(value, target, column);
    }
  }

  /**
   * A value the application binds to an encrypted column, converted to the Java type its
   * {@code ValueType} encodes ({@code java.sql.Date} to {@code LocalDate}, {@code int} to
   * {@code Long} for a bigint column, ...).
   */
  static Object forColumn(Object value, EncryptedColumn column) throws SQLException {
    Class<?> target = ValueCodec.valueClass(column.type());
    try {
      Object converted = to(value, target);
      if (converted == null) {
        throw VaultSqlException.of("a " + value.getClass().getSimpleName() + " cannot be stored in encrypted column "
            + column.qualifiedName() + " (" + column.type().name().toLowerCase(java.util.Locale.ROOT) + ")", VaultSqlState.DATA_EXCEPTION);
      }
      return converted;
    } catch (ArithmeticException | DateTimeParseException | IllegalArgumentException e) {
      throw VaultSqlException.of("the " + value.getClass().getSimpleName() + " bound to encrypted column "
          + column.qualifiedName() + " is not a valid " + column.type().name().toLowerCase(java.util.Locale.ROOT), VaultSqlState.DATA_EXCEPTION);
    }
  }

  /** What {@code getObject(int)} returns: the class {@link LogicalType} reports for the column. */
  private static Object standard(Object value, EncryptedColumn column) {
    return to(value, LogicalType.of(column.type()).objectClass());
  }

  private static Object to(Object value, Class<?> target) {
    if (target.isInstance(value)) {
      return value;
    }
    if (target == String.class) {
      return hasTextForm(value) ? ValueCodec.textForm(value) : null;
    }
    if (target == Integer.class) {
      return value instanceof Boolean b ? (b ? 1 : 0) : Math.toIntExact(integral(value));
    }
    if (target == Long.class) {
      return value instanceof Boolean b ? (b ? 1L : 0L) : integral(value);
    }
    if (target == Short.class) {
      long v = integral(value);
      if (v != (short) v) {
        throw new ArithmeticException("out of range");
      }
      return (short) v;
    }
    if (target == Byte.class) {
      long v = integral(value);
      if (v != (byte) v) {
        throw new ArithmeticException("out of range");
      }
      return (byte) v;
    }
    if (target == BigDecimal.class) {
      return decimal(value);
    }
    if (target == BigInteger.class) {
      return decimal(value).toBigIntegerExact();
    }
    if (target == Double.class) {
      return decimal(value).doubleValue();
    }
    if (target == Float.class) {
      return decimal(value).floatValue();
    }
    if (target == Boolean.class) {
      return bool(value);
    }
    if (target == byte[].class) {
      return value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
    }
    if (target == UUID.class) {
      return value instanceof String s ? UUID.fromString(s.trim()) : null;
    }
    return temporal(value, target);
  }

  /** Values whose text form is their value (not an arbitrary object's {@code toString()}). */
  private static boolean hasTextForm(Object value) {
    return value instanceof CharSequence || value instanceof Number || value instanceof Boolean || value instanceof Character
        || value instanceof UUID || value instanceof java.time.temporal.Temporal || value instanceof java.util.Date
        || value instanceof byte[] || value instanceof Enum<?>;
  }

  private static long integral(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    return decimal(value).longValueExact();
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (value instanceof Double || value instanceof Float) {
      return BigDecimal.valueOf(((Number) value).doubleValue());
    }
    if (value instanceof Number number) {
      return BigDecimal.valueOf(number.longValue());
    }
    if (value instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (value instanceof String s) {
      return new BigDecimal(s.trim());
    }
    throw new IllegalArgumentException("not a number");
  }

  private static Boolean bool(Object value) {
    if (value instanceof Number) {
      return decimal(value).signum() != 0;
    }
    if (value instanceof String s) {
      Boolean word = ValueCodec.booleanWord(s.trim().toLowerCase(java.util.Locale.ROOT));
      if (word == null) {
        throw new IllegalArgumentException("not a boolean");
      }
      return word;
    }
    return null;
  }

  private static Object temporal(Object value, Class<?> target) {
    Object source = value instanceof String s ? parseTemporal(s.trim()) : value;
    if (target == LocalDate.class) {
      if (source instanceof java.sql.Date d) {
        return d.toLocalDate();
      }
      return source instanceof LocalDate d ? d : localDateTime(source) == null ? null : localDateTime(source).toLocalDate();
    }
    if (target == LocalDateTime.class) {
      return localDateTime(source);
    }
    if (target == LocalTime.class) {
      LocalDateTime dateTime = localDateTime(source);
      return dateTime == null ? null : dateTime.toLocalTime();
    }
    if (target == OffsetDateTime.class) {
      Instant instant = instant(source);
      return source instanceof OffsetDateTime o ? o : instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
    if (target == ZonedDateTime.class) {
      Instant instant = instant(source);
      return instant == null ? null : instant.atZone(ZoneOffset.UTC);
    }
    if (target == Instant.class) {
      return instant(source);
    }
    if (target == java.sql.Date.class) {
      return source instanceof LocalDate d ? java.sql.Date.valueOf(d)
          : localDateTime(source) == null ? null : java.sql.Date.valueOf(localDateTime(source).toLocalDate());
    }
    if (target == Timestamp.class) {
      if (source instanceof LocalDateTime || source instanceof LocalDate) {
        return Timestamp.valueOf(localDateTime(source));
      }
      Instant instant = instant(source);
      return instant == null ? null : Timestamp.from(instant);
    }
    if (target == Time.class) {
      LocalDateTime dateTime = localDateTime(source);
      return dateTime == null ? null : Time.valueOf(dateTime.toLocalTime());
    }
    if (target == java.util.Date.class) {
      Instant instant = instant(source);
      return instant == null ? null : java.util.Date.from(instant);
    }
    return null;
  }

  private static Object parseTemporal(String text) {
    try {
      return OffsetDateTime.parse(text.replace(' ', 'T'));
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text.replace(' ', 'T'));
      } catch (DateTimeParseException notDateTime) {
        return LocalDate.parse(text);
      }
    }
  }

  /** A wall-clock reading; a point in time is read in the JVM's zone, as pgjdbc does for timestamptz. */
  private static LocalDateTime localDateTime(Object source) {
    if (source instanceof LocalDateTime t) {
      return t;
    }
    if (source instanceof Timestamp t) {
      return t.toLocalDateTime();
    }
    if (source instanceof java.sql.Date d) {
      return d.toLocalDate().atStartOfDay();
    }
    if (source instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    Instant instant = instant(source);
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneId.systemDefault());
  }

  /** A point in time; a wall-clock reading is taken in the JVM's zone. */
  private static Instant instant(Object source) {
    if (source instanceof Instant i) {
      return i;
    }
    if (source instanceof java.sql.Date d) {
      // java.sql.Date.toInstant() is unsupported: a date is a wall-clock day.
      return d.toLocalDate().atStartOfDay(ZoneId.systemDefault()).toInstant();
    }
    if (source instanceof java.util.Date d) {
      return d.toInstant();
    }
    if (source instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (source instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (source instanceof LocalDateTime t) {
      return t.atZone(ZoneId.systemDefault()).toInstant();
    }
    if (source instanceof LocalDate d) {
      return d.atStartOfDay(ZoneId.systemDefault()).toInstant();
    }
    return null;
  }

  private static SQLException mismatch(Object value, Class<?> target, EncryptedColumn column) {
    // The cause of a parse failure can quote the value: it is not attached.
    return VaultSqlException.of("cannot read encrypted column " + column.qualifiedName() + " ("
        + column.type().name().toLowerCase(java.util.Locale.ROOT) + ", held as " + value.getClass().getSimpleName()
        + ") as " + target.getSimpleName(), VaultSqlState.DATA_EXCEPTION);
  }
}
