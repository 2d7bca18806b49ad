package dev.banata.vault.jdbc;

import dev.banata.vault.annotations.ValueType;
import java.sql.Types;

/**
 * How an encrypted column of a given {@link ValueType} presents itself to JDBC: the type code,
 * type name and class that {@code ResultSetMetaData} reports and that {@code getObject(int)}
 * returns, the same as PostgreSQL's driver would for a plain column of that type, so that
 * frameworks reading metadata see the logical type, not {@code text}.
 */
enum LogicalType {
  TEXT(Types.VARCHAR, "text", String.class, String.class),
  BYTES(Types.BINARY, "bytea", byte[].class, byte[].class),
  SMALLINT(Types.SMALLINT, "int2", Integer.class, Short.class),
  INTEGER(Types.INTEGER, "int4", Integer.class, Integer.class),
  BIGINT(Types.BIGINT, "int8", Long.class, Long.class),
  DECIMAL(Types.NUMERIC, "numeric", java.math.BigDecimal.class, java.math.BigDecimal.class),
  BOOLEAN(Types.BOOLEAN, "bool", Boolean.class, Boolean.class),
  DATE(Types.DATE, "date", java.sql.Date.class, java.time.LocalDate.class),
  TIMESTAMP(Types.TIMESTAMP, "timestamp", java.sql.Timestamp.class, java.time.LocalDateTime.class),
  TIMESTAMPTZ(Types.TIMESTAMP_WITH_TIMEZONE, "timestamptz", java.sql.Timestamp.class, java.time.OffsetDateTime.class),
  UUID(Types.OTHER, "uuid", java.util.UUID.class, java.util.UUID.class),
  JSON(Types.OTHER, "json", String.class, String.class);

  private final int sqlType;
  private final String typeName;
  private final Class<?> objectClass;
  private final Class<?> valueClass;

  LogicalType(int sqlType, String typeName, Class<?> objectClass, Class<?> valueClass) {
    this.sqlType = sqlType;
    this.typeName = typeName;
    this.objectClass = objectClass;
    this.valueClass = valueClass;
  }

  /** The Java type the field cipher encodes for such a column (the {@code ValueType}'s type). */
  Class<?> valueClass() {
    return valueClass;
  }

  static LogicalType of(ValueType type) {
    return switch (type) {
      case TEXT, AUTO -> TEXT;
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
