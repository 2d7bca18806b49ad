package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.Seeded;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values from {@link AesGcmAead#SPLIT_BYTES} on are sealed in two calls into the JDK (the body is not
 * copied into the envelope first). What comes out must be exactly the one-call GCM of the whole
 * plaintext: checked against Bouncy Castle's GCM for both modes, on both sides of the threshold.
 */
class LargeValueSealingTest {

  private static final byte[] KEY = Hex.decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  static Stream<byte[]> bodies() {
    int split = AesGcmAead.SPLIT_BYTES;
    List<Integer> edges = List.of(split - 1, split, split + 1, split + 15, 4096, 20_000);
    return Seeded.edgesThenCases(edges, "LargeValueSealingTest.bodies", 40,
        random -> (int) Seeded.between(random, split - 16, 3 * split)).map(length -> {
          byte[] body = new byte[length];
          Seeded.random("LargeValueSealingTest.content", length).nextBytes(body);
          return body;
        });
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void randomizedSealingIsTheGcmOfHeadAndBody(byte[] body) throws Exception {
    byte[] head = {2};
    byte[] ad = "header and context".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] buffer = new byte[8 + FramedAead.IV_BYTES + 1 + body.length + FramedAead.TAG_BYTES];

    new AesGcmAead(KEY).seal(head, body, buffer, 8, ad);

    byte[] iv = Arrays.copyOfRange(buffer, 8, 20);
    byte[] plaintext = SyntheticIvConstructionTest.concat(head, body);
    assertThat(Arrays.copyOfRange(buffer, 20, buffer.length)).isEqualTo(SyntheticIvConstructionTest.bcGcm(true, KEY, iv, ad, plaintext));
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void deterministicSealingMatchesTheSpecAndOpens(byte[] body) throws Exception {
    byte[] keyMaterial = new byte[64];
    Seeded.random("LargeValueSealingTest.keys", body.length).nextBytes(keyMaterial);
    byte[] head = {2};
    byte[] ad = "header and context".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    SyntheticIvAesGcm siv = new SyntheticIvAesGcm(keyMaterial, ad);
    byte[] buffer = new byte[FramedAead.IV_BYTES + 1 + body.length + FramedAead.TAG_BYTES];

    siv.seal(head, body, buffer, 0, ad);

    byte[] plaintext = SyntheticIvConstructionTest.concat(head, body);
    byte[] iv = SyntheticIvConstructionTest.specIv(Arrays.copyOf(keyMaterial, 32), ad, plaintext);
    byte[] expected = SyntheticIvConstructionTest.concat(iv,
        SyntheticIvConstructionTest.bcGcm(true, Arrays.copyOfRange(keyMaterial, 32, 64), iv, ad, plaintext));
    assertThat(buffer).isEqualTo(expected);
    assertThat(siv.open(buffer, 0, ad)).isEqualTo(plaintext);
  }
}
