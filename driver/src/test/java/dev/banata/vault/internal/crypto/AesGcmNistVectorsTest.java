package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The randomized primitive is standard AES-256-GCM with 96-bit IVs and 128-bit tags. Vectors: test
 * cases 13, 14, 15 and 16 of D. McGrew and J. Viega, "The Galois/Counter Mode of Operation (GCM)",
 * revised 2005 (Appendix B), reproduced in NIST's GCM submission: the AES-256 cases with 96-bit IVs.
 */
class AesGcmNistVectorsTest {

  record Vector(int testCase, String key, String iv, String plaintext, String aad, String ciphertext, String tag) {}

  private static final String K15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
  private static final String P15 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
  private static final String C15 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
      + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

  static final List<Vector> VECTORS = List.of(
      new Vector(13, "00".repeat(32), "00".repeat(12), "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"),
      new Vector(14, "00".repeat(32), "00".repeat(12), "00".repeat(16), "", "cea7403d4d606b6e074ec5d3baf39d18",
          "d0d1c8a799996bf0265b98b5d48ab919"),
      new Vector(15, K15, "cafebabefacedbaddecaf888", P15, "", C15, "b094dac5d93471bdec1a502270e3cc6c"),
      new Vector(16, K15, "cafebabefacedbaddecaf888", P15.substring(0, 120), "feedfacedeadbeeffeedfacedeadbeefabaddad2",
          C15.substring(0, 120), "76fc6ece0f4e1768cddf8853bb2d551b"));

  @Test
  void encryptionWithTheVectorIvGivesTheVectorCiphertextAndTag() {
    List<String> failures = new ArrayList<>();
    for (Vector v : VECTORS) {
      byte[] plaintext = Hex.decode(v.plaintext());
      String expected = v.iv() + v.ciphertext() + v.tag();
      // Whole, and (as typed values are sealed) split into a one-byte head and the rest.
      for (int headLength = 0; headLength <= Math.min(1, plaintext.length); headLength++) {
        byte[] out = new byte[12 + plaintext.length + 16];
        System.arraycopy(Hex.decode(v.iv()), 0, out, 0, 12);
        AesGcmAead.sealWithIv(AesGcmAead.newCipher(), new SecretKeySpec(Hex.decode(v.key()), "AES"),
            Arrays.copyOf(plaintext, headLength), Arrays.copyOfRange(plaintext, headLength, plaintext.length), out, 0,
            Hex.decode(v.aad()));
        if (!Hex.encode(out).equals(expected)) {
          failures.add("test case " + v.testCase() + " (head " + headLength + "): got " + Hex.encode(out));
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void theAeadDecryptsEveryVectorAndRejectsItWithAFlippedTagBit() {
    List<String> failures = new ArrayList<>();
    for (Vector v : VECTORS) {
      Aead aead = new AesGcmAead(Hex.decode(v.key()));
      byte[] framed = Hex.decode(v.iv() + v.ciphertext() + v.tag());
      if (!Hex.encode(aead.decrypt(framed, Hex.decode(v.aad()))).equals(v.plaintext())) {
        failures.add("test case " + v.testCase());
      }
      framed[framed.length - 1] ^= 1;
      assertThatThrownBy(() -> aead.decrypt(framed, Hex.decode(v.aad())))
          .isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
    }
    assertThat(failures).isEmpty();
  }
}
