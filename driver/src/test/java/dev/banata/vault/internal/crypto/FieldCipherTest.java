package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FieldCipherTest {

  private final FieldCipher cipher = FieldCipher.of(KeyRing.initial(TestKeys.secrets(TestKeys.SECRET_A)));

  @Test
  void encryptsTextColumnValueAndReadsItBack() {
    String envelope = cipher.encryptToText(Mode.RANDOMIZED, "customers.ssn", ValueType.TEXT, "123-45-6789");

    assertThat(envelope).startsWith("bv1:").doesNotContain("123-45-6789");
    assertThat(FieldCipher.isEnvelope(envelope)).isTrue();
    assertThat(FieldCipher.keyVersionOf(envelope)).isEqualTo(1);
    assertThat(cipher.decrypt(envelope, Mode.RANDOMIZED, "customers.ssn", ValueType.TEXT)).isEqualTo("123-45-6789");
  }

  @Test
  void encryptsByteaColumnValueAndReadsItBack() {
    byte[] envelope = cipher.encryptToBytes(Mode.DETERMINISTIC, "c.birth", ValueType.DATE, LocalDate.of(1990, 5, 17));

    assertThat(FieldCipher.isEnvelope(envelope)).isTrue();
    assertThat(cipher.decrypt(envelope, Mode.DETERMINISTIC, "c.birth", ValueType.DATE)).isEqualTo(LocalDate.of(1990, 5, 17));
    assertThat(cipher.encryptToBytes(Mode.DETERMINISTIC, "c.birth", ValueType.DATE, "1990-05-17")).isEqualTo(envelope);
  }

  @Test
  void wrongContextIsDecryptionFailed() {
    String envelope = cipher.encryptToText(Mode.RANDOMIZED, "customers.ssn", ValueType.TEXT, "x");

    assertThatThrownBy(() -> cipher.decrypt(envelope, Mode.RANDOMIZED, "customers.email", ValueType.TEXT))
        .isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
  }
}
