package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.testing.Seeded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Deterministic mode: equal input, equal envelope; a different context or version, a different envelope. */
@ExtendWith(Seeded.class)
class DeterministicEncryptionTest {

  private final KeyRing ring = TestKeys.twoVersions();
  private final FieldCipher cipher = FieldCipher.of(ring);

  static Stream<TypedValues.Typed> typed() {
    return TypedValues.cases("DeterministicEncryptionTest.typed", 300);
  }

  /**
   * Pairs of values: every edge value against the next one, and random pairs of which one in four
   * is the same value generated twice (equal, not identical), so both sides of the equivalence are hit.
   */
  static Stream<Arguments> pairs() {
    List<TypedValues.Typed> edges = TypedValues.edges();
    Stream<Arguments> edgePairs = IntStream.range(0, edges.size())
        .mapToObj(i -> Arguments.of(edges.get(i), edges.get((i + 1) % edges.size())));
    Stream<Arguments> randomPairs = Seeded.cases("DeterministicEncryptionTest.pairs", 200, random -> {
      long seedOfA = random.nextLong();
      TypedValues.Typed a = TypedValues.anyTyped(new Random(seedOfA));
      TypedValues.Typed b = random.nextInt(4) == 0 ? TypedValues.anyTyped(new Random(seedOfA)) : TypedValues.anyTyped(random);
      return Arguments.of(a, b);
    });
    return Stream.concat(Stream.concat(edgePairs, edges.stream().map(e -> Arguments.of(e, e))), randomPairs);
  }

  @ParameterizedTest
  @MethodSource("typed")
  void equalInputGivesEqualEnvelopes(TypedValues.Typed v) {
    String first = cipher.encryptToText(Mode.DETERMINISTIC, "customers.email", v.type(), v.value());
    String second = cipher.encryptToText(Mode.DETERMINISTIC, "customers.email", v.type(), v.value());
    String fromAnotherCipher = FieldCipher.of(TestKeys.twoVersions())
        .encryptToText(Mode.DETERMINISTIC, "customers.email", v.type(), v.value());

    assertThat(second).isEqualTo(first).isEqualTo(fromAnotherCipher);
    assertThat(Envelope.toText(cipher.encryptToBytes(Mode.DETERMINISTIC, "customers.email", v.type(), v.value()))).isEqualTo(first);
  }

  @ParameterizedTest
  @MethodSource("typed")
  void differentContextsAndVersionsGiveDifferentEnvelopes(TypedValues.Typed v) {
    List<String> candidates = cipher.deterministicCandidatesText("customers.email", v.type(), v.value());
    String otherContext = cipher.encryptToText(Mode.DETERMINISTIC, "customers.email2", v.type(), v.value());

    assertThat(candidates).hasSize(2).doesNotHaveDuplicates().doesNotContain(otherContext);
    assertThat(FieldCipher.keyVersionOf(candidates.get(0))).isEqualTo(2);
    assertThat(FieldCipher.keyVersionOf(candidates.get(1))).isEqualTo(1);
    assertThat(candidates.get(0)).isEqualTo(cipher.encryptToText(Mode.DETERMINISTIC, "customers.email", v.type(), v.value()));
    for (String candidate : candidates) {
      assertThat(TypedValues.sameValue(v.value(), cipher.decrypt(candidate, Mode.DETERMINISTIC, "customers.email", v.type()))).isTrue();
    }
    // Ciphertexts differ beyond the version field: the IV (and so everything after it) differs.
    assertThat(candidates.get(0).substring(16)).isNotEqualTo(candidates.get(1).substring(16));
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void differentValuesGiveDifferentEnvelopes(TypedValues.Typed a, TypedValues.Typed b) {
    byte[] plainA = ValueCodec.encode(a.type(), a.value());
    byte[] plainB = ValueCodec.encode(b.type(), b.value());
    String envelopeA = cipher.encryptToText(Mode.DETERMINISTIC, "t.c", a.type(), a.value());
    String envelopeB = cipher.encryptToText(Mode.DETERMINISTIC, "t.c", b.type(), b.value());
    assertThat(envelopeA.equals(envelopeB)).isEqualTo(java.util.Arrays.equals(plainA, plainB));
  }

  @Test
  void equalValuesGivenAsDifferentJavaTypesGiveEqualEnvelopes() {
    String fromLong = cipher.encryptToText(Mode.DETERMINISTIC, "t.n", ValueType.BIGINT, 42L);
    assertThat(cipher.encryptToText(Mode.DETERMINISTIC, "t.n", ValueType.BIGINT, 42)).isEqualTo(fromLong);
    assertThat(cipher.encryptToText(Mode.DETERMINISTIC, "t.n", ValueType.BIGINT, "42")).isEqualTo(fromLong);
    assertThat(cipher.deterministicCandidatesBytes("t.n", ValueType.BIGINT, (short) 42).get(0))
        .isEqualTo(cipher.encryptToBytes(Mode.DETERMINISTIC, "t.n", ValueType.BIGINT, 42L));
  }

  @Test
  void concurrentThreadsAgree() throws Exception {
    String expected = cipher.encryptToText(Mode.DETERMINISTIC, "t.c", ValueType.TEXT, "same");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 2000; i++) {
            String envelope = cipher.encryptToText(Mode.DETERMINISTIC, "t.c", ValueType.TEXT, i % 2 == 0 ? "same" : "other");
            if (i % 2 == 0 && !envelope.equals(expected)) {
              return false;
            }
            if (!cipher.decrypt(envelope, Mode.DETERMINISTIC, "t.c", ValueType.TEXT).equals(i % 2 == 0 ? "same" : "other")) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
