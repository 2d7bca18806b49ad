package dev.banata.vault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Deterministic mode: equal input, equal envelope; a different context or version, a different envelope. */
class DeterministicEncryptionTest {

  private final KeyRing ring = TestKeys.twoVersions();
  private final FieldCipher cipher = FieldCipher.of(ring);

  @Provide
  Arbitrary<TypedValues.Typed> typed() {
    return TypedValues.anyTyped();
  }

  @Property(tries = 300)
  void equalInputGivesEqualEnvelopes(@ForAll("typed") TypedValues.Typed v) {
    String first = cipher.encryptToText(Mode.DETERMINISTIC, "customers.email", v.type(), v.value());
    String second = cipher.encryptToText(Mode.DETERMINISTIC, "customers.email", v.type(), v.value());
    String fromAnotherCipher = FieldCipher.of(TestKeys.twoVersions())
        .encryptToText(Mode.DETERMINISTIC, "customers.email", v.type(), v.value());

    assertThat(second).isEqualTo(first).isEqualTo(fromAnotherCipher);
    assertThat(Envelope.toText(cipher.encryptToBytes(Mode.DETERMINISTIC, "customers.email", v.type(), v.value()))).isEqualTo(first);
  }

  @Property(tries = 300)
  void differentContextsAndVersionsGiveDifferentEnvelopes(@ForAll("typed") TypedValues.Typed v) {
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

  @Property(tries = 200)
  void differentValuesGiveDifferentEnvelopes(@ForAll("typed") TypedValues.Typed a, @ForAll("typed") TypedValues.Typed b) {
    byte[] plainA = ValueCodec.encode(a.type(), a.value());
    byte[] plainB = ValueCodec.encode(b.type(), b.value());
    String envelopeA = cipher.encryptToText(Mode.DETERMINISTIC, "t.c", a.type(), a.value());
    String envelopeB = cipher.encryptToText(Mode.DETERMINISTIC, "t.c", b.type(), b.value());
    assertThat(envelopeA.equals(envelopeB)).isEqualTo(java.util.Arrays.equals(plainA, plainB));
  }

  @Example
  void equalValuesGivenAsDifferentJavaTypesGiveEqualEnvelopes() {
    String fromLong = cipher.encryptToText(Mode.DETERMINISTIC, "t.n", ValueType.BIGINT, 42L);
    assertThat(cipher.encryptToText(Mode.DETERMINISTIC, "t.n", ValueType.BIGINT, 42)).isEqualTo(fromLong);
    assertThat(cipher.encryptToText(Mode.DETERMINISTIC, "t.n", ValueType.BIGINT, "42")).isEqualTo(fromLong);
    assertThat(cipher.deterministicCandidatesBytes("t.n", ValueType.BIGINT, (short) 42).get(0))
        .isEqualTo(cipher.encryptToBytes(Mode.DETERMINISTIC, "t.n", ValueType.BIGINT, 42L));
  }

  @Example
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
