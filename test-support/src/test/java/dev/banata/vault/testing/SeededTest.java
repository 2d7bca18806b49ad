package dev.banata.vault.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The generators reproduce from the seed alone, stay inside their bounds, and a failure names its seed. */
class SeededTest {

  @Test
  void theSameNameAndIndexGiveTheSameCaseWhateverRanBefore() {
    List<String> first = Seeded.cases("probe", 50, random -> Seeded.text(random, 30)).toList();
    Seeded.cases("something else", 10, random -> Seeded.bytes(random, 10)).forEach(ignored -> { });
    List<String> again = Seeded.cases("probe", 50, random -> Seeded.text(random, 30)).toList();

    assertThat(again).isEqualTo(first);
    assertThat(Seeded.cases("probe", 51, random -> Seeded.text(random, 30)).toList()).startsWith(first.toArray(String[]::new));
    assertThat(Seeded.cases("probe2", 50, random -> Seeded.text(random, 30)).toList()).isNotEqualTo(first);
  }

  @Test
  void generatorsStayInsideTheirBoundsAndReachTheirEdges() {
    List<byte[]> bytes = Seeded.cases("bytes", 2000, random -> Seeded.bytes(random, 300)).toList();
    assertThat(bytes).allSatisfy(b -> assertThat(b.length).isBetween(0, 300));
    assertThat(bytes).anySatisfy(b -> assertThat(b).isEmpty()).anySatisfy(b -> assertThat(b).hasSize(300));

    List<String> texts = Seeded.cases("text", 2000, random -> Seeded.text(random, 40)).toList();
    assertThat(texts).allSatisfy(s -> {
      assertThat(s.length()).isBetween(0, 40);
      assertThat(noUnpairedSurrogate(s)).as(s).isTrue();
    });
    assertThat(texts).anySatisfy(s -> assertThat(s).isEmpty())
        .anySatisfy(s -> assertThat(s.codePoints().anyMatch(Character::isSupplementaryCodePoint)).isTrue())
        .anySatisfy(s -> assertThat(s).contains("\u0000"));

    Random random = new Random(1);
    List<Long> longs = IntStream.range(0, 2000).mapToObj(i -> Seeded.between(random, -5, 1L << 40)).toList();
    assertThat(longs).allSatisfy(l -> assertThat(l).isBetween(-5L, 1L << 40)).contains(-5L, 1L << 40)
        .anySatisfy(l -> assertThat(l).isBetween(-4L, 1000L)); // near zero, which a uniform draw over 2^40 would miss
    assertThat(IntStream.range(0, 200).mapToObj(i -> Seeded.letters(random, 1, 20)))
        .allSatisfy(s -> assertThat(s).matches("[a-zA-Z]{1,20}"));
  }

  @Test
  void aFailureReportsTheSeedThatReproducesIt() {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(AlwaysFails.class)).build(), listener);

    List<TestExecutionSummary.Failure> failures = listener.getSummary().getFailures();
    assertThat(failures).hasSize(1);
    Throwable failure = failures.get(0).getException();
    assertThat(failure).hasMessage("on purpose");
    assertThat(failure.getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
        .contains("seed " + Seeded.seed(), "-Dvault.test.seed=" + Seeded.seed());
  }

  /** Run only by the test above: surefire does not pick up nested classes. */
  @ExtendWith(Seeded.class)
  static class AlwaysFails {
    @Test
    void fails() {
      throw new AssertionError("on purpose");
    }
  }

  private static boolean noUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
