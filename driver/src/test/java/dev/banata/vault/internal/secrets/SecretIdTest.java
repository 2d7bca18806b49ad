package dev.banata.vault.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretIdTest {

  @Test
  void idsAreVsecAndAUlidAndStrictlyIncreasingWithinOneMillisecond() {
    SecretId ids = SecretId.withClock(SecretId.SECRET_PREFIX, Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(ids.next());
    }

    assertThat(made).allMatch(SecretId::isSecretId).isSorted();
    assertThat(new HashSet<>(made)).hasSize(10_000);
  }

  @Test
  void timePartEncodesTheMillisecond() {
    // 1_700_000_000_000 ms = 0x18BCFE56800 -> Crockford base32 "01HF7YAT00"
    SecretId ids = SecretId.withClock(SecretId.SECRET_PREFIX, Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));

    assertThat(ids.next()).startsWith("vsec_01HF7YAT00");
  }

  @Test
  void laterMillisecondsSortAfterEarlierOnes() {
    String earlier = SecretId.withClock("vsec_", Clock.fixed(Instant.ofEpochMilli(1000), ZoneOffset.UTC)).next();
    String later = SecretId.withClock("vsec_", Clock.fixed(Instant.ofEpochMilli(1001), ZoneOffset.UTC)).next();

    assertThat(earlier).isLessThan(later);
  }

  @Test
  void shapeCheckAcceptsOnlyCanonicalIds() {
    assertThat(SecretId.isSecretId("vsec_01HF7YAT00ABCDEFGHJKMNPQRS")).isTrue();
    assertThat(SecretId.isSecretId("vsec_01hf7yat00abcdefghjkmnpqrs")).isFalse();
    assertThat(SecretId.isSecretId("vsec_01HF7YAT00ABCDEFGHJKMNPQRI")).isFalse();
    assertThat(SecretId.isSecretId("vsec_81HF7YAT00ABCDEFGHJKMNPQRS")).isFalse();
    assertThat(SecretId.isSecretId("vevt_01HF7YAT00ABCDEFGHJKMNPQRS")).isFalse();
    assertThat(SecretId.isSecretId(null)).isFalse();
  }
}
