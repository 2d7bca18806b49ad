package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the text-level defences: every comment and quote form inserted at every
 * token boundary of the corpus statements (and random combinations of several), through the
 * scanner and the whole analysis. For each string: no hang (each analysis within the parser's
 * bound plus a margin), no exception, and either a refusal or, in everything that would be sent
 * (for one and two live key versions), no string literal that the server would read as holding
 * the plaintext of a literal the unmutated statement encrypts.
 *
 * <p>The strings come from {@link FuzzedSql}. Seeded and deterministic. The default build runs a short slice ({@value #DEFAULT_CASES}
 * strings); {@code mvn -pl driver -am verify -Pfuzz} runs 10^6 (system property
 * {@code vault.fuzz.cases}; {@code vault.fuzz.seed} to vary the sample).
 */
class SqlDifferentialFuzzTest {

  static final int DEFAULT_CASES = 600;

  @Test
  void mutatedCorpusIsRefusedOrSendsNoPlaintext() {
    int cases = Integer.getInteger("vault.fuzz.cases", DEFAULT_CASES);
    long seed = Long.getLong("vault.fuzz.seed", 20261201L);
    PlanCache plans = new PlanCache(CorpusSchema.config(), 512, Duration.ofSeconds(2));
    int refused = 0;
    int sent = 0;
    long slowest = 0;
    for (FuzzedSql.Case fuzzed : new FuzzedSql(cases, seed)) {
      String sql = fuzzed.sql();
      boolean standard = fuzzed.standardConformingStrings();
      long start = System.nanoTime();
      StatementPlan plan = plans.plan(sql, CorpusSchema.catalog(), standard);
      long millis = (System.nanoTime() - start) / 1_000_000;
      slowest = Math.max(slowest, millis);
      // A hang, not a slow machine: the parser's bound is CPU time, so the wall-clock ceiling is what holds here.
      assertThat(millis).as("analysis time of %s", sql)
          .isLessThan(SqlParser.DEFAULT_TIME_BOUND.toMillis() * SqlParser.WALL_CLOCK_FACTOR + 2_000);
      if (plan.rejection().isPresent()) {
        refused++;
        continue;
      }
      for (String physical : whatWouldBeSent(sql, plan)) {
        for (SqlToken token : SqlScanner.scan(physical, standard).tokens()) {
          if (token.kind() == SqlToken.Kind.STRING) {
            for (String secret : fuzzed.secrets()) {
              assertThat(token.value()).as("plaintext of an encrypted literal sent in %s (from %s)", physical, sql).doesNotContain(secret);
            }
          }
        }
      }
      sent++;
    }
    // The sample exercised both outcomes, or the test would prove nothing.
    assertThat(refused).as("refused").isGreaterThan(cases / 10);
    assertThat(sent).as("sent").isGreaterThan(cases / 10);
    System.out.printf("SqlDifferentialFuzzTest: %d strings, %d refused, %d sent without plaintext, slowest analysis %d ms%n",
        cases, refused, sent, slowest);
  }

  /** The SQL the JDBC layer would send, for one and for two live key versions, with stand-in ciphertexts. */
  private static List<String> whatWouldBeSent(String sql, StatementPlan plan) {
    if (!plan.touchesEncryption()) {
      return List.of(sql);
    }
    List<String> sent = new ArrayList<>();
    // A plan that compares stored ciphertexts is refused by the JDBC layer while two versions are live.
    int mostVersions = plan.keyRotationConflict().isPresent() ? 1 : 2;
    for (int versions = 1; versions <= mostVersions; versions++) {
      PhysicalStatement physical = plan.physical(versions);
      sent.add(physical.render((literal, live) -> Collections.nCopies(literal.role() == ParameterRole.MATCH ? live : 1,
          literal.storage() == Storage.BYTEA ? (Object) new byte[] {1, 2} : "bv1:CIPHERTEXT")));
    }
    return sent;
  }
}
