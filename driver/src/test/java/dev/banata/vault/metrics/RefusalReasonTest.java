package dev.banata.vault.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code reason} tag of a refusal is one short word from a fixed list, whatever the operation text names. */
class RefusalReasonTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "LIKE | pattern-match",
      "ILIKE | pattern-match",
      "< | ordering",
      "BETWEEN | ordering",
      "ORDER BY | order-by",
      "function lower | function",
      "= on a randomized column | randomized-equality",
      "IN on a randomized column | randomized-equality",
      "= with a plain column or expression | mixed-values",
      "= with column orders.email of a different encryption | mixed-values",
      "copy into a column that is not encrypted | mixed-values",
      "literal of this form (use a parameter) | literal",
      "string literal with prefix E (use a parameter) | literal",
      "SELECT * over a table whose columns the catalog does not list | unknown-columns",
      "unparseable SQL | unparseable-sql",
      "a name the parser does not read as the table the server reads it as | unparseable-sql",
      "CASE | expression",
      "assignment from an expression | expression",
      "window function row_number | function",
      "unsupported statement shape (several statements in one string) | statement-shape",
      "a view over it (reading the view would return what the server computes) | server-side-code",
      "ambiguous column reference | other",
  })
  void operationsMapToAFewReasons(String operation, String tag) {
    assertThat(RefusalReason.of(operation).tag()).isEqualTo(tag);
  }
}
