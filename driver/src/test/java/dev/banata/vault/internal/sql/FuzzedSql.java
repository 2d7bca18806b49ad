package dev.banata.vault.internal.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;

/**
 * The strings of the differential fuzz: every comment and quote form inserted at every token
 * boundary of the SQL corpus statements (then random combinations of several), seeded and
 * deterministic. Each case knows the plaintexts its unmutated statement encrypts as literals, so
 * that whatever reads the mutated string's fate (the analysis, a server's statement log) can look
 * for them.
 */
final class FuzzedSql implements Iterable<FuzzedSql.Case> {

  private static final String[] FILES = {"sql-corpus/select.txt", "sql-corpus/dml.txt", "sql-corpus/rejected.txt", "sql-corpus/other.txt",
      "sql-corpus/search.txt"};

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
  record Secret(String text, String table, String column) {}

  /**
   * One mutated string, read with {@code standard_conforming_strings} as given.
   *
   * @param secrets the plaintexts whose table and column the mutated text still names as
   *     identifiers: a mutation that renames them (customersB'1', email$a$) makes the literal a value
   *     for another column, as any typo would
   */
  record Case(String sql, boolean standardConformingStrings, List<String> secrets) {}

  private record Statement(String sql, List<Secret> secrets, int[] boundaries) {}

  private final int count;
  private final long seed;
  private final List<Statement> corpus;

  FuzzedSql(int count, long seed) {
    this.count = count;
    this.seed = seed;
    this.corpus = corpus();
  }

  @Override
  public Iterator<Case> iterator() {
    // Every (statement, boundary, form) in a fixed order, sampled without repeats; beyond it, several insertions per string.
    List<int[]> single = new ArrayList<>();
    for (int s = 0; s < corpus.size(); s++) {
      for (int b = 0; b < corpus.get(s).boundaries().length; b++) {
        for (int f = 0; f < FORMS.length; f++) {
          single.add(new int[] {s, b, f});
        }
      }
    }
    Random random = new Random(seed);
    Collections.shuffle(single, random);
    // A short slice first takes the insertions most likely to hide a value from one reader: an exploit-shaped
    // form in a statement that encrypts a literal (the stable sort keeps the shuffled order within each group).
    single.sort(Comparator.comparingInt(pick ->
        pick[2] >= FORMS.length - EXPLOIT_FORMS && !corpus.get(pick[0]).secrets().isEmpty() ? 0 : 1));
    return new Iterator<>() {
      private int n;

      @Override
      public boolean hasNext() {
        return n < count;
      }

      @Override
      public Case next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Statement base;
        String sql;
        if (n < single.size()) {
          int[] pick = single.get(n);
          base = corpus.get(pick[0]);
          int cut = base.boundaries()[pick[1]];
          sql = base.sql().substring(0, cut) + FORMS[pick[2]] + base.sql().substring(cut);
        } else {
          base = corpus.get(random.nextInt(corpus.size()));
          int[] cuts = base.boundaries();
          StringBuilder mutated = new StringBuilder(base.sql());
          for (int k = 1 + random.nextInt(3); k > 0; k--) {
            int cut = Math.min(cuts[random.nextInt(cuts.length)], mutated.length());
            mutated.insert(cut, FORMS[random.nextInt(FORMS.length)]);
          }
          sql = mutated.toString();
        }
        n++;
        boolean standard = random.nextInt(4) != 0;
        ScannedSql scanned = SqlScanner.scan(sql, standard);
        List<String> secrets = base.secrets().stream()
            .filter(secret -> scanned.hasIdentifier(secret.table()) && scanned.hasIdentifier(secret.column()))
            .map(Secret::text).toList();
        return new Case(sql, standard, secrets);
      }
    };
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
  private static List<Statement> corpus() {
    PlanCache plans = new PlanCache(CorpusSchema.config(), 1024);
    List<Statement> statements = new ArrayList<>();
    for (String file : FILES) {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(
          Objects.requireNonNull(FuzzedSql.class.getClassLoader().getResourceAsStream(file), file), StandardCharsets.UTF_8))) {
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
          statements.add(new Statement(sql, secrets, boundaries(sql)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return statements;
  }
}
