package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.banata.vault.config.EncryptedColumn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL corpus: every line of {@code sql-corpus/*.txt} is one statement and what the analysis
 * must make of it, against {@link CorpusSchema}. Adding a case is adding a line.
 *
 * <pre>
 * SQL ==> PASS                                    (names with spaces are written with _ : Vault_Users.Login)
 * SQL ==> PASS                                    touches no encrypted column: sent untouched
 * SQL ==> PASS WARN-ONCE                          sent untouched, with a warning logged once per runtime (CALL, a function in FROM)
 * SQL ==> REJECT customers.email LIKE             rejected (0A000) naming that column; the rest must occur in the operation
 * SQL ==> REJECT customers.* unparseable          rejected naming the table (any or no column)
 * SQL ==> p2=customers.email:VALUE r3=customers.ssn l0=customers.email:MATCH g3=customers.email width=6 TOUCH
 * SQL ==> one-version=customers.email             compares stored ciphertexts of customers.email: refused while several key versions are live
 * SQL ==> r2=customers.email order=2,-1,3+ visible=2   ordered by the driver: keys are result columns, - DESC, + / ~ NULLS FIRST / LAST when written
 * </pre>
 *
 * {@code pN} parameter N (1-based) and its role; unlisted parameters must be plain. {@code lN}
 * literal slot N (0-based); the count must match. {@code rN} result column N to decrypt; unlisted
 * columns must be plain. {@code gN} a generated-keys column ({@code RETURNING *} appended by the
 * driver). {@code width=N} the number of result columns. {@code TOUCH} when nothing else is listed.
 * {@code one-version=T.C} the plan's {@link KeyRotationConflict} names that column; unlisted, it must have none.
 * {@code order=K,K} the plan's {@link ClientOrdering}: each key its result column, {@code -} before it for DESC,
 * {@code +} (NULLS FIRST) or {@code ~} (NULLS LAST) after it when that is not PostgreSQL's default for the direction;
 * unlisted, it must have none (the database orders). {@code visible=N} the columns the application sees (default:
 * the width); the sent SQL then has no ORDER BY and differs from the application's.
 *
 * <p>Every accepted statement is also expanded for two live key versions, rendered with fake
 * ciphertexts, and re-parsed: the physical SQL must be valid, hold two slots per MATCH parameter,
 * and contain no literal plaintext.
 */
class SqlCorpusTest {

  private static final String[] FILES = {"sql-corpus/select.txt", "sql-corpus/dml.txt", "sql-corpus/rejected.txt", "sql-corpus/other.txt",
      "sql-corpus/search.txt"};

  static Stream<Arguments> corpus() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (String file : FILES) {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(
          Objects.requireNonNull(SqlCorpusTest.class.getClassLoader().getResourceAsStream(file), file), StandardCharsets.UTF_8))) {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          int arrow = line.lastIndexOf(" ==> ");
          if (arrow < 0) {
            throw new IllegalArgumentException(file + ":" + number + " has no ' ==> '");
          }
          cases.add(Arguments.of(file + ":" + number, line.substring(0, arrow).trim(), line.substring(arrow + 5).trim()));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1} ==> {2}")
  @MethodSource("corpus")
  void statementIsAnalysedAsExpected(String where, String sql, String expected) throws Exception {
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 16).plan(sql, CorpusSchema.catalog());
    String[] tokens = expected.split("\\s+");
    if (tokens[0].equals("PASS")) {
      assertThat(plan.rejection()).as("rejection").isEmpty();
      assertThat(plan.touchesEncryption()).as("touchesEncryption").isFalse();
      assertThat(plan.keyRotationConflict()).as("keyRotationConflict").isEmpty();
      assertThat(plan.outOfReachWarning().isPresent()).as("warning about what the server computes out of sight")
          .isEqualTo(tokens.length > 1 && tokens[1].equals("WARN-ONCE"));
      return;
    }
    if (tokens[0].equals("REJECT")) {
      assertThat(plan.rejection()).as("rejection of %s", plan).isPresent();
      Rejection rejection = plan.rejection().get();
      String[] target = tokens[1].split("\\.", 2);
      assertThat(rejection.table().replace(' ', '_')).as("rejected table").isEqualTo(target[0]);
      if (target.length == 2 && !target[1].equals("*")) {
        assertThat(rejection.column()).as("rejected column").isNotNull();
        assertThat(rejection.column().replace(' ', '_')).as("rejected column").isEqualTo(target[1]);
      }
      String operation = String.join(" ", List.of(tokens).subList(2, tokens.length));
      assertThat(rejection.operation()).as("operation").containsIgnoringCase(operation);
      return;
    }
    assertThat(plan.rejection()).as("rejection").isEmpty();
    assertThat(plan.touchesEncryption()).as("touchesEncryption").isTrue();

    Map<Integer, String> parameters = new HashMap<>();
    Map<Integer, String> literals = new HashMap<>();
    Map<Integer, String> results = new HashMap<>();
    Map<Integer, String> generated = new HashMap<>();
    Integer width = null;
    String oneVersion = null;
    String order = null;
    Integer visible = null;
    for (String token : tokens) {
      if (token.equals("TOUCH")) {
        continue;
      }
      if (token.startsWith("order=")) {
        order = token.substring("order=".length());
        continue;
      }
      if (token.startsWith("visible=")) {
        visible = Integer.parseInt(token.substring("visible=".length()));
        continue;
      }
      if (token.startsWith("one-version=")) {
        oneVersion = token.substring("one-version=".length());
        continue;
      }
      int equals = token.indexOf('=');
      String key = token.substring(0, equals);
      String value = token.substring(equals + 1);
      switch (key.charAt(0)) {
        case 'p' -> parameters.put(Integer.parseInt(key.substring(1)), value);
        case 'l' -> literals.put(Integer.parseInt(key.substring(1)), value);
        case 'r' -> results.put(Integer.parseInt(key.substring(1)), value);
        case 'g' -> generated.put(Integer.parseInt(key.substring(1)), value);
        case 'w' -> width = Integer.parseInt(value);
        default -> fail("unknown expectation " + token);
      }
    }
    assertThat(plan.keyRotationConflict().map(c -> (c.table() + "." + c.column()).replace(' ', '_')).orElse(null))
        .as("column whose stored ciphertexts the statement compares").isEqualTo(oneVersion);
    for (ParameterBinding parameter : plan.parameters()) {
      String actual = parameter.encrypted() ? name(parameter.column()) + ":" + parameter.role() : null;
      assertThat(actual).as("parameter %d", parameter.index()).isEqualTo(parameters.get(parameter.index()));
    }
    for (Integer index : parameters.keySet()) {
      assertThat(index).as("parameter %d exists", index).isBetween(1, plan.parameterCount());
    }
    assertThat(plan.literals()).as("literal slots").hasSize(literals.size());
    for (LiteralSlot literal : plan.literals()) {
      assertThat(name(literal.column()) + ":" + literal.role()).as("literal %d", literal.ordinal()).isEqualTo(literals.get(literal.ordinal()));
    }
    ResultLayout layout = plan.results();
    for (int i = 1; i <= Math.max(layout.width(), results.keySet().stream().mapToInt(k -> k).max().orElse(0)); i++) {
      ResultColumn column = layout.column(i);
      assertThat(column == null ? null : name(column.column())).as("result column %d", i).isEqualTo(results.get(i));
    }
    if (width != null) {
      assertThat(layout.width()).as("result width").isEqualTo(width);
    }
    assertThat(plan.clientOrdering().map(SqlCorpusTest::keys).orElse(null)).as("ordering by the driver").isEqualTo(order);
    if (plan.clientOrdering().isPresent()) {
      assertThat(plan.clientOrdering().get().sentWidth()).as("sent width").isEqualTo(layout.width());
      assertThat(plan.clientOrdering().get().visibleWidth()).as("visible width").isEqualTo(visible == null ? layout.width() : visible);
      for (ClientOrdering.Key key : plan.clientOrdering().get().keys()) {
        assertThat(key.encrypted()).as("key %d decrypted as its column", key.column()).isEqualTo(layout.column(key.column()));
      }
    } else {
      assertThat(visible).as("visible= without order=").isNull();
    }
    if (!generated.isEmpty()) {
      ResultLayout keys = plan.generatedKeys();
      for (int i = 1; i <= keys.width(); i++) {
        ResultColumn column = keys.column(i);
        assertThat(column == null ? null : name(column.column())).as("generated key column %d", i).isEqualTo(generated.get(i));
      }
    }
    physicalFormsAreValid(sql, plan);
  }

  /** One and two live versions: valid SQL, one slot per version for MATCH, no plaintext literal left. */
  private static void physicalFormsAreValid(String sql, StatementPlan plan) throws Exception {
    for (int versions = 1; versions <= 2; versions++) {
      if (versions > 1 && plan.keyRotationConflict().isPresent()) {
        int live = versions;
        assertThatThrownBy(() -> plan.physical(live)).as("no physical form while %d versions are live", live)
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("key rotation is in progress");
        continue;
      }
      PhysicalStatement physical = plan.physical(versions);
      int expectedSlots = 0;
      for (ParameterBinding parameter : plan.parameters()) {
        int copies = parameter.role() == ParameterRole.MATCH ? versions : 1;
        assertThat(physical.slotCount(parameter.index())).as("slots of parameter %d", parameter.index()).isEqualTo(copies);
        for (int v = 0; v < copies; v++) {
          PhysicalSlot slot = physical.slots().get(physical.physicalIndex(parameter.index(), v) - 1);
          assertThat(slot.parameterIndex()).isEqualTo(parameter.index());
          assertThat(slot.versionIndex()).isEqualTo(v);
        }
        expectedSlots += copies;
      }
      assertThat(physical.parameterCount()).isEqualTo(expectedSlots);
      int n = versions;
      String rendered = physical.render((literal, live) -> Collections.nCopies(literal.role() == ParameterRole.MATCH ? live : 1,
          literal.storage() == Storage.BYTEA ? (Object) new byte[] {1, 2} : "vault1:CIPHERTEXT" + n));
      assertThat(SqlScanner.scan(rendered, true).markerCount()).as("? in %s", rendered).isEqualTo(expectedSlots);
      for (LiteralSlot literal : plan.literals()) {
        assertThat(rendered).as("plaintext literal left in %s", rendered).doesNotContain("'" + literal.text() + "'");
      }
      boolean searches = plan.parameters().stream().anyMatch(p -> p.role() == ParameterRole.SEARCH);
      if (plan.clientOrdering().isPresent()) {
        assertThat(rendered).as("sent without its ORDER BY").isNotEqualTo(sql);
        assertThat(SqlScanner.scan(rendered, true).tokens().stream().filter(t -> t.kind() == SqlToken.Kind.IDENTIFIER)
            .map(SqlToken::value).toList()).as("identifiers of %s", rendered).doesNotContain("order");
      } else if (versions == 1 && plan.literals().isEmpty() && !searches) {
        assertThat(rendered).as("one live version sends the SQL as written").isEqualTo(sql);
      }
      assertThat(CCJSqlParserUtil.newParser(rendered).withAllowComplexParsing(true).Statement()).as("re-parse of %s", rendered).isNotNull();
    }
  }

  /** {@code 2,-1,3+}: see the class comment. */
  private static String keys(ClientOrdering ordering) {
    StringBuilder text = new StringBuilder();
    for (ClientOrdering.Key key : ordering.keys()) {
      text.append(text.length() == 0 ? "" : ",").append(key.descending() ? "-" : "").append(key.column())
          .append(key.nullsFirst() == key.descending() ? "" : key.nullsFirst() ? "+" : "~");
    }
    return text.toString();
  }

  private static String name(EncryptedColumn column) {
    return (column.table().name() + "." + column.column().name()).replace(' ', '_');
  }
}
