package dev.banata.vault.internal.sql;

import dev.banata.vault.annotations.ValueType;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;

/**
 * Whether PostgreSQL would compare a literal, with the type it is written with, with a column of
 * an encrypted column's logical type. The driver answers a comparison as PostgreSQL answers it on
 * the plaintext column, so one that PostgreSQL rejects ({@code text = 5}, {@code text = 'x'::bytea},
 * {@code date = true}) is refused rather than answered. A quoted string without a type is of
 * unknown type: it takes the column's.
 */
final class LiteralTypes {

  /** What a literal is written as, as far as comparing it goes. */
  enum Kind { UNTYPED, STRING, BYTES, NUMBER, BOOLEAN, DATE, TIMESTAMP, UUID, JSON, OTHER }

  private static final Map<String, Kind> CAST_TYPES = Map.ofEntries(
      Map.entry("text", Kind.STRING), Map.entry("varchar", Kind.STRING), Map.entry("character varying", Kind.STRING),
      Map.entry("bytea", Kind.BYTES),
      Map.entry("int2", Kind.NUMBER), Map.entry("smallint", Kind.NUMBER), Map.entry("int4", Kind.NUMBER), Map.entry("int", Kind.NUMBER),
      Map.entry("integer", Kind.NUMBER), Map.entry("int8", Kind.NUMBER), Map.entry("bigint", Kind.NUMBER), Map.entry("numeric", Kind.NUMBER),
      Map.entry("decimal", Kind.NUMBER),
      Map.entry("bool", Kind.BOOLEAN), Map.entry("boolean", Kind.BOOLEAN),
      Map.entry("date", Kind.DATE), Map.entry("timestamp", Kind.TIMESTAMP),
      Map.entry("timestamptz", Kind.TIMESTAMP), Map.entry("timestamp with time zone", Kind.TIMESTAMP),
      Map.entry("timestamp without time zone", Kind.TIMESTAMP),
      Map.entry("uuid", Kind.UUID), Map.entry("json", Kind.JSON), Map.entry("jsonb", Kind.JSON));

  private LiteralTypes() {}

  /** True when PostgreSQL compares {@code literal} with a plaintext column of {@code type}. */
  static boolean comparable(Expression literal, ValueType type) {
    Kind kind = kindOf(literal);
    return switch (kind) {
      // json has no = at all, and jsonb's = is not equality of the text the envelope holds.
      case UNTYPED -> type != ValueType.JSON;
      case STRING -> type == ValueType.TEXT;
      case BYTES -> type == ValueType.BYTES;
      case NUMBER -> type == ValueType.SMALLINT || type == ValueType.INTEGER || type == ValueType.BIGINT || type == ValueType.DECIMAL;
      case BOOLEAN -> type == ValueType.BOOLEAN;
      // A date column compared with a timestamp is compared at midnight; the literal's time is not dropped.
      case DATE -> type == ValueType.DATE || type == ValueType.TIMESTAMP || type == ValueType.TIMESTAMPTZ;
      case TIMESTAMP -> type == ValueType.TIMESTAMP || type == ValueType.TIMESTAMPTZ;
      case UUID -> type == ValueType.UUID;
      case JSON, OTHER -> false;
    };
  }

  /**
   * True when {@code literal} may be assigned to a column of {@code type} and the driver stores what
   * PostgreSQL's assignment would: what compares, a typed json into json, and a number or boolean into
   * text (whose text form the driver writes as PostgreSQL does). Not a bytea or date into text (whose
   * text PostgreSQL writes as {@code \\x78}, or with seconds): refused, like the forms PostgreSQL
   * itself fails ({@code true} into an integer, {@code 1} into a boolean, {@code 'x'::text} into bytea).
   */
  static boolean assignable(Expression literal, ValueType type) {
    Kind kind = kindOf(literal);
    // A timestamp into a date column keeps its day, in PostgreSQL and in the driver's conversion.
    return kind == Kind.UNTYPED || comparable(literal, type) || kind == Kind.JSON && type == ValueType.JSON
        || kind == Kind.TIMESTAMP && type == ValueType.DATE
        || type == ValueType.TEXT && (kind == Kind.NUMBER || kind == Kind.BOOLEAN);
  }

  /** The type a literal is written with, for a message: {@code integer}, {@code bytea}, ... */
  static String describe(Expression literal) {
    if (literal instanceof CastExpression cast && cast.getColDataType() != null && cast.getColDataType().getDataType() != null) {
      return cast.getColDataType().getDataType().toLowerCase(Locale.ROOT);
    }
    return kindOf(literal).name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  static Kind kindOf(Expression literal) {
    if (literal instanceof StringValue) {
      return Kind.UNTYPED;
    }
    if (literal instanceof LongValue || literal instanceof DoubleValue || literal instanceof SignedExpression) {
      return Kind.NUMBER;
    }
    if (literal instanceof BooleanValue) {
      return Kind.BOOLEAN;
    }
    if (literal instanceof DateValue) {
      return Kind.DATE;
    }
    if (literal instanceof TimestampValue) {
      return Kind.TIMESTAMP;
    }
    if (literal instanceof TimeValue) {
      return Kind.OTHER;
    }
    if (literal instanceof CastExpression cast) {
      return cast.getColDataType() == null || cast.getColDataType().getDataType() == null ? Kind.UNTYPED : castType(cast);
    }
    return Kind.OTHER;
  }

  /**
   * The kind of the type a cast names, read as PostgreSQL reads type names (also for a cast of a
   * parameter); OTHER for an array or a type not listed.
   */
  static Kind castType(CastExpression cast) {
    var type = cast.getColDataType();
    if (type == null || type.getDataType() == null || type.getArrayData() != null && !type.getArrayData().isEmpty()) {
      return Kind.OTHER;
    }
    return CAST_TYPES.getOrDefault(typeName(type.getDataType()), Kind.OTHER);
  }

  /** A type name as PostgreSQL reads it: folded unless quoted, without the pg_catalog schema it is found in. */
  private static String typeName(String written) {
    String name = written.startsWith("pg_catalog.") || written.startsWith("PG_CATALOG.") ? written.substring("pg_catalog.".length()) : written;
    return name.length() > 1 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name.toLowerCase(Locale.ROOT);
  }
}
