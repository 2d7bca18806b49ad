package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anything but the exact envelope, under the exact context, key version and secret, is
 * "Decryption failed" — never garbage, never a different message.
 */
@ExtendWith(Seeded.class)
class TamperedEnvelopeTest {

  private static final String CONTEXT = "customers.ssn";
  private final KeyRing ring = TestKeys.twoVersions();
  private final FieldCipher cipher = FieldCipher.of(ring);

  // Every edge value in both modes, then as many random cases as the property engine used to try.
  static Stream<Arguments> binaryFlips() {
    return TypedValues.casesInEitherMode("TamperedEnvelopeTest.binaryFlips", 60);
  }

  static Stream<Arguments> textFlips() {
    return TypedValues.casesInEitherMode("TamperedEnvelopeTest.textFlips", 30);
  }

  static Stream<Arguments> truncations() {
    return TypedValues.casesInEitherMode("TamperedEnvelopeTest.truncations", 40);
  }

  static Stream<Arguments> otherContexts() {
    Stream<Arguments> edges = Stream.of("c", "customers.ss", "customers.ssnx", "Customers.ssn", "customers.ssn ", "customers_ssn")
        .flatMap(context -> Stream.of(Mode.values()).map(mode -> Arguments.of(new TypedValues.Typed(ValueType.TEXT, "x"), mode, context)));
    return Stream.concat(edges, Seeded.cases("TamperedEnvelopeTest.otherContexts", 200, random -> Arguments.of(
        TypedValues.anyTyped(random), Seeded.oneOf(random, Mode.values()), Seeded.letters(random, 1, 20))));
  }

  static Stream<Arguments> contextFlips() {
    return TypedValues.casesInEitherMode("TamperedEnvelopeTest.contextFlips", 100);
  }

  static Stream<Arguments> otherVersions() {
    return TypedValues.casesInEitherMode("TamperedEnvelopeTest.otherVersions", 100);
  }

  static Stream<Arguments> otherSecrets() {
    return TypedValues.casesInEitherMode("TamperedEnvelopeTest.otherSecrets", 100);
  }

  @ParameterizedTest
  @MethodSource("binaryFlips")
  void everySingleBitFlipOfABinaryEnvelopeFails(TypedValues.Typed v, Mode mode) {
    byte[] envelope = cipher.encryptToBytes(mode, CONTEXT, v.type(), v.value());
    List<String> accepted = new ArrayList<>();
    for (int bit = 0; bit < envelope.length * 8; bit++) {
      byte[] flipped = envelope.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      if (!failsAsDecryptionFailed(() -> cipher.decrypt(flipped, mode, CONTEXT, v.type()))) {
        accepted.add("bit " + bit);
      }
    }
    assertThat(accepted).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("textFlips")
  void everySingleBitFlipOfATextEnvelopeFails(TypedValues.Typed v, Mode mode) {
    byte[] text = cipher.encryptToText(mode, CONTEXT, v.type(), v.value()).getBytes(StandardCharsets.ISO_8859_1);
    List<String> accepted = new ArrayList<>();
    for (int bit = 0; bit < text.length * 8; bit++) {
      byte[] flipped = text.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      String tampered = new String(flipped, StandardCharsets.ISO_8859_1);
      if (!failsAsDecryptionFailed(() -> cipher.decrypt(tampered, mode, CONTEXT, v.type()))) {
        accepted.add("bit " + bit);
      }
    }
    assertThat(accepted).isEmpty();
  }

  @Test
  void sampledBitFlipsOfAOneMebibyteEnvelopeFail() {
    byte[] value = new byte[1 << 20];
    Random random = new Random(7);
    random.nextBytes(value);
    for (Mode mode : Mode.values()) {
      byte[] envelope = cipher.encryptToBytes(mode, CONTEXT, ValueType.BYTES, value);
      List<Integer> bits = new ArrayList<>();
      for (int bit = 0; bit < 20 * 8; bit += 7) {
        bits.add(bit); // header and IV
      }
      for (int i = 0; i < 48; i++) {
        bits.add(random.nextInt(envelope.length * 8));
      }
      for (int bit = envelope.length * 8 - 16 * 8; bit < envelope.length * 8; bit += 5) {
        bits.add(bit); // tag
      }
      for (int bit : bits) {
        byte[] flipped = envelope.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(flipped, mode, CONTEXT, ValueType.BYTES)))
            .as("bit %d", bit).isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("truncations")
  void everyTruncationAndExtensionFails(TypedValues.Typed v, Mode mode) {
    byte[] envelope = cipher.encryptToBytes(mode, CONTEXT, v.type(), v.value());
    String text = Envelope.toText(envelope);
    for (int length = 0; length < envelope.length; length++) {
      byte[] truncated = Arrays.copyOf(envelope, length);
      assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(truncated, mode, CONTEXT, v.type()))).as("length %d", length).isTrue();
    }
    for (int length = 0; length < text.length(); length++) {
      String truncated = text.substring(0, length);
      assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(truncated, mode, CONTEXT, v.type()))).as("text length %d", length).isTrue();
    }
    byte[] extended = Arrays.copyOf(envelope, envelope.length + 1);
    assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(extended, mode, CONTEXT, v.type()))).isTrue();
    assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(text + "A", mode, CONTEXT, v.type()))).isTrue();
  }

  @ParameterizedTest
  @MethodSource("otherContexts")
  void anotherContextFails(TypedValues.Typed v, Mode mode, String otherContext) {
    String envelope = cipher.encryptToText(mode, CONTEXT, v.type(), v.value());
    String other = otherContext.equals(CONTEXT) ? otherContext + "x" : otherContext;
    assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(envelope, mode, other, v.type()))).isTrue();
  }

  @ParameterizedTest
  @MethodSource("contextFlips")
  void everyBitFlipOfTheContextFails(TypedValues.Typed v, Mode mode) {
    String envelope = cipher.encryptToText(mode, CONTEXT, v.type(), v.value());
    byte[] context = CONTEXT.getBytes(StandardCharsets.ISO_8859_1);
    for (int bit = 0; bit < context.length * 8; bit++) {
      byte[] flipped = context.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      String other = new String(flipped, StandardCharsets.ISO_8859_1);
      assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(envelope, mode, other, v.type()))).as("bit %d", bit).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("otherVersions")
  void anotherKeyVersionFails(TypedValues.Typed v, Mode mode) {
    byte[] envelope = cipher.encryptToBytes(mode, CONTEXT, v.type(), v.value()); // version 2
    byte[] relabeled = envelope.clone();
    relabeled[7] = 1; // claims version 1, which the ring holds (on another secret)
    assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(relabeled, mode, CONTEXT, v.type()))).isTrue();

    // Same version number and context, but the version's keys come from another secret.
    KeyRing sameNumberOtherSecret = KeyRing.builder(TestKeys.secrets(TestKeys.SECRET_B))
        .add(new KeyVersion(2, MasterSecret.create(TestKeys.SECRET_B).fingerprint())).primary(2).build();
    assertThat(failsAsDecryptionFailed(
        () -> FieldCipher.of(sameNumberOtherSecret).decrypt(envelope, mode, CONTEXT, v.type()))).isTrue();
  }

  @ParameterizedTest
  @MethodSource("otherSecrets")
  void anotherSecretFails(TypedValues.Typed v, Mode mode) {
    FieldCipher underA = FieldCipher.of(KeyRing.initial(TestKeys.secrets(TestKeys.SECRET_A)));
    FieldCipher underB = FieldCipher.of(KeyRing.initial(TestKeys.secrets(TestKeys.SECRET_B)));
    String envelope = underA.encryptToText(mode, CONTEXT, v.type(), v.value());
    assertThat(failsAsDecryptionFailed(() -> underB.decrypt(envelope, mode, CONTEXT, v.type()))).isTrue();
  }

  @Test
  void anEnvelopeOfTheOtherModeFails() {
    String randomized = cipher.encryptToText(Mode.RANDOMIZED, CONTEXT, ValueType.TEXT, "x");
    assertThatThrownBy(() -> cipher.decrypt(randomized, Mode.DETERMINISTIC, CONTEXT, ValueType.TEXT))
        .isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
  }

  @Test
  void anUnknownVersionSaysDecryptionFailedWithAReasonToRefresh() {
    byte[] envelope = cipher.encryptToBytes(Mode.RANDOMIZED, CONTEXT, ValueType.TEXT, "x");
    envelope[7] = 9;
    Throwable thrown = catchThrowable(() -> cipher.decrypt(envelope, Mode.RANDOMIZED, CONTEXT, ValueType.TEXT));
    assertThat(thrown).isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
    assertThat(((CryptoException) thrown).reason()).isEqualTo(CryptoException.Reason.UNKNOWN_KEY_VERSION);
  }

  @Test
  void plaintextIsNotAnEnvelopeAndDoesNotDecrypt() {
    for (String plaintext : List.of("", "alice@example.com", "bv1:", "bv1:" + "A".repeat(60), "BV1:ulYBUgAAAAI")) {
      assertThat(FieldCipher.isEnvelope(plaintext)).as(plaintext).isFalse();
      assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(plaintext, Mode.RANDOMIZED, CONTEXT, ValueType.TEXT))).isTrue();
      assertThatThrownBy(() -> FieldCipher.keyVersionOf(plaintext))
          .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.NOT_AN_ENVELOPE);
    }
    assertThat(FieldCipher.isEnvelope("hello".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(FieldCipher.isEnvelope(new byte[64])).isFalse();
  }

  private static boolean failsAsDecryptionFailed(Runnable decryption) {
    Throwable thrown = catchThrowable(decryption::run);
    return thrown instanceof CryptoException e && e.getMessage().equals(CryptoException.DECRYPTION_FAILED)
        && (e.reason() == CryptoException.Reason.DECRYPTION_FAILED || e.reason() == CryptoException.Reason.UNKNOWN_KEY_VERSION)
        && e.getCause() == null;
  }
}
