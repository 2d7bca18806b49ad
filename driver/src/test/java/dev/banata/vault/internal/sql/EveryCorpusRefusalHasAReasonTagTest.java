package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every {@link Rejection.Reason} (the {@code reason} tag of {@code vault.statements.refused}) is
 * chosen by some refusal of the SQL corpus: a reason that no statement reaches any more shows here,
 * not as a tag that stays at zero on a dashboard.
 */
class EveryCorpusRefusalHasAReasonTagTest {

  @Test
  void refusalsOfTheCorpusReachEveryReason() throws Exception {
    Map<Rejection.Reason, Integer> counts = new EnumMap<>(Rejection.Reason.class);
    for (Arguments each : SqlCorpusTest.corpus().toList()) {
      String sql = (String) each.get()[1];
      String expected = (String) each.get()[2];
      if (!expected.startsWith("REJECT")) {
        continue;
      }
      Rejection rejection = new PlanCache(CorpusSchema.config(), 16).plan(sql, CorpusSchema.catalog()).rejection().orElseThrow();
      counts.merge(rejection.reason(), 1, Integer::sum);
    }

    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).as("corpus refusals").isGreaterThan(100);
    assertThat(counts.keySet()).as("reasons reached (%s)", counts).isEqualTo(EnumSet.allOf(Rejection.Reason.class));
  }
}
