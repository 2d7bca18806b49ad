package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where the synthetic-IV re-check runs (docs/FORMAT.md, "The IV re-check on decryption"). The value
 * under test is what only a holder of the master secret can make: a deterministic envelope sealed
 * with the column's own K_enc and associated data, but under an IV that is not the HMAC of its
 * plaintext. The one-shot decryption (the {@code verify} command, the admin jobs, the Vault API)
 * refuses it; the column reader of query results accepts it on GCM's tag; and it is not the envelope
 * an equality lookup sends, which is what the re-check would have reported.
 */
class SyntheticIvRecheckTest {

  private static final String CONTEXT = "customers.email";

  static Stream<Object[]> valuesAndIvs() {
    return Seeded.cases("SyntheticIvRecheckTest.valuesAndIvs", 100,
        random -> new Object[] {Seeded.text(random, 40), Seeded.bytesOfLength(random, 12)});
  }

  @ParameterizedTest
  @MethodSource("valuesAndIvs")
  void aValueSealedUnderAnotherIvFailsOneShotDecryptionAndIsReadByTheColumnReader(String value, byte[] iv) throws Exception {
    FieldCipher cipher = FieldCipher.of(KeyRing.initial(TestKeys.secrets(TestKeys.SECRET_A)));
    String canonical = cipher.encryptToText(Mode.DETERMINISTIC, CONTEXT, ValueType.TEXT, value);
    String forged = Envelope.toText(sealedUnder(iv, ValueCodec.canonicalText(value)));

    assertThat(forged).isNotEqualTo(canonical);
    assertThatThrownBy(() -> cipher.decrypt(forged, Mode.DETERMINISTIC, CONTEXT, ValueType.TEXT))
        .isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
    assertThat(cipher.reader(Mode.DETERMINISTIC, CONTEXT, ValueType.TEXT).decrypt(forged)).isEqualTo(ValueCodec.canonicalText(value));
    assertThat(cipher.deterministicCandidatesText(CONTEXT, ValueType.TEXT, value)).containsExactly(canonical).doesNotContain(forged);
    // Both paths still refuse what GCM refuses: the forged value under another context.
    assertThatThrownBy(() -> cipher.reader(Mode.DETERMINISTIC, "customers.other", ValueType.TEXT).decrypt(forged))
        .isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
  }

  /** header || iv || AES-256-GCM(K_enc, iv, header || context, TEXT tag || value), on Bouncy Castle. */
  private static byte[] sealedUnder(byte[] iv, String value) throws Exception {
    byte[] keyMaterial = KeyDerivation.deriveKeyBytes(TestKeys.SECRET_A.getBytes(StandardCharsets.UTF_8), 1,
        KeyPurpose.FIELD_DETERMINISTIC, CONTEXT, 64);
    byte[] plaintext = SyntheticIvConstructionTest.concat(ValueCodec.head(ValueType.TEXT), value.getBytes(StandardCharsets.UTF_8));
    byte[] ad = PrimitiveCache.fieldAssociatedData(1, KeyPurpose.FIELD_DETERMINISTIC, CONTEXT);
    byte[] sealed = SyntheticIvConstructionTest.bcGcm(true, Arrays.copyOfRange(keyMaterial, 32, 64), iv, ad, plaintext);
    byte[] envelope = Envelope.allocate(Mode.DETERMINISTIC, 1, plaintext.length);
    System.arraycopy(iv, 0, envelope, Envelope.HEADER_BYTES, iv.length);
    System.arraycopy(sealed, 0, envelope, Envelope.HEADER_BYTES + iv.length, sealed.length);
    return envelope;
  }
}
