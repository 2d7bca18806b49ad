package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A plan analysed under one standard_conforming_strings setting is never used under the other: the
 * same SQL text holds other strings under each.
 */
class PlanCacheKeyedByStringSettingTest {

  @Test
  void theSameSqlHasAPlanPerSetting() {
    PlanCache plans = new PlanCache(CorpusSchema.config(), 16);
    String sql = "insert into customers (id, email) values (1, 'M\\\\x')";

    StatementPlan on = plans.plan(sql, CorpusSchema.catalog(), true);
    StatementPlan off = plans.plan(sql, CorpusSchema.catalog(), false);

    assertThat(on).isNotSameAs(off);
    assertThat(on.literals().get(0).text()).isEqualTo("M\\\\x");
    assertThat(off.literals().get(0).text()).isEqualTo("M\\x");
    assertThat(plans.misses()).isEqualTo(2);
    assertThat(plans.plan(sql, CorpusSchema.catalog(), false)).isSameAs(off);
    assertThat(plans.plan(sql, CorpusSchema.catalog())).as("the default is on").isSameAs(on);
    assertThat(plans.size()).isEqualTo(2);
  }

  @Test
  void aStringThatEndsElsewhereWithTheSettingOffIsRefusedOnlyThere() {
    PlanCache plans = new PlanCache(CorpusSchema.config(), 16);
    // On: two strings, 'a\' and 'b', around the condition. Off: one string a' or email = 'b, which JSqlParser does not read.
    String sql = "select id from customers where name = 'a\\' or email = 'b'";
    assertThat(plans.plan(sql, CorpusSchema.catalog(), true).rejection()).isEmpty();
    assertThat(plans.plan(sql, CorpusSchema.catalog(), false).rejection()).isPresent();
  }

  @Test
  void theBoundCountsPlansOfBothSettings() {
    PlanCache plans = new PlanCache(CorpusSchema.config(), 2);
    for (int i = 0; i < 10; i++) {
      plans.plan("select id from products where id = " + i, CorpusSchema.catalog(), i % 2 == 0);
    }
    assertThat(plans.size()).isLessThanOrEqualTo(2);
    assertThat(plans.evictions()).isEqualTo(8);
  }
}
