package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A number written into an encrypted text column is stored as the text PostgreSQL's assignment
 * would store ({@code select (1e3)::text} is {@code 1000}), not as it is spelled in the statement.
 */
class NumberLiteralTextTest {

  @ParameterizedTest(name = "{0} is stored as {1}")
  @CsvSource({"5, 5", "007, 7", "1e3, 1000", "1.50, 1.50", "1.0e3, 1000", "5e-1, 0.5", ".5, 0.5", "99999999999999999999, 99999999999999999999"})
  void theTextIsPostgresqls(String written, String stored) {
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 16)
        .plan("insert into customers (id, email) values (1, " + written + ")", CorpusSchema.catalog());

    assertThat(plan.rejection()).isEmpty();
    assertThat(plan.literals()).singleElement().satisfies(literal -> assertThat(literal.text()).isEqualTo(stored));
  }
}
