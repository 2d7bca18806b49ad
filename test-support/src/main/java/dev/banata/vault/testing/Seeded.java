package dev.banata.vault.testing;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Random test inputs that a failure can reproduce: our replacement for a property-testing engine.
 *
 * <p>One seed per test JVM, random unless {@value #SEED_PROPERTY} fixes it
 * ({@code mvn test -Dvault.test.seed=1234 -Dtest='TamperedEnvelopeTest'}). Case {@code i} of a named
 * generator is drawn from its own {@link Random}, derived from the seed, the name and {@code i}
 * only, so the same seed gives the same case whichever tests run, in whichever order.
 *
 * <p>Register it on a test class, {@code @ExtendWith(Seeded.class)}, and a failing test prints the
 * seed and the command line property that reproduces it (and carries it as a suppressed exception,
 * so it is in the surefire report too).
 *
 * <pre>{@code
 * static Stream<byte[]> plaintexts() {
 *   return Seeded.cases("plaintexts", 500, random -> Seeded.bytes(random, 300));
 * }
 * }</pre>
 */
public final class Seeded implements TestExecutionExceptionHandler {

  /** System property that fixes the seed of a run, to reproduce a failure. */
  public static final String SEED_PROPERTY = "vault.test.seed";

  private static final long SEED = initialSeed();

  /** The seed of this run. */
  public static long seed() {
    return SEED;
  }

  /** The random source of case {@code index} of the generator called {@code name}. */
  public static Random random(String name, int index) {
    return new Random(mix(mix(SEED ^ 0x9E3779B97F4A7C15L * (name.hashCode() + 1L)) + index));
  }

  /** {@code count} cases of the generator called {@code name}. */
  public static <T> Stream<T> cases(String name, int count, Function<Random, T> generator) {
    return IntStream.range(0, count).mapToObj(i -> generator.apply(random(name, i)));
  }

  /** Every fixed edge case first, then {@code count} generated cases. */
  public static <T> Stream<T> edgesThenCases(List<T> edges, String name, int count, Function<Random, T> generator) {
    return Stream.concat(edges.stream(), cases(name, count, generator));
  }

  /**
   * Random bytes, {@code 0..maxLength} long. One draw in four takes a length from the edges (0, 1,
   * the AES block boundaries 15/16/17, 31/32/33, and the maximum) and one in eight fills with all
   * zero or all one bits, as a property engine's edge cases would.
   */
  public static byte[] bytes(Random random, int maxLength) {
    int length;
    if (random.nextInt(4) == 0) {
      int[] edges = IntStream.of(0, 1, 15, 16, 17, 31, 32, 33, maxLength).filter(n -> n <= maxLength).toArray();
      length = edges[random.nextInt(edges.length)];
    } else {
      length = random.nextInt(maxLength + 1);
    }
    return bytesOfLength(random, length);
  }

  /** Random bytes of exactly {@code length}; one draw in eight is all zero or all one bits. */
  public static byte[] bytesOfLength(Random random, int length) {
    byte[] out = new byte[length];
    switch (random.nextInt(16)) {
      case 0 -> Arrays.fill(out, (byte) 0);
      case 1 -> Arrays.fill(out, (byte) 0xFF);
      default -> random.nextBytes(out);
    }
    return out;
  }

  /** Letters only, {@code minLength..maxLength} long. */
  public static String letters(Random random, int minLength, int maxLength) {
    int length = minLength + random.nextInt(maxLength - minLength + 1);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int letter = random.nextInt(52);
      out.append((char) (letter < 26 ? 'a' + letter : 'A' + letter - 26));
    }
    return out.toString();
  }

  /**
   * Text without unpaired surrogates (which UTF-8, and so PostgreSQL, cannot hold), {@code
   * 0..maxLength} UTF-16 units: mostly ASCII, with any BMP character, NUL and whole surrogate pairs.
   */
  public static String text(Random random, int maxLength) {
    int length = random.nextInt(4) == 0 ? (random.nextBoolean() ? 0 : maxLength) : random.nextInt(maxLength + 1);
    StringBuilder out = new StringBuilder(length);
    while (out.length() < length) {
      int kind = random.nextInt(10);
      if (kind == 0 && out.length() + 2 <= length) {
        out.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000 + 1));
      } else if (kind <= 3) {
        int c = random.nextInt(0xD800 + 0x2000); // U+0000..U+D7FF and U+E000..U+FFFF
        out.append((char) (c < 0xD800 ? c : c + 0x800));
      } else if (kind == 4) {
        out.append('\u0000');
      } else {
        out.append((char) (0x20 + random.nextInt(0x5F)));
      }
    }
    return out.toString();
  }

  /** One of {@code values}. */
  @SafeVarargs
  public static <T> T oneOf(Random random, T... values) {
    return values[random.nextInt(values.length)];
  }

  /**
   * A long in {@code [min, max]}: one draw in sixteen each is a bound, one in eight is near zero (where
   * the sign and width of an encoding change), the rest are uniform over the range.
   */
  public static long between(Random random, long min, long max) {
    int kind = random.nextInt(16);
    if (kind == 0) {
      return min;
    }
    if (kind == 1) {
      return max;
    }
    if (kind <= 3) {
      long small = random.nextInt(2001) - 1000;
      return Math.max(min, Math.min(max, small));
    }
    long span = max - min + 1;
    if (span > 0) {
      return min + Math.floorMod(random.nextLong(), span);
    }
    long draw; // the range is wider than Long.MAX_VALUE: draw until inside
    do {
      draw = random.nextLong();
    } while (draw < min || draw > max);
    return draw;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    String reproduce = "Seeded: " + context.getDisplayName() + " of " + context.getRequiredTestClass().getSimpleName()
        + " failed with seed " + SEED + "; reproduce with -D" + SEED_PROPERTY + "=" + SEED;
    System.err.println(reproduce);
    failure.addSuppressed(new SeedReport(reproduce));
    throw failure;
  }

  private static long initialSeed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    if (fixed != null && !fixed.isBlank()) {
      return Long.parseLong(fixed.trim());
    }
    return new SecureRandom().nextLong();
  }

  /** SplitMix64's finalizer: neighbouring inputs give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Carries the seed into the test report; no stack trace of its own. */
  private static final class SeedReport extends Exception {
    SeedReport(String message) {
      super(message, null, false, false);
    }
  }
}
