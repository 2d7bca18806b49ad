package dev.banata.vault.jdbc;

import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.ValueCodec;
import java.sql.Types;

/**
 * How an encrypted column of a given {@link ValueType} presents itself to JDBC: the type code,
 * type name and class that {@code ResultSetMetaData} reports and that {@code getObject(int)}
 * returns, the same as PostgreSQL's driver would for a plain column of that type, so that
 * frameworks reading metadata see the logical type, not {@code text}. Only that: the class a type's
 * values have inside the driver is {@link ValueCodec#valueClass} (a SMALLINT is a {@code Short} there
 * and an {@code Integer} here, as pgjdbc returns it), and the conversions between the two are
 * {@link ValueConversion}'s.
 */
enum LogicalType {
  TEXT(Types.VARCHAR, "text", String.class),
  BYTES(Types.BINARY, "bytea", byte[].class),
  SMALLINT(Types.SMALLINT, "int2", Integer.class),
  INTEGER(Types.INTEGER, "int4", Integer.class),
  BIGINT(Types.BIGINT, "int8", Long.class),
  DECIMAL(Types.NUMERIC, "numeric", java.math.BigDecimal.class),
  BOOLEAN(Types.BOOLEAN, "bool", Boolean.class),
  DATE(Types.DATE, "date", java.sql.Date.class),
  TIMESTAMP(Types.TIMESTAMP, "timestamp", java.sql.Timestamp.class),
  TIMESTAMPTZ(Types.TIMESTAMP_WITH_TIMEZONE, "timestamptz", java.sql.Timestamp.class),
  UUID(Types.OTHER, "uuid", java.util.UUID.class),
  JSON(Types.OTHER, "json", String.class);

  private final int sqlType;
  private final String typeName;
  private final Class<?> objectClass;

  LogicalType(int sqlType, String typeName, Class<?> objectClass) {
    this.sqlType = sqlType;
    this.typeName = typeName;
    this.objectClass = objectClass;
  }

  /** The presentation of a configured column's type ({@code EncryptedColumn} never has AUTO). */
  static LogicalType of(ValueType type) {
    return switch (type) {
      case TEXT -> TEXT;
      case BYTES -> BYTES;
      case SMALLINT -> SMALLINT;
      case INTEGER -> INTEGER;
      case BIGINT -> BIGINT;
      case DECIMAL -> DECIMAL;
      case BOOLEAN -> BOOLEAN;
      case DATE -> DATE;
      case TIMESTAMP -> TIMESTAMP;
      case TIMESTAMPTZ -> TIMESTAMPTZ;
      case UUID -> UUID;
      case JSON -> JSON;
      case AUTO -> throw new IllegalArgumentException("type AUTO is resolved to a concrete type before a column is configured");
    };
  }

  int sqlType() {
    return sqlType;
  }

  String typeName() {
    return typeName;
  }

  /** What {@code getObject(int)} returns for such a column. */
  Class<?> objectClass() {
    return objectClass;
  }
}
