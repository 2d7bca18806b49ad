package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.testing.Seeded;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The field cipher's rules of the stored form, which its JDBC and job callers use instead of their own
 * copies: the envelope form follows the column's storage, a value as stored (String or byte[]) is
 * inspected and decrypted as such, and a decrypted value has its type's one Java class.
 */
@ExtendWith(Seeded.class)
class StoredFormTest {

  private static final String CONTEXT = "customers.any";
  private final FieldCipher cipher = FieldCipher.of(TestKeys.twoVersions());

  static Stream<Arguments> typedInEitherMode() {
    return TypedValues.casesInEitherMode("StoredFormTest.typed", 200);
  }

  @ParameterizedTest
  @MethodSource("typedInEitherMode")
  void aValueAsStoredIsInspectedAndDecryptedLikeItsForm(TypedValues.Typed v, Mode mode) {
    Object text = cipher.encrypt(false, mode, CONTEXT, v.type(), v.value(), null);
    Object binary = cipher.encrypt(true, mode, CONTEXT, v.type(), v.value(), null);

    assertThat(text).isInstanceOf(String.class);
    assertThat(binary).isInstanceOf(byte[].class);
    for (Object stored : List.of(text, binary)) {
      assertThat(FieldCipher.isEnvelope(stored)).isTrue();
      assertThat(FieldCipher.keyVersionOf(stored)).isEqualTo(2);
      assertThat(FieldCipher.modeOf(stored)).isEqualTo(mode);
      Object value = cipher.decrypt(stored, mode, CONTEXT, v.type());
      assertThat(value).as(v.toString()).isInstanceOf(ValueCodec.valueClass(v.type()));
      assertThat(TypedValues.sameValue(v.value(), value)).as(v.toString()).isTrue();
      assertThat(TypedValues.sameValue(v.value(), cipher.reader(mode, CONTEXT, v.type()).decrypt(stored))).as(v.toString()).isTrue();
    }
  }

  @Test
  void aSearchColumnGetsTokensOnlyInTextStorage() {
    PrefixIndex index = new PrefixIndex(3, false);

    Object text = cipher.encrypt(false, Mode.DETERMINISTIC, CONTEXT, ValueType.TEXT, "alice", index);
    List<?> candidates = cipher.deterministicCandidates(false, CONTEXT, ValueType.TEXT, "alice", index);
    List<?> binaryCandidates = cipher.deterministicCandidates(true, CONTEXT, ValueType.TEXT, "alice", index);

    assertThat((String) text).contains(String.valueOf(SearchTokens.DELIMITER));
    assertThat(candidates).hasSize(2).first().isEqualTo(text);
    assertThat(binaryCandidates).hasSize(2).allSatisfy(c -> assertThat(c).isInstanceOf(byte[].class));
    assertThat(binaryCandidates.get(0)).isEqualTo(cipher.encrypt(true, Mode.DETERMINISTIC, CONTEXT, ValueType.TEXT, "alice", index));
  }

  @Test
  void theMarkerAloneMakesAValueCountAsCiphertextOnReadsButNotAsAnEnvelope() {
    assertThat(FieldCipher.hasEnvelopeMarker("bv1:not base64")).isTrue();
    assertThat(FieldCipher.isEnvelope("bv1:not base64")).isFalse();
    assertThat(FieldCipher.isEnvelope((Object) "bv1:not base64")).isFalse();
    assertThat(FieldCipher.hasEnvelopeMarker("alice@example.com")).isFalse();
    assertThat(FieldCipher.hasEnvelopeMarker("")).isFalse();

    assertThat(FieldCipher.hasEnvelopeMarker(new byte[] {(byte) 0xBA, 0x56})).isTrue();
    assertThat(FieldCipher.isEnvelope(new byte[] {(byte) 0xBA, 0x56})).isFalse();
    assertThat(FieldCipher.hasEnvelopeMarker(new byte[] {(byte) 0xBA})).isFalse();
    assertThat(FieldCipher.hasEnvelopeMarker("plain".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThatThrownBy(() -> FieldCipher.keyVersionOf((Object) "bv1:not base64"))
        .isInstanceOf(CryptoException.class)
        .satisfies(e -> assertThat(((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.NOT_AN_ENVELOPE));
  }

  @Test
  void aTypedValueHasOneTextForm() {
    assertThat(ValueCodec.textForm(new byte[] {0x0a, 0x1b})).isEqualTo("\\x0a1b");
    assertThat(ValueCodec.textForm(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(ValueCodec.textForm(LocalDate.of(1990, 5, 17))).isEqualTo("1990-05-17");
    assertThat(ValueCodec.textForm(true)).isEqualTo("true");
    assertThat(ValueCodec.booleanWord("yes")).isTrue();
    assertThat(ValueCodec.booleanWord("off")).isFalse();
    assertThat(ValueCodec.booleanWord("maybe")).isNull();
    assertThatThrownBy(() -> ValueCodec.valueClass(ValueType.AUTO)).isInstanceOf(IllegalArgumentException.class);
  }
}
