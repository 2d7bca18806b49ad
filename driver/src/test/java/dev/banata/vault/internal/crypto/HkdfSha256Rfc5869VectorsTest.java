package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key derivation is HKDF-SHA256 as specified in RFC 5869. Vectors: RFC 5869, Appendix A, test cases
 * 1, 2 and 3 (the SHA-256 cases), https://www.rfc-editor.org/rfc/rfc5869#appendix-A.
 */
class HkdfSha256Rfc5869VectorsTest {

  record Vector(String name, byte[] ikm, byte[] salt, byte[] info, int length, String okm) {}

  static final List<Vector> VECTORS = List.of(
      new Vector("A.1 basic", Hex.decode("0b".repeat(22)), Hex.ascending(0x00, 13), Hex.ascending(0xf0, 10), 42,
          "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
      new Vector("A.2 longer inputs and outputs", Hex.ascending(0x00, 80), Hex.ascending(0x60, 80), Hex.ascending(0xb0, 80), 82,
          "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
              + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
              + "cc30c58179ec3e87c14c01d5c1f3434f1d87"),
      new Vector("A.3 zero-length salt and info", Hex.decode("0b".repeat(22)), new byte[0], new byte[0], 42,
          "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));

  @Test
  void derivationMatchesEveryRfc5869Sha256TestCase() {
    List<String> failures = new ArrayList<>();
    for (Vector v : VECTORS) {
      String okm = Hex.encode(KeyDerivation.hkdfSha256(v.ikm(), v.salt(), v.info(), v.length()));
      if (!okm.equals(v.okm())) {
        failures.add(v.name() + ": got " + okm);
      }
    }
    assertThat(failures).isEmpty();
    assertThat(VECTORS).hasSize(3);
  }
}
