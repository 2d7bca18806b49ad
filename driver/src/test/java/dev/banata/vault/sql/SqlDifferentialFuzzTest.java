package dev.banata.vault.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the text-level defences: every comment and quote form inserted at every
 * token boundary of the corpus statements (and random combinations of several), through the
 * scanner and the whole analysis. For each string: no hang (each analysis within the parser's
 * bound plus a margin), no exception, and either a refusal or, in everything that would be sent
 * (for one and two live key versions), no string literal that the server would read as holding
 * the plaintext of a literal the unmutated statement encrypts.
 *
 * <p>Seeded and deterministic. The default build runs a short slice ({@value #DEFAULT_CASES}
 * strings); {@code mvn -pl driver -am verify -Pfuzz} runs 10^6 (system property
 * {@code vault.fuzz.cases}; {@code vault.fuzz.seed} to vary the sample).
 */
class SqlDifferentialFuzzTest {

  static final int DEFAULT_CASES = 600;

  private static final String[] FILES = {"sql-corpus/select.txt", "sql-corpus/dml.txt", "sql-corpus/rejected.txt", "sql-corpus/other.txt"};

  /** The forms inserted at token boundaries: every comment and quote form the scanner knows, whole and broken. */
  static final String[] FORMS = {
      " /* c */ ", "/* /* */ */", "/* /* */", "-- c\n", "--", "//* */", "/*/ */", "*/", "'", "''", "E'\\''", "e'\\\\'", "'\\'",
      "$$", "$$x$$", "$a$", "$a$ $a$", "\"", "\"\"", "U&'\\0041'", "U&\"\\0073sn\"", " UESCAPE '!' ", "N'n'", "B'1'", "X'1F'",
      ";", "?", "??", "\\", "$1", "0x1", "\u000b", "\n'", "'\n'", "::text", "~~", "||", ",", "(", ")",
      // forms that keep the server's statement valid while another reader sees a comment or a string end elsewhere
      " //* */ 1 ", " /* /* */ 1 */ ", " + E'\\'' ", " || $$'$$ ", " /*/ */ ",
  };

  /** How many forms at the end of {@link #FORMS} keep the server's statement valid (tried first). */
  private static final int EXPLOIT_FORMS = 5;

  /** A plaintext the unmutated statement encrypts, and the encrypted column it goes to. */
  private record Secret(String text, String table, String column) {}

  private record Case(String sql, List<Secret> secrets) {}

  @Test
  void mutatedCorpusIsRefusedOrSendsNoPlaintext() throws IOException {
    int cases = Integer.getInteger("vault.fuzz.cases", DEFAULT_CASES);
    long seed = Long.getLong("vault.fuzz.seed", 20261201L);
    List<Case> corpus = corpus();
    // Every (statement, boundary, form) in a fixed order, sampled without repeats; beyond it, several insertions per string.
    List<long[]> single = new ArrayList<>();
    List<int[]> boundaries = new ArrayList<>();
    for (int s = 0; s < corpus.size(); s++) {
      int[] cuts = boundaries(corpus.get(s).sql());
      boundaries.add(cuts);
      for (int b = 0; b < cuts.length; b++) {
        for (int f = 0; f < FORMS.length; f++) {
          single.add(new long[] {s, b, f});
        }
      }
    }
    Random random = new Random(seed);
    Collections.shuffle(single, random);
    // The short slice first takes the insertions most likely to hide a value from one reader: an exploit-shaped
    // form in a statement that encrypts a literal (the stable sort keeps the shuffled order within each group).
    single.sort(java.util.Comparator.comparingInt(pick ->
        pick[2] >= FORMS.length - EXPLOIT_FORMS && !corpus.get((int) pick[0]).secrets().isEmpty() ? 0 : 1));
    PlanCache plans = new PlanCache(CorpusSchema.config(), 512, Duration.ofSeconds(2));
    int refused = 0;
    int sent = 0;
    long slowest = 0;
    for (int n = 0; n < cases; n++) {
      Case base;
      String sql;
      if (n < single.size()) {
        long[] pick = single.get(n);
        base = corpus.get((int) pick[0]);
        int cut = boundaries.get((int) pick[0])[(int) pick[1]];
        sql = base.sql().substring(0, cut) + FORMS[(int) pick[2]] + base.sql().substring(cut);
      } else {
        base = corpus.get(random.nextInt(corpus.size()));
        int[] cuts = boundaries.get(corpus.indexOf(base));
        StringBuilder mutated = new StringBuilder(base.sql());
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
          int cut = Math.min(cuts[random.nextInt(cuts.length)], mutated.length());
          mutated.insert(cut, FORMS[random.nextInt(FORMS.length)]);
        }
        sql = mutated.toString();
      }
      boolean standard = random.nextInt(4) != 0;
      long start = System.nanoTime();
      StatementPlan plan = plans.plan(sql, CorpusSchema.catalog(), standard);
      long millis = (System.nanoTime() - start) / 1_000_000;
      slowest = Math.max(slowest, millis);
      // A hang, not a slow machine: the parser's bound is CPU time, so the wall-clock ceiling is what holds here.
      assertThat(millis).as("analysis time of %s", sql)
          .isLessThan(SqlParser.DEFAULT_TIME_BOUND.toMillis() * SqlParser.WALL_CLOCK_FACTOR + 2_000);
      if (plan.rejection().isPresent()) {
        assertThat(plan.rejection().get().toSqlException().getSQLState()).isEqualTo("0A000");
        refused++;
        continue;
      }
      // A mutation that renames the table or the column (customersB'1', email$a$) makes the literal a value for
      // another column, as any typo would: only secrets whose encrypted table and column the mutated text still
      // names as identifiers count.
      ScannedSql mutated = SqlScanner.scan(sql, standard);
      List<String> secrets = base.secrets().stream()
          .filter(secret -> mutated.hasIdentifier(secret.table()) && mutated.hasIdentifier(secret.column())).map(Secret::text).toList();
      for (String physical : whatWouldBeSent(sql, plan)) {
        for (SqlToken token : SqlScanner.scan(physical, standard).tokens()) {
          if (token.kind() == SqlToken.Kind.STRING) {
            for (String secret : secrets) {
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

  /** Offsets before and after every token (comments included), and the end. */
  private static int[] boundaries(String sql) {
    List<Integer> cuts = new ArrayList<>();
    for (SqlToken token : SqlScanner.scan(sql, true).tokens()) {
      if (cuts.isEmpty() || cuts.get(cuts.size() - 1) != token.start()) {
        cuts.add(token.start());
      }
      cuts.add(token.end());
    }
    if (cuts.isEmpty()) {
      cuts.add(0);
    }
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Each corpus statement with the plaintexts its unmutated plan encrypts as literals (those long enough to recognise). */
  private static List<Case> corpus() throws IOException {
    PlanCache plans = new PlanCache(CorpusSchema.config(), 1024);
    List<Case> cases = new ArrayList<>();
    for (String file : FILES) {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(
          Objects.requireNonNull(SqlDifferentialFuzzTest.class.getClassLoader().getResourceAsStream(file), file), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          int arrow = line.lastIndexOf(" ==> ");
          if (line.isBlank() || line.startsWith("#") || arrow < 0) {
            continue;
          }
          String sql = line.substring(0, arrow).trim();
          List<Secret> secrets = new ArrayList<>();
          for (LiteralSlot literal : plans.plan(sql, CorpusSchema.catalog()).literals()) {
            if (literal.text().length() >= 4) {
              secrets.add(new Secret(literal.text(), literal.column().table().name(), literal.column().column().name()));
            }
          }
          cases.add(new Case(sql, secrets));
        }
      }
    }
    return cases;
  }
}
