package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/FORMAT.md's test vectors still hold: the fingerprint, the derived key, the typed plaintext and
 * the binary form are what the code computes; every envelope decrypts to its value; deterministic
 * envelopes are re-created byte for byte. The document cannot drift from the code.
 */
class FormatDocumentVectorsTest {

  static List<FormatVector> documentVectors() throws IOException {
    Path doc = Path.of("..", "docs", "FORMAT.md");
    if (!Files.exists(doc)) {
      doc = Path.of("docs", "FORMAT.md");
    }
    return FormatVector.parse(Files.readString(doc));
  }

  @Test
  void everyVectorInFormatMdMatchesTheCode() throws IOException {
    List<FormatVector> vectors = documentVectors();
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(6);
    for (FormatVector v : vectors) {
      String name = v.get("mode") + " " + v.get("type") + " " + v.get("context") + " v" + v.version();
      FieldCipher cipher = FieldCipher.of(v.ring());

      assertThat(MasterSecret.create(v.get("secret")).fingerprint()).as(name).isEqualTo(v.get("fingerprint"));
      assertThat(Hex.encode(v.derivedKey())).as(name).isEqualTo(v.get("key"));
      assertThat(Hex.encode(ValueCodec.encode(v.type(), v.value()))).as(name).isEqualTo(v.get("plaintext"));
      assertThat(Hex.encode(Envelope.fromText(v.get("text")))).as(name).isEqualTo(v.get("binary"));
      assertThat(Envelope.toText(Hex.decode(v.get("binary")))).as(name).isEqualTo(v.get("text"));
      assertThat(FieldCipher.keyVersionOf(v.get("text"))).as(name).isEqualTo(v.version());

      Object expected = ValueCodec.decode(v.type(), ValueCodec.encode(v.type(), v.value()));
      assertThat(TypedValues.sameValue(expected, cipher.decrypt(v.get("text"), v.mode(), v.get("context"), v.type()))).as(name).isTrue();
      assertThat(TypedValues.sameValue(expected, cipher.decrypt(Hex.decode(v.get("binary")), v.mode(), v.get("context"), v.type())))
          .as(name).isTrue();
      if (v.mode() == dev.banata.vault.annotations.Mode.DETERMINISTIC) {
        assertThat(cipher.encryptToText(v.mode(), v.get("context"), v.type(), v.value())).as(name).isEqualTo(v.get("text"));
      }
    }
  }
}
