package dev.banata.vault.crypto;

import dev.banata.vault.annotations.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for every value type, and the equality a round trip must preserve. */
final class TypedValues {

  record Typed(ValueType type, Object value) {
    @Override
    public String toString() {
      return type + ":" + (value instanceof byte[] b ? Hex.encode(b) : value);
    }
  }

  private TypedValues() {}

  /** Text without unpaired surrogates (which UTF-8, and so PostgreSQL, cannot hold). */
  static Arbitrary<String> text(int maxLength) {
    Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
        .ofMaxLength(maxLength);
    // Supplementary characters come as whole surrogate pairs.
    return Arbitraries.oneOf(bmp, Combinators.combine(bmp, bmp).as((a, b) -> a + "\uD83D\uDE00" + b));
  }

  static Arbitrary<Object> values(ValueType type) {
    long secondsMin = LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC) + 86_400;
    long secondsMax = LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC) - 86_400;
    Arbitrary<Integer> nanos = Arbitraries.integers().between(0, 999_999_999);
    return switch (type) {
      case TEXT, JSON -> text(200).map(s -> s);
      case BYTES -> Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(b -> b);
      case SMALLINT -> Arbitraries.shorts().map(s -> s);
      case INTEGER -> Arbitraries.integers().map(i -> i);
      case BIGINT -> Arbitraries.longs().map(l -> l);
      case DECIMAL -> Combinators.combine(
              Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)),
              Arbitraries.integers().between(-60, 60))
          .as((unscaled, scale) -> (Object) new BigDecimal(unscaled, scale));
      case BOOLEAN -> Arbitraries.of(true, false).map(b -> b);
      case DATE -> Arbitraries.longs().between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay())
          .map(LocalDate::ofEpochDay);
      case TIMESTAMP -> Combinators.combine(Arbitraries.longs().between(secondsMin, secondsMax), nanos)
          .as((s, n) -> (Object) LocalDateTime.ofEpochSecond(s, n, ZoneOffset.UTC));
      case TIMESTAMPTZ -> Combinators.combine(Arbitraries.longs().between(secondsMin, secondsMax), nanos,
              Arbitraries.integers().between(-18 * 3600, 18 * 3600))
          .as((s, n, offset) -> (Object) Instant.ofEpochSecond(s, n).atOffset(ZoneOffset.ofTotalSeconds(offset)));
      case UUID -> Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as((a, b) -> (Object) new UUID(a, b));
      case AUTO -> throw new IllegalArgumentException("AUTO has no values");
    };
  }

  static Arbitrary<Typed> anyTyped() {
    return Arbitraries.of(concreteTypes()).flatMap(type -> values(type).map(v -> new Typed(type, v)));
  }

  static ValueType[] concreteTypes() {
    return Arrays.stream(ValueType.values()).filter(t -> t != ValueType.AUTO).toArray(ValueType[]::new);
  }

  /** Same value as the codec promises to give back (timestamptz comes back as the same instant in UTC). */
  static boolean sameValue(Object expected, Object actual) {
    if (expected instanceof byte[] e) {
      return actual instanceof byte[] a && Arrays.equals(e, a);
    }
    if (expected instanceof OffsetDateTime e) {
      return actual instanceof OffsetDateTime a && a.getOffset().equals(ZoneOffset.UTC) && a.isEqual(e);
    }
    return expected.equals(actual);
  }
}
