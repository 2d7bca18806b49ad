package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Randomized encryption of one plaintext never repeats a ciphertext or an IV. */
class RandomizedEncryptionUniquenessTest {

  private static final int COUNT = 1 << 16;

  @Test
  void twoToTheSixteenEncryptionsOfOnePlaintextAreAllDistinct() {
    FieldCipher cipher = FieldCipher.of(KeyRing.initial(TestKeys.secrets(TestKeys.SECRET_A)));
    Set<String> envelopes = new HashSet<>();
    Set<ByteBuffer> ivs = new HashSet<>();
    for (int i = 0; i < COUNT; i++) {
      byte[] envelope = cipher.encryptToBytes(Mode.RANDOMIZED, "customers.ssn", ValueType.TEXT, "123-45-6789");
      envelopes.add(Envelope.toText(envelope));
      ivs.add(ByteBuffer.wrap(envelope, Envelope.HEADER_BYTES, 12).slice());
    }
    assertThat(envelopes).hasSize(COUNT);
    assertThat(ivs).hasSize(COUNT);
  }

  @Test
  void theTinkStyleAeadIsRandomizedToo() {
    Aead aead = KeyRing.initial(TestKeys.secrets(TestKeys.SECRET_A)).aead(1, KeyPurpose.VAULT_SECRET, "ctx");
    Set<String> ciphertexts = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ciphertexts.add(Hex.encode(aead.encrypt(new byte[] {42}, new byte[] {1})));
    }
    assertThat(ciphertexts).hasSize(1000);
  }
}
