package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import dev.banata.vault.testing.Seeded;
import java.util.stream.Stream;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deterministic construction is our own composition (docs/FORMAT.md), so there is no published
 * vector set for it. Instead: a differential test against an independent implementation of its
 * specification on Bouncy Castle (HMac + GCMBlockCipher), random inputs; the randomized JDK AES-GCM
 * against Bouncy Castle's GCM in both directions; and the decryption-side IV check.
 */
@ExtendWith(Seeded.class)
class SyntheticIvConstructionTest {

  static Stream<Arguments> keyAdAndPlaintext() {
    return Seeded.cases("SyntheticIvConstructionTest.keyAdAndPlaintext", 500, random -> Arguments.of(
        Seeded.bytesOfLength(random, 64), Seeded.bytes(random, 300), Seeded.bytes(random, 300)));
  }

  static Stream<byte[]> values() {
    return Seeded.cases("SyntheticIvConstructionTest.values", 300, random -> Seeded.bytes(random, 100));
  }

  static Stream<Arguments> keyIvAndPlaintext() {
    return Seeded.cases("SyntheticIvConstructionTest.keyIvAndPlaintext", 300, random -> Arguments.of(
        Seeded.bytesOfLength(random, 64), Seeded.bytesOfLength(random, 12), Seeded.bytes(random, 100)));
  }

  static Stream<Arguments> aesKeyIvAdAndPlaintext() {
    return Seeded.cases("SyntheticIvConstructionTest.aesKeyIvAdAndPlaintext", 500, random -> Arguments.of(
        Seeded.bytesOfLength(random, 32), Seeded.bytesOfLength(random, 12), Seeded.bytes(random, 300), Seeded.bytes(random, 300)));
  }

  /** The spec, written independently of the production code: IV = HMAC-SHA256(K_iv, be64(|AD|) || AD || P)[0..12]. */
  static byte[] specIv(byte[] ivKey, byte[] ad, byte[] plaintext) {
    HMac hmac = new HMac(new SHA256Digest());
    hmac.init(new KeyParameter(ivKey));
    byte[] length = java.nio.ByteBuffer.allocate(8).putLong(ad.length).array();
    hmac.update(length, 0, 8);
    hmac.update(ad, 0, ad.length);
    hmac.update(plaintext, 0, plaintext.length);
    byte[] mac = new byte[32];
    hmac.doFinal(mac, 0);
    return Arrays.copyOf(mac, 12);
  }

  static byte[] bcGcm(boolean encrypt, byte[] key, byte[] iv, byte[] ad, byte[] input) throws InvalidCipherTextException {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(encrypt, new AEADParameters(new KeyParameter(key), 128, iv, ad));
    byte[] out = new byte[gcm.getOutputSize(input.length)];
    int n = gcm.processBytes(input, 0, input.length, out, 0);
    n += gcm.doFinal(out, n);
    return Arrays.copyOf(out, n);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @ParameterizedTest
  @MethodSource("keyAdAndPlaintext")
  void deterministicOutputMatchesTheSpecOnBouncyCastle(byte[] keyMaterial, byte[] ad, byte[] plaintext) throws Exception {
    byte[] ivKey = Arrays.copyOfRange(keyMaterial, 0, 32);
    byte[] encKey = Arrays.copyOfRange(keyMaterial, 32, 64);
    SyntheticIvAesGcm siv = new SyntheticIvAesGcm(keyMaterial);

    byte[] iv = specIv(ivKey, ad, plaintext);
    byte[] expected = concat(iv, bcGcm(true, encKey, iv, ad, plaintext));

    assertThat(siv.encryptDeterministically(plaintext, ad)).isEqualTo(expected);
    assertThat(siv.encryptDeterministically(plaintext, ad)).isEqualTo(expected); // twice in a row on one thread
    assertThat(siv.decryptDeterministically(expected, ad)).isEqualTo(plaintext);
  }

  @ParameterizedTest
  @MethodSource("values")
  void envelopeIvIsTheSpecIvOverHeaderAndContext(byte[] value) {
    KeyRing ring = KeyRing.initial(TestKeys.secrets(TestKeys.SECRET_A));
    byte[] envelope = FieldCipher.of(ring).encryptToBytes(dev.banata.vault.annotations.Mode.DETERMINISTIC, "t.c",
        dev.banata.vault.annotations.ValueType.BYTES, value);
    byte[] keyMaterial = KeyDerivation.deriveKeyBytes(TestKeys.SECRET_A.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1,
        KeyPurpose.FIELD_DETERMINISTIC, "t.c", 64);
    byte[] ad = concat(Arrays.copyOf(envelope, 8), "t.c".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    byte[] plaintext = concat(new byte[] {2}, value); // BYTES tag

    assertThat(Arrays.copyOfRange(envelope, 8, 20)).isEqualTo(specIv(Arrays.copyOf(keyMaterial, 32), ad, plaintext));
  }

  @ParameterizedTest
  @MethodSource("keyIvAndPlaintext")
  void decryptionRejectsValidGcmWhoseIvIsNotSynthetic(byte[] keyMaterial, byte[] randomIv, byte[] plaintext) throws Exception {
    byte[] encKey = Arrays.copyOfRange(keyMaterial, 32, 64);
    byte[] forged = concat(randomIv, bcGcm(true, encKey, randomIv, new byte[0], plaintext));
    SyntheticIvAesGcm siv = new SyntheticIvAesGcm(keyMaterial);

    assertThatThrownBy(() -> siv.decryptDeterministically(forged, new byte[0]))
        .isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
  }

  @ParameterizedTest
  @MethodSource("aesKeyIvAdAndPlaintext")
  void jdkRandomizedGcmAndBouncyCastleGcmAgreeBothWays(byte[] key, byte[] iv, byte[] ad, byte[] plaintext) throws Exception {
    AesGcmAead aead = new AesGcmAead(key);

    byte[] ours = aead.encrypt(plaintext, ad);
    assertThat(bcGcm(false, key, Arrays.copyOf(ours, 12), ad, Arrays.copyOfRange(ours, 12, ours.length))).isEqualTo(plaintext);

    byte[] theirs = concat(iv, bcGcm(true, key, iv, ad, plaintext));
    assertThat(aead.decrypt(theirs, ad)).isEqualTo(plaintext);
  }
}
