package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The text envelope is decoded by our own strict base64url reader into reused per-thread arrays:
 * exactly one text form per envelope is accepted, and reusing the arrays never lets one value's
 * bytes show through in another's.
 */
class TextEnvelopeDecodingTest {

  private static final String CONTEXT = "customers.email";
  private final KeyRing ring = TestKeys.twoVersions();
  private final FieldCipher cipher = FieldCipher.of(ring);

  @Test
  void aCharacterOutsideAsciiWhoseLowByteIsBase64Fails() {
    String text = cipher.encryptToText(Mode.RANDOMIZED, CONTEXT, ValueType.TEXT, "alice@example.com");
    List<Integer> accepted = new ArrayList<>();
    for (int i = 4; i < text.length(); i++) {
      // U+0100 + c has c as its low byte: a decoder that truncated chars to bytes would accept it.
      String tampered = text.substring(0, i) + (char) (0x100 + text.charAt(i)) + text.substring(i + 1);
      if (!failsAsDecryptionFailed(tampered, Mode.RANDOMIZED)) {
        accepted.add(i);
      }
    }
    assertThat(accepted).isEmpty();
  }

  @Test
  void theStructuralCheckReadsTheHeaderLikeTheJdkDecoderForEveryCharacterOfIt() {
    // isEnvelope decodes the 12 header characters itself; it must agree with the JDK's decoding of
    // them (textHeader) on every single-character change, except that it refuses '=' anywhere.
    String characters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.:\u0100\u00ba ";
    List<String> disagreements = new ArrayList<>();
    for (Mode mode : Mode.values()) {
      String text = cipher.encryptToText(mode, CONTEXT, ValueType.TEXT, "alice@example.com");
      assertThat(Envelope.isEnvelope(text)).isTrue();
      for (int i = 4; i < 16; i++) {
        for (char c : characters.toCharArray()) {
          String changed = text.substring(0, i) + c + text.substring(i + 1);
          boolean expected = c != '=' && Envelope.textHeader(changed) != null;
          if (Envelope.isEnvelope(changed) != expected) {
            disagreements.add(mode + " at " + i + ": " + c);
          }
        }
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void paddingStandardBase64AndNonZeroTrailingBitsFail() {
    for (int length = 0; length < 6; length++) {
      for (Mode mode : Mode.values()) {
        String text = cipher.encryptToText(mode, CONTEXT, ValueType.TEXT, "x".repeat(length));
        assertThat(cipher.decrypt(text, mode, CONTEXT, ValueType.TEXT)).isEqualTo("x".repeat(length));
        assertThat(failsAsDecryptionFailed(text + "=", mode)).as("padding").isTrue();
        assertThat(failsAsDecryptionFailed(text + "==", mode)).as("padding").isTrue();
        assertThat(failsAsDecryptionFailed(text + "A", mode)).as("one more character").isTrue();
        assertThat(failsAsDecryptionFailed(text.replace('-', '+').replace('_', '/'), mode) || text.equals(
            text.replace('-', '+').replace('_', '/'))).as("standard alphabet").isTrue();
        int unusedBits = switch (((text.length() - 4) * 6 / 8) % 3) {
          case 1 -> 4;
          case 2 -> 2;
          default -> 0;
        };
        if (unusedBits > 0) {
          String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
          int last = alphabet.indexOf(text.charAt(text.length() - 1));
          String otherTail = text.substring(0, text.length() - 1) + alphabet.charAt(last | 1);
          assertThat(failsAsDecryptionFailed(otherTail, mode)).as("non-zero unused bits").isTrue();
        }
      }
    }
  }

  @Test
  void theReusedPlaintextArrayHoldsNoValueAfterADecryption() {
    for (int size : new int[] {32, 4096, DecryptionBuffers.KEEP_BYTES - 1}) {
      byte[] value = new byte[size];
      Arrays.fill(value, (byte) 0x5a);
      for (Mode mode : Mode.values()) {
        assertThat((byte[]) cipher.decrypt(cipher.encryptToBytes(mode, CONTEXT, ValueType.BYTES, value), mode, CONTEXT, ValueType.BYTES))
            .isEqualTo(value);
        byte[] kept = DecryptionBuffers.ofThisThread().plaintext(1);
        assertThat(kept.length).as("the array the value was decrypted into is the one kept").isGreaterThan(size);
        assertThat(kept).as("after %s decryption of %d bytes", mode, size).containsOnly((byte) 0);
      }
    }
  }

  @Test
  void valuesOfEverySizeInAnyOrderDecryptToThemselvesThroughTheReusedArrays() {
    int[] sizes = {5_000, 3, 20_000, 0, 300, DecryptionBuffers.KEEP_BYTES, 1, DecryptionBuffers.KEEP_BYTES + 1, 64, 17_000, 2};
    List<String> texts = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      byte[] value = new byte[sizes[i]];
      Arrays.fill(value, (byte) (i + 1));
      values.add(value);
      texts.add(cipher.encryptToText(i % 2 == 0 ? Mode.RANDOMIZED : Mode.DETERMINISTIC, CONTEXT, ValueType.BYTES, value));
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < sizes.length; i++) {
        Mode mode = i % 2 == 0 ? Mode.RANDOMIZED : Mode.DETERMINISTIC;
        assertThat((byte[]) cipher.decrypt(texts.get(i), mode, CONTEXT, ValueType.BYTES)).isEqualTo(values.get(i));
        String text = (String) cipher.decrypt(cipher.encryptToText(mode, CONTEXT, ValueType.TEXT, "v" + i), mode, CONTEXT,
            ValueType.TEXT);
        assertThat(text).isEqualTo("v" + i);
      }
    }
  }

  @Test
  void aColumnReaderFollowsTheRingItIsGiven() {
    KeyRing onlyVersion2 = KeyRing.builder(TestKeys.secrets(TestKeys.SECRET_A, TestKeys.SECRET_B))
        .add(new KeyVersion(2, MasterSecret.create(TestKeys.SECRET_A).fingerprint())).primary(2).build();
    AtomicReference<KeyRing> current = new AtomicReference<>(ring);
    FieldCipher live = new FieldCipher(current::get);
    byte[] v1 = FieldCipher.of(KeyRing.builder(TestKeys.secrets(TestKeys.SECRET_A, TestKeys.SECRET_B))
        .add(new KeyVersion(1, MasterSecret.create(TestKeys.SECRET_B).fingerprint()))
        .add(new KeyVersion(2, MasterSecret.create(TestKeys.SECRET_A).fingerprint())).primary(1).build())
        .encryptToBytes(Mode.DETERMINISTIC, CONTEXT, ValueType.TEXT, "one");
    byte[] v2 = live.encryptToBytes(Mode.DETERMINISTIC, CONTEXT, ValueType.TEXT, "two");
    FieldCipher.ColumnReader reader = live.reader(Mode.DETERMINISTIC, CONTEXT, ValueType.TEXT);
    for (int i = 0; i < 3; i++) {
      assertThat(reader.decrypt(v1)).isEqualTo("one");
      assertThat(reader.decrypt(v2)).isEqualTo("two");
    }
    current.set(onlyVersion2);
    assertThat(reader.decrypt(v2)).isEqualTo("two");
    Throwable thrown = catchThrowable(() -> reader.decrypt(v1));
    assertThat(thrown).isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
    assertThat(((CryptoException) thrown).reason()).isEqualTo(CryptoException.Reason.UNKNOWN_KEY_VERSION);
    Throwable otherMode = catchThrowable(() -> live.reader(Mode.RANDOMIZED, CONTEXT, ValueType.TEXT).decrypt(v2));
    assertThat(otherMode).isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
  }

  private boolean failsAsDecryptionFailed(String text, Mode mode) {
    Throwable thrown = catchThrowable(() -> cipher.decrypt(text, mode, CONTEXT, ValueType.TEXT));
    return thrown instanceof CryptoException e && e.getMessage().equals(CryptoException.DECRYPTION_FAILED);
  }
}
