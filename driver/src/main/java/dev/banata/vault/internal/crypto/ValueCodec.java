package dev.banata.vault.internal.crypto;

import dev.banata.vault.annotations.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * Typed values, the one home of their rules: each {@link ValueType}'s one Java representation
 * ({@link #valueClass}), which inputs convert to it and how ({@code convert}, {@link #atScale}), its
 * plaintext bytes (docs/FORMAT.md, "Plaintext encoding": one type-tag byte, then the value), and its
 * text as PostgreSQL prints it ({@link #textForm}). Inputs are first converted to the type's one Java
 * representation, so equal values give equal bytes whatever Java type they came in (an {@code Integer}
 * and a {@code Long} 42 for a BIGINT column), which deterministic equality depends on. Messages name
 * types, never values.
 *
 * <p>The others that handle typed values use these rules and add one job each: {@code jdbc.ValueConversion}
 * (JDBC's setter and getter conversions), {@code jdbc.LogicalType} (the type JDBC metadata reports),
 * {@code rewrite.PlaintextForm} (a value as a column holds it before encryption and after decryption).
 */
public final class ValueCodec {

  private ValueCodec() {}

  static byte tag(ValueType type) {
    return switch (type) {
      case TEXT -> 1;
      case BYTES -> 2;
      case SMALLINT -> 3;
      case INTEGER -> 4;
      case BIGINT -> 5;
      case DECIMAL -> 6;
      case BOOLEAN -> 7;
      case DATE -> 8;
      case TIMESTAMP -> 9;
      case TIMESTAMPTZ -> 10;
      case UUID -> 11;
      case JSON -> 12;
      case AUTO -> throw new CryptoException(CryptoException.Reason.UNSUPPORTED_VALUE,
          "type AUTO must be resolved to a concrete type before encryption");
    };
  }

  /**
   * The one Java class of {@code type}'s values: what {@code decrypt} returns and what a value is
   * converted to before it is encrypted ({@code Short} for SMALLINT, {@code LocalDate} for DATE, ...).
   */
  public static Class<?> valueClass(ValueType type) {
    return switch (type) {
      case TEXT, JSON -> String.class;
      case BYTES -> byte[].class;
      case SMALLINT -> Short.class;
      case INTEGER -> Integer.class;
      case BIGINT -> Long.class;
      case DECIMAL -> BigDecimal.class;
      case BOOLEAN -> Boolean.class;
      case DATE -> LocalDate.class;
      case TIMESTAMP -> LocalDateTime.class;
      case TIMESTAMPTZ -> OffsetDateTime.class;
      case UUID -> UUID.class;
      case AUTO -> throw new IllegalArgumentException("type AUTO has no values: it is resolved to a concrete type first");
    };
  }

  /**
   * A typed value's text as PostgreSQL prints it: a {@code byte[]} in bytea hex form ({@code \x0a1b}),
   * a {@code BigDecimal} without exponent ({@code toPlainString}), anything else its {@code toString()}
   * (numbers, ISO dates and timestamps, {@code true}/{@code false}, UUIDs, text itself).
   */
  public static String textForm(Object value) {
    if (value instanceof byte[] bytes) {
      return "\\x" + HexFormat.of().formatHex(bytes);
    }
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
  }

  /**
   * The boolean a word stands for ({@code true t 1 yes y on}, {@code false f 0 no n off}, as
   * PostgreSQL reads them), or null; {@code word} is already trimmed and lower-cased.
   */
  public static Boolean booleanWord(String word) {
    return switch (word) {
      case "true", "t", "1", "yes", "y", "on" -> Boolean.TRUE;
      case "false", "f", "0", "no", "n", "off" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static ValueType typeOfTag(byte tag) {
    return switch (tag) {
      case 1 -> ValueType.TEXT;
      case 2 -> ValueType.BYTES;
      case 3 -> ValueType.SMALLINT;
      case 4 -> ValueType.INTEGER;
      case 5 -> ValueType.BIGINT;
      case 6 -> ValueType.DECIMAL;
      case 7 -> ValueType.BOOLEAN;
      case 8 -> ValueType.DATE;
      case 9 -> ValueType.TIMESTAMP;
      case 10 -> ValueType.TIMESTAMPTZ;
      case 11 -> ValueType.UUID;
      case 12 -> ValueType.JSON;
      default -> null;
    };
  }

  /** The plaintext bytes of {@code value} as {@code type}: tag byte, then the value's encoding. */
  static byte[] encode(ValueType type, Object value) {
    return withTag(tag(type), payload(type, value));
  }

  /** The one-byte plaintext head holding {@code type}'s tag; shared, never to be modified. */
  static byte[] head(ValueType type) {
    return HEADS[tag(type)];
  }

  private static final byte[][] HEADS = new byte[13][];

  static {
    for (int i = 0; i < HEADS.length; i++) {
      HEADS[i] = new byte[] {(byte) i};
    }
  }

  /** Text as a TEXT value stores it: through UTF-8 and back (an unpaired surrogate becomes {@code ?}). */
  static String canonicalText(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  /**
   * The value's encoding without the tag. Text and bytes are not copied into a tagged array: the AEADs
   * take head (tag) and body separately, which saves a copy of every large value.
   */
  static byte[] payload(ValueType type, Object value) {
    tag(type); // rejects AUTO
    Object v = convert(type, value);
    return switch (type) {
      case TEXT, JSON -> ((String) v).getBytes(StandardCharsets.UTF_8);
      case BYTES -> (byte[]) v;
      case SMALLINT -> fixed(2, (Short) v);
      case INTEGER -> fixed(4, (Integer) v);
      case BIGINT -> fixed(8, (Long) v);
      case DECIMAL -> {
        BigDecimal d = (BigDecimal) v;
        byte[] unscaled = d.unscaledValue().toByteArray();
        byte[] out = new byte[4 + unscaled.length];
        putLong(out, 0, 4, d.scale());
        System.arraycopy(unscaled, 0, out, 4, unscaled.length);
        yield out;
      }
      case BOOLEAN -> new byte[] {(byte) (((Boolean) v) ? 1 : 0)};
      case DATE -> fixed(8, ((LocalDate) v).toEpochDay());
      case TIMESTAMP -> {
        LocalDateTime t = (LocalDateTime) v;
        yield seconds(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
      }
      case TIMESTAMPTZ -> {
        OffsetDateTime t = (OffsetDateTime) v;
        yield seconds(t.toEpochSecond(), t.getNano());
      }
      case UUID -> {
        UUID u = (UUID) v;
        byte[] out = new byte[16];
        putLong(out, 0, 8, u.getMostSignificantBits());
        putLong(out, 8, 8, u.getLeastSignificantBits());
        yield out;
      }
      case AUTO -> throw new AssertionError("rejected by tag()");
    };
  }

  /**
   * The typed value of decrypted {@code plaintext}, as {@code type}'s Java representation. A value
   * stored with another type is converted when the conversion is exact (a SMALLINT read as BIGINT);
   * otherwise {@code UNSUPPORTED_VALUE}.
   */
  static Object decode(ValueType type, byte[] plaintext) {
    return decode(type, plaintext, plaintext.length);
  }

  /** {@link #decode(ValueType, byte[])} of the plaintext {@code plaintext[0, length)}. */
  static Object decode(ValueType type, byte[] plaintext, int length) {
    ValueType stored = length == 0 ? null : typeOfTag(plaintext[0]);
    if (stored == null) {
      throw malformed();
    }
    Object value = decodeAs(stored, plaintext, length);
    return stored == type ? value : convert(type, value);
  }

  private static Object decodeAs(ValueType stored, byte[] p, int length) {
    int n = length - 1;
    return switch (stored) {
      case TEXT, JSON -> new String(p, 1, n, StandardCharsets.UTF_8);
      case BYTES -> Arrays.copyOfRange(p, 1, length);
      case SMALLINT -> (short) wholeLong(p, length, 2);
      case INTEGER -> (int) wholeLong(p, length, 4);
      case BIGINT -> wholeLong(p, length, 8);
      case DECIMAL -> {
        if (n < 5) {
          throw malformed();
        }
        int scale = (int) getLong(p, 1, 4);
        yield new BigDecimal(new BigInteger(p, 5, n - 4), scale);
      }
      case BOOLEAN -> {
        if (n != 1 || (p[1] & 0xFE) != 0) {
          throw malformed();
        }
        yield p[1] == 1;
      }
      case DATE -> LocalDate.ofEpochDay(wholeLong(p, length, 8));
      case TIMESTAMP -> {
        checkLength(length, 12);
        yield LocalDateTime.ofEpochSecond(getLong(p, 1, 8), nanos(p), ZoneOffset.UTC);
      }
      case TIMESTAMPTZ -> {
        checkLength(length, 12);
        yield OffsetDateTime.ofInstant(Instant.ofEpochSecond(getLong(p, 1, 8), nanos(p)), ZoneOffset.UTC);
      }
      case UUID -> {
        checkLength(length, 16);
        yield new UUID(getLong(p, 1, 8), getLong(p, 9, 8));
      }
      case AUTO -> throw malformed();
    };
  }

  /**
   * A value for a decimal column with a fixed scale: the number at exactly {@code scale} decimal
   * places ({@code 10.5} at scale 2 is {@code 10.50}), so that equal numbers have one encoding and,
   * in a deterministic column, one ciphertext. A number with more places is refused, never rounded.
   *
   * @throws CryptoException (unsupported value) naming no value
   */
  public static BigDecimal atScale(Object value, int scale) {
    BigDecimal number = (BigDecimal) convert(ValueType.DECIMAL, value);
    try {
      return number.setScale(scale);
    } catch (ArithmeticException e) {
      throw new CryptoException(CryptoException.Reason.UNSUPPORTED_VALUE,
          "a decimal with more than " + scale + " decimal places cannot be stored at scale " + scale + "; round it first");
    }
  }

  /** {@code value} as {@code type}'s one Java representation ({@link #valueClass}), or UNSUPPORTED_VALUE. */
  static Object convert(ValueType type, Object value) {
    if (value == null) {
      throw new CryptoException(CryptoException.Reason.UNSUPPORTED_VALUE, "null is not encrypted; store SQL NULL");
    }
    try {
      Object converted = switch (type) {
        case TEXT, JSON -> toText(value);
        case BYTES -> value instanceof byte[] b ? b : null;
        case SMALLINT -> {
          BigDecimal d = integral(value);
          yield d == null ? null : d.shortValueExact();
        }
        case INTEGER -> {
          BigDecimal d = integral(value);
          yield d == null ? null : d.intValueExact();
        }
        case BIGINT -> {
          BigDecimal d = integral(value);
          yield d == null ? null : d.longValueExact();
        }
        case DECIMAL -> decimal(value);
        case BOOLEAN -> bool(value);
        case DATE -> date(value);
        case TIMESTAMP -> timestamp(value);
        case TIMESTAMPTZ -> timestampTz(value);
        case UUID -> value instanceof UUID u ? u : value instanceof CharSequence s ? UUID.fromString(s.toString().strip()) : null;
        case AUTO -> null;
      };
      if (converted != null) {
        return converted;
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
      // Out of range or unparsable: fall through to the message, which names no value.
    } catch (IllegalArgumentException e) {
      // UUID.fromString
    }
    throw new CryptoException(CryptoException.Reason.UNSUPPORTED_VALUE,
        "a value of type " + value.getClass().getName() + " cannot be stored as " + type);
  }

  /** The text of an input a TEXT (or JSON) column accepts, else null: text, and the values whose text is their value. */
  private static String toText(Object value) {
    if (value instanceof String s) {
      return s;
    }
    return value instanceof CharSequence || value instanceof Character || value instanceof Boolean
        || value instanceof UUID || value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger || value instanceof BigDecimal ? textForm(value) : null;
  }

  /** An exact integral value, or null when the input type is not a number or numeric text. */
  private static BigDecimal integral(Object value) {
    BigDecimal d = decimal(value);
    if (d == null) {
      return null;
    }
    // Throws ArithmeticException when there is a fractional part, e.g. 1.5 for an INTEGER column.
    return new BigDecimal(d.toBigIntegerExact());
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return null;
      }
      return value instanceof Float f ? new BigDecimal(Float.toString(f)) : BigDecimal.valueOf(d);
    }
    if (value instanceof CharSequence s) {
      return new BigDecimal(s.toString().strip());
    }
    return null;
  }

  private static Boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof CharSequence s) {
      return booleanWord(s.toString().strip().toLowerCase(Locale.ROOT));
    }
    if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
      BigDecimal d = decimal(n);
      if (d != null && d.compareTo(BigDecimal.ZERO) == 0) {
        return Boolean.FALSE;
      }
      return d != null && d.compareTo(BigDecimal.ONE) == 0 ? Boolean.TRUE : null;
    }
    return null;
  }

  @SuppressWarnings("deprecation") // the java.util.Date getters are exactly what java.sql.Date.toLocalDate() uses
  private static LocalDate date(Object value) {
    if (value instanceof LocalDate d) {
      return d;
    }
    if (value instanceof CharSequence s) {
      return LocalDate.parse(s.toString().strip());
    }
    if (value instanceof Date d) {
      // java.sql.Date (a java.util.Date whose toInstant() throws): its local calendar date.
      return LocalDate.of(d.getYear() + 1900, d.getMonth() + 1, d.getDate());
    }
    return null;
  }

  private static LocalDateTime timestamp(Object value) {
    if (value instanceof LocalDateTime t) {
      return t;
    }
    if (value instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    if (value instanceof CharSequence s) {
      return LocalDateTime.parse(s.toString().strip().replace(' ', 'T'));
    }
    if (value instanceof Date d) {
      // java.sql.Timestamp keeps nanoseconds in toInstant(); same local-time reading as toLocalDateTime().
      return LocalDateTime.ofInstant(d.toInstant(), ZoneId.systemDefault());
    }
    return null;
  }

  private static OffsetDateTime timestampTz(Object value) {
    Instant instant = null;
    if (value instanceof OffsetDateTime t) {
      instant = t.toInstant();
    } else if (value instanceof Instant i) {
      instant = i;
    } else if (value instanceof ZonedDateTime z) {
      instant = z.toInstant();
    } else if (value instanceof CharSequence s) {
      instant = OffsetDateTime.parse(s.toString().strip().replace(' ', 'T')).toInstant();
    } else if (value instanceof Date d) {
      instant = d.toInstant();
    }
    // A point in time, as PostgreSQL's timestamptz keeps it: normalized to UTC, so equal instants
    // encrypt (deterministically) to equal ciphertexts whatever offset they were written with.
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static byte[] withTag(byte tag, byte[] payload) {
    byte[] out = new byte[1 + payload.length];
    out[0] = tag;
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  private static byte[] fixed(int size, long value) {
    byte[] out = new byte[size];
    putLong(out, 0, size, value);
    return out;
  }

  private static byte[] seconds(long epochSecond, int nano) {
    byte[] out = new byte[12];
    putLong(out, 0, 8, epochSecond);
    putLong(out, 8, 4, nano);
    return out;
  }

  private static void putLong(byte[] out, int offset, int size, long value) {
    for (int i = size - 1; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>= 8;
    }
  }

  /** A fixed-size value that is the whole payload of the plaintext {@code p[0, length)}. */
  private static long wholeLong(byte[] p, int length, int size) {
    checkLength(length, size);
    return getLong(p, 1, size);
  }

  private static long getLong(byte[] p, int offset, int size) {
    long value = p[offset]; // sign-extends: the fields are two's complement
    for (int i = 1; i < size; i++) {
      value = (value << 8) | (p[offset + i] & 0xFF);
    }
    return value;
  }

  private static int nanos(byte[] p) {
    int nano = (int) getLong(p, 9, 4);
    if (nano < 0 || nano > 999_999_999) {
      throw malformed();
    }
    return nano;
  }

  private static void checkLength(int length, int payloadSize) {
    if (length != 1 + payloadSize) {
      throw malformed();
    }
  }

  private static CryptoException malformed() {
    return new CryptoException(CryptoException.Reason.UNSUPPORTED_VALUE, "the decrypted value has an invalid encoding");
  }
}
