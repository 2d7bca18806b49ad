package dev.banata.vault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

/**
 * Anything but the exact envelope, under the exact context, key version and secret, is
 * "Decryption failed" — never garbage, never a different message.
 */
class TamperedEnvelopeTest {

  private static final String CONTEXT = "customers.ssn";
  private final KeyRing ring = TestKeys.twoVersions();
  private final FieldCipher cipher = FieldCipher.of(ring);

  @Provide
  Arbitrary<TypedValues.Typed> typed() {
    return TypedValues.anyTyped();
  }

  @Property(tries = 60)
  void everySingleBitFlipOfABinaryEnvelopeFails(@ForAll("typed") TypedValues.Typed v, @ForAll Mode mode) {
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

  @Property(tries = 30)
  void everySingleBitFlipOfATextEnvelopeFails(@ForAll("typed") TypedValues.Typed v, @ForAll Mode mode) {
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

  @Example
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

  @Property(tries = 40)
  void everyTruncationAndExtensionFails(@ForAll("typed") TypedValues.Typed v, @ForAll Mode mode) {
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

  @Property(tries = 200)
  void anotherContextFails(@ForAll("typed") TypedValues.Typed v, @ForAll Mode mode,
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String otherContext) {
    String envelope = cipher.encryptToText(mode, CONTEXT, v.type(), v.value());
    String other = otherContext.equals(CONTEXT) ? otherContext + "x" : otherContext;
    assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(envelope, mode, other, v.type()))).isTrue();
  }

  @Property(tries = 100)
  void everyBitFlipOfTheContextFails(@ForAll("typed") TypedValues.Typed v, @ForAll Mode mode) {
    String envelope = cipher.encryptToText(mode, CONTEXT, v.type(), v.value());
    byte[] context = CONTEXT.getBytes(StandardCharsets.ISO_8859_1);
    for (int bit = 0; bit < context.length * 8; bit++) {
      byte[] flipped = context.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      String other = new String(flipped, StandardCharsets.ISO_8859_1);
      assertThat(failsAsDecryptionFailed(() -> cipher.decrypt(envelope, mode, other, v.type()))).as("bit %d", bit).isTrue();
    }
  }

  @Property(tries = 100)
  void anotherKeyVersionFails(@ForAll("typed") TypedValues.Typed v, @ForAll Mode mode) {
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

  @Property(tries = 100)
  void anotherSecretFails(@ForAll("typed") TypedValues.Typed v, @ForAll Mode mode) {
    FieldCipher underA = FieldCipher.of(KeyRing.initial(TestKeys.secrets(TestKeys.SECRET_A)));
    FieldCipher underB = FieldCipher.of(KeyRing.initial(TestKeys.secrets(TestKeys.SECRET_B)));
    String envelope = underA.encryptToText(mode, CONTEXT, v.type(), v.value());
    assertThat(failsAsDecryptionFailed(() -> underB.decrypt(envelope, mode, CONTEXT, v.type()))).isTrue();
  }

  @Example
  void anEnvelopeOfTheOtherModeFails() {
    String randomized = cipher.encryptToText(Mode.RANDOMIZED, CONTEXT, ValueType.TEXT, "x");
    assertThatThrownBy(() -> cipher.decrypt(randomized, Mode.DETERMINISTIC, CONTEXT, ValueType.TEXT))
        .isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
  }

  @Example
  void anUnknownVersionSaysDecryptionFailedWithAReasonToRefresh() {
    byte[] envelope = cipher.encryptToBytes(Mode.RANDOMIZED, CONTEXT, ValueType.TEXT, "x");
    envelope[7] = 9;
    Throwable thrown = catchThrowable(() -> cipher.decrypt(envelope, Mode.RANDOMIZED, CONTEXT, ValueType.TEXT));
    assertThat(thrown).isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
    assertThat(((CryptoException) thrown).reason()).isEqualTo(CryptoException.Reason.UNKNOWN_KEY_VERSION);
  }

  @Example
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
