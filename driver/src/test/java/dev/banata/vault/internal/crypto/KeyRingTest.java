package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyRingTest {

  private final MasterSecrets secrets = TestKeys.secrets(TestKeys.SECRET_A, TestKeys.SECRET_B);
  private final String fpA = MasterSecret.create(TestKeys.SECRET_A).fingerprint();
  private final String fpB = MasterSecret.create(TestKeys.SECRET_B).fingerprint();

  @Test
  void initialRingIsVersionOneOnTheCurrentSecret() {
    KeyRing ring = KeyRing.initial(secrets);

    assertThat(ring.primaryVersion()).isEqualTo(1);
    assertThat(ring.liveVersions()).containsExactly(1);
    assertThat(ring.versions()).containsExactly(new KeyVersion(1, fpA));
    assertThat(ring.contains(1)).isTrue();
    assertThat(ring.contains(2)).isFalse();
  }

  @Test
  void liveVersionsListThePrimaryFirstThenNewestFirst() {
    KeyRing ring = KeyRing.builder(secrets)
        .add(new KeyVersion(1, fpB)).add(new KeyVersion(3, fpA)).add(new KeyVersion(2, fpB)).primary(2).build();

    assertThat(ring.liveVersions()).containsExactly(2, 3, 1);
  }

  @Test
  void buildRejectsRingsThatBreakAnInvariant() {
    assertThatThrownBy(() -> KeyRing.builder(secrets).primary(1).build())
        .hasMessageContaining("at least one key version");
    assertThatThrownBy(() -> KeyRing.builder(secrets).add(new KeyVersion(1, fpA)).build())
        .hasMessageContaining("needs a primary");
    assertThatThrownBy(() -> KeyRing.builder(secrets).add(new KeyVersion(1, fpA)).primary(2).build())
        .hasMessage("primary version 2 is not among the key versions [1]");
    assertThatThrownBy(() -> KeyRing.builder(secrets).add(new KeyVersion(1, fpA)).add(new KeyVersion(1, fpB)).primary(1).build())
        .hasMessage("key version 1 is listed twice")
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.INVALID_KEY_RING);
    assertThatThrownBy(() -> new KeyVersion(0, fpA)).isInstanceOf(CryptoException.class);
  }

  @Test
  void aVersionWhoseSecretIsNotConfiguredIsNamedInTheError() {
    MasterSecrets onlyA = TestKeys.secrets(TestKeys.SECRET_A);

    assertThatThrownBy(() -> KeyRing.builder(onlyA).add(new KeyVersion(1, fpB)).add(new KeyVersion(2, fpA)).primary(2).build())
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("key version 1").hasMessageContaining(fpB)
        .hasMessageNotContaining(TestKeys.SECRET_B)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.SECRET_UNAVAILABLE);
  }

  @Test
  void primitivesAreDerivedOnceAndSharedByRingsBuiltFromTheSameSecrets() {
    KeyRing ring = KeyRing.initial(secrets);
    KeyRing refreshed = KeyRing.initial(secrets);

    assertThat(ring.aead(1, KeyPurpose.FIELD_RANDOMIZED, "t.c")).isSameAs(refreshed.aead(1, KeyPurpose.FIELD_RANDOMIZED, "t.c"));
    assertThat(ring.deterministicAead(1, "t.c")).isSameAs(ring.deterministicAead(1, "t.c"));
    assertThat((Object) ring.aead(1, KeyPurpose.VAULT_SECRET, "t.c")).isNotSameAs(ring.aead(1, KeyPurpose.FIELD_RANDOMIZED, "t.c"));
  }

  @Test
  void eachContextVersionAndPurposeGetsItsOwnKeyAndARebuiltRingFollowsItsOwnSecrets() {
    KeyRing ring = KeyRing.builder(secrets).add(new KeyVersion(1, fpA)).add(new KeyVersion(2, fpA)).primary(2).build();
    java.util.Set<Object> handedOut = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (String context : new String[] {"t.a", "t.b"}) {
      for (int version : new int[] {1, 2}) {
        for (KeyPurpose purpose : KeyPurpose.values()) {
          if (purpose == KeyPurpose.FIELD_PREFIX) {
            assertThat(ring.searchTokens(version, context)).isSameAs(ring.searchTokens(version, context));
            continue; // an HMAC key, not an AEAD
          }
          FramedAead key = ring.framed(version, purpose, context);
          assertThat(ring.framed(version, purpose, context)).isSameAs(key);
          assertThat(handedOut.add(key)).isTrue();
        }
      }
    }
    KeyRing versionOneOnB = KeyRing.builder(secrets).add(new KeyVersion(1, fpB)).primary(1).build();

    assertThat(handedOut).doesNotContain(versionOneOnB.framed(1, KeyPurpose.FIELD_RANDOMIZED, "t.a"));
  }

  @Test
  void purposesGiveIndependentKeys() {
    KeyRing ring = KeyRing.initial(secrets);
    byte[] ciphertext = ring.aead(1, KeyPurpose.VAULT_SECRET, "ctx").encrypt(new byte[] {1, 2, 3}, new byte[0]);

    assertThatThrownBy(() -> ring.aead(1, KeyPurpose.FIELD_RANDOMIZED, "ctx").decrypt(ciphertext, new byte[0]))
        .hasMessage("Decryption failed");
    assertThat(ring.aead(1, KeyPurpose.VAULT_SECRET, "ctx").decrypt(ciphertext, new byte[0])).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> ring.aead(1, KeyPurpose.FIELD_DETERMINISTIC, "ctx")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownVersionIsReportedSoTheCallerCanRefresh() {
    KeyRing ring = KeyRing.initial(secrets);

    assertThatThrownBy(() -> ring.aead(7, KeyPurpose.FIELD_RANDOMIZED, "ctx"))
        .isInstanceOf(CryptoException.class).hasMessage("Decryption failed")
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.UNKNOWN_KEY_VERSION);
  }

  @Test
  void derivedKeysFollowTheDocumentedInfoLayout() {
    byte[] info = KeyDerivation.info(258, KeyPurpose.FIELD_DETERMINISTIC, "é");
    assertThat(Hex.encode(info)).isEqualTo(
        Hex.encode("banata-vault/v1/field-deterministic".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            + "00" + "00000102" + "c3a9");
  }
}
