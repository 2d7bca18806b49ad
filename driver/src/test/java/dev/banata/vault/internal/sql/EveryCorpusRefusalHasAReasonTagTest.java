package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.metrics.RefusalReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The {@code reason} tag of {@code vault.statements.refused} is computed from the analysis' operation
 * text: every refusal of the SQL corpus must land on a reason of its own, so that a change of wording
 * in the analysis that would push refusals into {@code other} shows here, not on a dashboard.
 */
class EveryCorpusRefusalHasAReasonTagTest {

  @Test
  void refusalsOfTheCorpusMapToNamedReasons() throws Exception {
    Map<RefusalReason, Integer> counts = new EnumMap<>(RefusalReason.class);
    List<String> other = new ArrayList<>();
    for (Arguments each : SqlCorpusTest.corpus().toList()) {
      String sql = (String) each.get()[1];
      String expected = (String) each.get()[2];
      if (!expected.startsWith("REJECT")) {
        continue;
      }
      Rejection rejection = new PlanCache(CorpusSchema.config(), 16).plan(sql, CorpusSchema.catalog()).rejection().orElseThrow();
      RefusalReason reason = RefusalReason.of(rejection.operation());
      counts.merge(reason, 1, Integer::sum);
      if (reason == RefusalReason.OTHER) {
        other.add(rejection.operation() + "   <- " + sql);
      }
    }

    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).as("corpus refusals").isGreaterThan(100);
    assertThat(other).as("refusals tagged reason=other (%s)", counts).isEmpty();
  }
}
