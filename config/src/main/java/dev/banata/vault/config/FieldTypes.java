package dev.banata.vault.config;

import dev.banata.vault.annotations.ValueType;
import java.util.Map;
import java.util.Optional;

/** Which {@link ValueType} a field's Java type stands for when {@code @Encrypted(type = AUTO)}. */
final class FieldTypes {

  private static final Map<String, ValueType> BY_JAVA_TYPE = Map.ofEntries(
      Map.entry("java.lang.String", ValueType.TEXT),
      Map.entry("[B", ValueType.BYTES),
      Map.entry("short", ValueType.SMALLINT),
      Map.entry("java.lang.Short", ValueType.SMALLINT),
      Map.entry("int", ValueType.INTEGER),
      Map.entry("java.lang.Integer", ValueType.INTEGER),
      Map.entry("long", ValueType.BIGINT),
      Map.entry("java.lang.Long", ValueType.BIGINT),
      Map.entry("java.math.BigDecimal", ValueType.DECIMAL),
      Map.entry("boolean", ValueType.BOOLEAN),
      Map.entry("java.lang.Boolean", ValueType.BOOLEAN),
      Map.entry("java.time.LocalDate", ValueType.DATE),
      Map.entry("java.time.LocalDateTime", ValueType.TIMESTAMP),
      Map.entry("java.time.OffsetDateTime", ValueType.TIMESTAMPTZ),
      Map.entry("java.time.Instant", ValueType.TIMESTAMPTZ),
      Map.entry("java.util.UUID", ValueType.UUID));

  /** Human-readable list for error messages. */
  static final String SUPPORTED = "String, byte[], short/Short, int/Integer, long/Long, BigDecimal, boolean/Boolean,"
      + " LocalDate, LocalDateTime, OffsetDateTime, Instant, UUID";

  private FieldTypes() {}

  /** The value type of a field whose erased type has this binary name ({@code int}, {@code [B}, {@code java.lang.String}). */
  static Optional<ValueType> of(String binaryName) {
    return Optional.ofNullable(BY_JAVA_TYPE.get(binaryName));
  }
}
