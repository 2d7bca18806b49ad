package dev.banata.vault.internal.crypto;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.testing.Seeded;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Seeded generators and edge values for every value type, and the equality a round trip must preserve. */
final class TypedValues {

  record Typed(ValueType type, Object value) {
    @Override
    public String toString() {
      String shown = value instanceof byte[] b ? Hex.encode(b) : String.valueOf(value);
      return type + ":" + (shown.length() > 80 ? shown.substring(0, 80) + "...(" + shown.length() + ")" : shown);
    }
  }

  private static final int MAX_TEXT = 200;
  private static final int MAX_BYTES = 200;
  private static final BigInteger DECIMAL_BOUND = BigInteger.TEN.pow(40);
  private static final int MAX_SCALE = 60;
  private static final long SECONDS_MIN = LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC) + 86_400;
  private static final long SECONDS_MAX = LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC) - 86_400;
  private static final int MAX_OFFSET = 18 * 3600;

  private TypedValues() {}

  static Object value(ValueType type, Random random) {
    return switch (type) {
      case TEXT, JSON -> Seeded.text(random, MAX_TEXT);
      case BYTES -> Seeded.bytes(random, MAX_BYTES);
      case SMALLINT -> (short) Seeded.between(random, Short.MIN_VALUE, Short.MAX_VALUE);
      case INTEGER -> (int) Seeded.between(random, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT -> Seeded.between(random, Long.MIN_VALUE, Long.MAX_VALUE);
      case DECIMAL -> new BigDecimal(unscaled(random), (int) Seeded.between(random, -MAX_SCALE, MAX_SCALE));
      case BOOLEAN -> random.nextBoolean();
      case DATE -> LocalDate.ofEpochDay(Seeded.between(random, LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()));
      case TIMESTAMP -> LocalDateTime.ofEpochSecond(Seeded.between(random, SECONDS_MIN, SECONDS_MAX), nanos(random), ZoneOffset.UTC);
      case TIMESTAMPTZ -> Instant.ofEpochSecond(Seeded.between(random, SECONDS_MIN, SECONDS_MAX), nanos(random))
          .atOffset(ZoneOffset.ofTotalSeconds((int) Seeded.between(random, -MAX_OFFSET, MAX_OFFSET)));
      case UUID -> new UUID(Seeded.between(random, Long.MIN_VALUE, Long.MAX_VALUE), Seeded.between(random, Long.MIN_VALUE, Long.MAX_VALUE));
      case AUTO -> throw new IllegalArgumentException("AUTO has no values");
    };
  }

  /** A random concrete type with a random value of it. */
  static Typed anyTyped(Random random) {
    ValueType type = Seeded.oneOf(random, concreteTypes());
    return new Typed(type, value(type, random));
  }

  /** The values at the ends of each type's range and the ones codecs get wrong (empty, zero, NUL, surrogate pairs). */
  static List<Typed> edges() {
    List<Typed> edges = new ArrayList<>();
    for (ValueType type : new ValueType[] {ValueType.TEXT, ValueType.JSON}) {
      for (String s : List.of("", "\u0000", "a", "\uD83D\uDE00", "\uD7FF\uE000\uFFFF", "é".repeat(MAX_TEXT), "\uD83D\uDE00".repeat(MAX_TEXT / 2))) {
        edges.add(new Typed(type, s));
      }
    }
    byte[] zeros = new byte[MAX_BYTES];
    byte[] ones = new byte[MAX_BYTES];
    Arrays.fill(ones, (byte) 0xFF);
    for (byte[] b : List.of(new byte[0], new byte[] {0}, new byte[] {-128}, new byte[] {127}, new byte[16], zeros, ones)) {
      edges.add(new Typed(ValueType.BYTES, b));
    }
    for (short s : new short[] {Short.MIN_VALUE, -1, 0, 1, Short.MAX_VALUE}) {
      edges.add(new Typed(ValueType.SMALLINT, s));
    }
    for (int i : new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}) {
      edges.add(new Typed(ValueType.INTEGER, i));
    }
    for (long l : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}) {
      edges.add(new Typed(ValueType.BIGINT, l));
    }
    for (BigInteger unscaled : List.of(DECIMAL_BOUND.negate(), BigInteger.ONE.negate(), BigInteger.ZERO, BigInteger.ONE, DECIMAL_BOUND)) {
      for (int scale : new int[] {-MAX_SCALE, 0, MAX_SCALE}) {
        edges.add(new Typed(ValueType.DECIMAL, new BigDecimal(unscaled, scale)));
      }
    }
    edges.add(new Typed(ValueType.BOOLEAN, true));
    edges.add(new Typed(ValueType.BOOLEAN, false));
    for (LocalDate d : List.of(LocalDate.MIN, LocalDate.of(-1, 12, 31), LocalDate.EPOCH, LocalDate.of(2000, 2, 29), LocalDate.MAX)) {
      edges.add(new Typed(ValueType.DATE, d));
    }
    for (long seconds : new long[] {SECONDS_MIN, -1, 0, SECONDS_MAX}) {
      for (int nanos : new int[] {0, 999_999_999}) {
        edges.add(new Typed(ValueType.TIMESTAMP, LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC)));
        for (int offset : new int[] {-MAX_OFFSET, 0, MAX_OFFSET}) {
          edges.add(new Typed(ValueType.TIMESTAMPTZ, Instant.ofEpochSecond(seconds, nanos).atOffset(ZoneOffset.ofTotalSeconds(offset))));
        }
      }
    }
    for (UUID u : List.of(new UUID(0, 0), new UUID(-1, -1), new UUID(Long.MIN_VALUE, Long.MAX_VALUE))) {
      edges.add(new Typed(ValueType.UUID, u));
    }
    return edges;
  }

  /** Every edge value, then {@code count} random typed values. */
  static Stream<Typed> cases(String name, int count) {
    return Seeded.edgesThenCases(edges(), name, count, TypedValues::anyTyped);
  }

  /** Every edge value in both modes, then {@code count} random typed values, each in a random mode. */
  static Stream<Arguments> casesInEitherMode(String name, int count) {
    Stream<Arguments> edges = edges().stream().flatMap(v -> Stream.of(Mode.values()).map(mode -> Arguments.of(v, mode)));
    return Stream.concat(edges, Seeded.cases(name, count, random -> Arguments.of(anyTyped(random), Seeded.oneOf(random, Mode.values()))));
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

  private static BigInteger unscaled(Random random) {
    return switch (random.nextInt(16)) {
      case 0 -> DECIMAL_BOUND.negate();
      case 1 -> DECIMAL_BOUND;
      case 2 -> BigInteger.ZERO;
      default -> {
        // Any magnitude up to the bound: a random bit length first, so short numbers are as likely as long ones.
        BigInteger magnitude = new BigInteger(1 + random.nextInt(DECIMAL_BOUND.bitLength()), random).min(DECIMAL_BOUND);
        yield random.nextBoolean() ? magnitude : magnitude.negate();
      }
    };
  }

  private static int nanos(Random random) {
    return (int) Seeded.between(random, 0, 999_999_999);
  }
}
