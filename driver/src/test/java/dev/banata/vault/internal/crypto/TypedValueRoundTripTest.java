package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.testing.Seeded;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A value of every supported type, written through either mode and either form, reads back as itself. */
@ExtendWith(Seeded.class)
class TypedValueRoundTripTest {

  private final FieldCipher cipher = FieldCipher.of(TestKeys.twoVersions());

  static Stream<Arguments> typedInEitherMode() {
    return TypedValues.casesInEitherMode("TypedValueRoundTripTest.typed", 600);
  }

  @ParameterizedTest
  @MethodSource("typedInEitherMode")
  void everyTypedValueRoundTripsThroughTextAndBinaryEnvelopes(TypedValues.Typed v, Mode mode) {
    String text = cipher.encryptToText(mode, "customers.any", v.type(), v.value());
    byte[] binary = cipher.encryptToBytes(mode, "customers.any", v.type(), v.value());

    assertThat(TypedValues.sameValue(v.value(), cipher.decrypt(text, mode, "customers.any", v.type()))).as(v.toString()).isTrue();
    assertThat(TypedValues.sameValue(v.value(), cipher.decrypt(binary, mode, "customers.any", v.type()))).as(v.toString()).isTrue();
    assertThat(FieldCipher.keyVersionOf(text)).isEqualTo(2);
    assertThat(FieldCipher.modeOf(binary)).isEqualTo(mode);
  }

  @Test
  void emptyValuesRoundTrip() {
    for (Mode mode : Mode.values()) {
      for (ValueType type : new ValueType[] {ValueType.TEXT, ValueType.JSON}) {
        String text = cipher.encryptToText(mode, "t.c", type, "");
        assertThat(cipher.decrypt(text, mode, "t.c", type)).isEqualTo("");
      }
      byte[] bytes = cipher.encryptToBytes(mode, "t.c", ValueType.BYTES, new byte[0]);
      assertThat((byte[]) cipher.decrypt(bytes, mode, "t.c", ValueType.BYTES)).isEmpty();
      assertThat(bytes).hasSize(37);
    }
  }

  @Test
  void oneMebibyteValuesRoundTrip() {
    byte[] big = new byte[1 << 20];
    new Random(42).nextBytes(big);
    String bigText = "é".repeat(1 << 19); // 2^19 chars, 1 MiB of UTF-8
    for (Mode mode : Mode.values()) {
      byte[] envelope = cipher.encryptToBytes(mode, "files.blob", ValueType.BYTES, big);
      assertThat((byte[]) cipher.decrypt(envelope, mode, "files.blob", ValueType.BYTES)).isEqualTo(big);
      String text = cipher.encryptToText(mode, "files.text", ValueType.TEXT, bigText);
      assertThat(cipher.decrypt(text, mode, "files.text", ValueType.TEXT)).isEqualTo(bigText);
      String json = cipher.encryptToText(mode, "files.json", ValueType.JSON, "[" + bigText.length() + "]");
      assertThat(cipher.decrypt(json, mode, "files.json", ValueType.JSON)).isEqualTo("[" + bigText.length() + "]");
    }
  }

  @Test
  void nullStaysNull() {
    assertThat(cipher.encryptToText(Mode.RANDOMIZED, "t.c", ValueType.TEXT, null)).isNull();
    assertThat(cipher.encryptToBytes(Mode.DETERMINISTIC, "t.c", ValueType.INTEGER, null)).isNull();
    assertThat(cipher.decrypt((String) null, Mode.RANDOMIZED, "t.c", ValueType.TEXT)).isNull();
    assertThat(cipher.decrypt((byte[]) null, Mode.RANDOMIZED, "t.c", ValueType.TEXT)).isNull();
    assertThat(cipher.deterministicCandidatesText("t.c", ValueType.TEXT, null)).isEmpty();
  }
}
