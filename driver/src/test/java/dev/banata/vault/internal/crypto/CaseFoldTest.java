package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frozen case folding of ignore-case columns. Run under JDK 17 and JDK 25: on every character of the
 * set the running JDK's Character.toLowerCase agrees with the table, so tokens do not depend on the JDK;
 * the characters the JDKs (or the servers) disagree on are outside it.
 */
class CaseFoldTest {

  @Test
  void theTableAgreesWithTheRunningJdkOnEveryCharacterOfTheSet() {
    List<String> disagreements = new ArrayList<>();
    CaseFold.probe().codePoints().forEach(cp -> {
      String folded = CaseFold.fold(new String(Character.toChars(cp)));
      if (folded.codePointAt(0) != Character.toLowerCase(cp)) {
        disagreements.add(Integer.toHexString(cp));
      }
    });
    assertThat(disagreements).isEmpty();
    assertThat(CaseFold.probe().codePointCount(0, CaseFold.probe().length())).isGreaterThan(30_000);
  }

  @Test
  void onTheSetLowerCaseEqualityIsUpperCaseEquality() {
    List<String> broken = new ArrayList<>();
    CaseFold.probe().codePoints().forEach(cp -> {
      String c = new String(Character.toChars(cp));
      String lower = CaseFold.fold(c);
      String upper = CaseFold.upper(c);
      if (upper.codePointAt(0) != Character.toUpperCase(cp) || CaseFold.covers(upper) && !lower.equals(CaseFold.fold(upper))
          || CaseFold.covers(lower) && !upper.equals(CaseFold.upper(lower))) {
        broken.add(Integer.toHexString(cp));
      }
      // lower(upper(c)) = lower(c) and upper(lower(c)) = upper(c), by the running JDK where the image leaves the set
      if (Character.toLowerCase(Character.toUpperCase(cp)) != lower.codePointAt(0)
          || Character.toUpperCase(Character.toLowerCase(cp)) != upper.codePointAt(0)) {
        broken.add(Integer.toHexString(cp));
      }
    });
    assertThat(broken).isEmpty();
  }

  @Test
  void charactersWithUnstableOrContextualLowerCaseAreOutsideTheSet() {
    // U+2C2F: Unicode 14 (JDK 17 leaves it, glibc lowers it); Kelvin sign and Angstrom sign lower into
    // other scripts' letters; U+0130 lowers to two code points under ICU; U+03A3 to final or medial sigma.
    // Dotless i, long s, final sigma, micro sign, capital sharp s: their lower- and upper-case equivalences differ.
    for (int cp : new int[] {0x2C2F, 0x2C5F, 0x212A, 0x212B, 0x0130, 0x03A3, 0x1E900, 0x0000, 0xD800, 0xE000, 0x0131, 0x017F,
        0x03C2, 0x00B5, 0x1E9E, 0x0345}) {
      assertThat(CaseFold.covers(cp)).as(Integer.toHexString(cp)).isFalse();
    }
    assertThatThrownBy(() -> CaseFold.fold("ab\u2C2F"))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("case-folding set")
        .hasMessageNotContaining("\u2C2F");
  }

  @Test
  void foldsPerCodePointWithoutContext() {
    assertThat(CaseFold.fold("ÀÉÎõü DŽ Dž ΑΒΓ σ Ω ЖЩЯ ß x")).isEqualTo("àéîõü dž dž αβγ σ ω жщя ß x");
    assertThat(CaseFold.upper("àéîõü dž Dž αβγ σ ω жщя ß x")).isEqualTo("ÀÉÎÕÜ DŽ DŽ ΑΒΓ Σ Ω ЖЩЯ ß X");
    assertThat(CaseFold.covers("Davis O'Brien 50% 50\\x 日本語 한국어 カタカナ €")).isTrue();
  }
}
