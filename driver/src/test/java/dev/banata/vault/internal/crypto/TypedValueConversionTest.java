package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a caller may hand in for each column type, and what comes back. */
class TypedValueConversionTest {

  private final FieldCipher cipher = FieldCipher.of(KeyRing.initial(TestKeys.secrets(TestKeys.SECRET_A)));

  private Object roundTrip(ValueType type, Object input) {
    return cipher.decrypt(cipher.encryptToText(Mode.RANDOMIZED, "t.c", type, input), Mode.RANDOMIZED, "t.c", type);
  }

  @Test
  void reasonableInputsAreConvertedToTheColumnsJavaType() {
    assertThat(roundTrip(ValueType.BIGINT, 42)).isEqualTo(42L);
    assertThat(roundTrip(ValueType.INTEGER, "42")).isEqualTo(42);
    assertThat(roundTrip(ValueType.INTEGER, new BigDecimal("42.000"))).isEqualTo(42);
    assertThat(roundTrip(ValueType.SMALLINT, 7L)).isEqualTo((short) 7);
    assertThat(roundTrip(ValueType.DECIMAL, 12)).isEqualTo(new BigDecimal("12"));
    assertThat(roundTrip(ValueType.DECIMAL, "12.50")).isEqualTo(new BigDecimal("12.50"));
    assertThat(roundTrip(ValueType.DECIMAL, BigInteger.TWO)).isEqualTo(new BigDecimal(2));
    assertThat(roundTrip(ValueType.BOOLEAN, "t")).isEqualTo(true);
    assertThat(roundTrip(ValueType.BOOLEAN, 0)).isEqualTo(false);
    assertThat(roundTrip(ValueType.DATE, java.sql.Date.valueOf("2024-02-29"))).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(roundTrip(ValueType.DATE, "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(roundTrip(ValueType.TIMESTAMP, java.sql.Timestamp.valueOf("2024-02-29 13:14:15.123456789")))
        .isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_789));
    assertThat(roundTrip(ValueType.TIMESTAMP, "2024-02-29 13:14:15")).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 15));
    assertThat(roundTrip(ValueType.TIMESTAMPTZ, Instant.parse("2024-02-29T12:00:00Z")))
        .isEqualTo(OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 0, ZoneOffset.UTC));
    assertThat(roundTrip(ValueType.TIMESTAMPTZ, OffsetDateTime.parse("2024-02-29T14:00:00+02:00")))
        .isEqualTo(OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 0, ZoneOffset.UTC));
    assertThat(roundTrip(ValueType.UUID, "123e4567-e89b-12d3-a456-426614174000"))
        .isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    assertThat(roundTrip(ValueType.TEXT, 42)).isEqualTo("42");
    assertThat(roundTrip(ValueType.JSON, "{\"a\":1}")).isEqualTo("{\"a\":1}");
  }

  @Test
  void unsuitableInputsAreRejectedNamingTheTypeNeverTheValue() {
    assertRejected(ValueType.INTEGER, "not-a-number-secret", "a value of type java.lang.String cannot be stored as INTEGER");
    assertRejected(ValueType.INTEGER, 1.5d, "a value of type java.lang.Double cannot be stored as INTEGER");
    assertRejected(ValueType.SMALLINT, 70_000, "a value of type java.lang.Integer cannot be stored as SMALLINT");
    assertRejected(ValueType.BYTES, "text", "a value of type java.lang.String cannot be stored as BYTES");
    assertRejected(ValueType.DATE, 20240229, "a value of type java.lang.Integer cannot be stored as DATE");
    assertRejected(ValueType.BOOLEAN, "maybe-secret", "a value of type java.lang.String cannot be stored as BOOLEAN");
    assertRejected(ValueType.DECIMAL, Double.NaN, "a value of type java.lang.Double cannot be stored as DECIMAL");
    assertThatThrownBy(() -> cipher.encryptToText(Mode.RANDOMIZED, "t.c", ValueType.AUTO, "x"))
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.UNSUPPORTED_VALUE);
  }

  @Test
  void aValueStoredWithAnotherTypeIsReadWhenTheConversionIsExact() {
    String smallint = cipher.encryptToText(Mode.RANDOMIZED, "t.c", ValueType.SMALLINT, (short) 5);
    assertThat(cipher.decrypt(smallint, Mode.RANDOMIZED, "t.c", ValueType.BIGINT)).isEqualTo(5L);

    String text = cipher.encryptToText(Mode.RANDOMIZED, "t.c", ValueType.TEXT, "hello");
    assertThatThrownBy(() -> cipher.decrypt(text, Mode.RANDOMIZED, "t.c", ValueType.INTEGER))
        .isInstanceOf(CryptoException.class)
        .hasMessage("a value of type java.lang.String cannot be stored as INTEGER")
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.UNSUPPORTED_VALUE);
  }

  private void assertRejected(ValueType type, Object value, String message) {
    assertThatThrownBy(() -> cipher.encryptToText(Mode.RANDOMIZED, "t.c", type, value))
        .isInstanceOf(CryptoException.class)
        .hasMessage(message)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.UNSUPPORTED_VALUE);
  }
}
