package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.sql.Rejection;
import dev.banata.vault.metrics.RefusalReason;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@code reason} tag of a refused statement is the analysis' own reason, mapped one to one
 * (the mapping is a switch without default: an unmapped reason does not compile).
 */
class RefusalReasonOfARejectionTest {

  @Test
  void everyReasonOfTheAnalysisHasATagOfItsOwn() {
    Set<RefusalReason> tags = Arrays.stream(Rejection.Reason.values()).map(VaultRuntime::refusalReason).collect(Collectors.toSet());

    assertThat(tags).as("one tag per reason").hasSize(Rejection.Reason.values().length);
    // Every tag but the key rotation's (a refusal of the JDBC layer, not of the analysis) is some rejection's.
    assertThat(tags).isEqualTo(EnumSet.complementOf(EnumSet.of(RefusalReason.KEY_ROTATION)));
  }

  @Test
  void aReasonKeepsItsName() {
    for (Rejection.Reason reason : Rejection.Reason.values()) {
      assertThat(VaultRuntime.refusalReason(reason).name()).isEqualTo(reason.name());
    }
  }
}
