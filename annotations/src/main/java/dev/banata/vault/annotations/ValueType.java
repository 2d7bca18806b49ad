package dev.banata.vault.annotations;

/**
 * The logical type of an encrypted column: what the application reads and writes. The database
 * column itself is {@code text} (or {@code bytea} for a binary column) and holds an envelope; the
 * value is encoded with its type before encryption, so {@code getInt}, {@code getObject(i,
 * LocalDate.class)} and friends return the original value after decryption.
 *
 * <p>The YAML names are the lower-case names of the constants ({@code type: date}).
 */
public enum ValueType {

  /**
   * Annotations only: take the type from the Java type of the annotated field: {@code String} &rarr;
   * TEXT, {@code byte[]} &rarr; BYTES, {@code short/Short} &rarr; SMALLINT, {@code int/Integer} &rarr;
   * INTEGER, {@code long/Long} &rarr; BIGINT, {@code BigDecimal} &rarr; DECIMAL, {@code
   * boolean/Boolean} &rarr; BOOLEAN, {@code LocalDate} &rarr; DATE, {@code LocalDateTime} &rarr;
   * TIMESTAMP, {@code OffsetDateTime/Instant} &rarr; TIMESTAMPTZ, {@code UUID} &rarr; UUID. Any other
   * field type is a startup error naming the class and field.
   */
  AUTO,
  /** {@link String}. */
  TEXT,
  /** {@code byte[]}. */
  BYTES,
  /** {@link Short}. */
  SMALLINT,
  /** {@link Integer}. */
  INTEGER,
  /** {@link Long}. */
  BIGINT,
  /** {@link java.math.BigDecimal}, scale preserved. */
  DECIMAL,
  /** {@link Boolean}. */
  BOOLEAN,
  /** {@link java.time.LocalDate}. */
  DATE,
  /** {@link java.time.LocalDateTime}: a timestamp without time zone. */
  TIMESTAMP,
  /** {@link java.time.OffsetDateTime} or {@link java.time.Instant}: a point in time. */
  TIMESTAMPTZ,
  /** {@link java.util.UUID}. */
  UUID,
  /** JSON document as text; read back as the same text. */
  JSON
}
