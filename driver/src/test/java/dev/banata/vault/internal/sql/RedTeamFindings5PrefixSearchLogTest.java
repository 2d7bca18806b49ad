package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.StatementLoggingPostgres;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team 5: a hostile pass over prefix search and case-insensitive search ({@code search: prefix},
 * {@code ignore-case}, {@code prefix-length}) against a PostgreSQL that logs every statement with its
 * bind values. Each probe gives the same rows as PostgreSQL on a plain twin table, or is refused
 * (0A000 / 22023) — and, either way, leaves no plaintext search value or stored value in the server's
 * log, the exception message or the raw table ({@link RedTeam5Probes}). Earlier rounds (RedTeamFindings3Test,
 * RedTeamFindings4Test) compared answers over the shared server; this one also reads the log.
 */
@DatabaseTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedTeamFindings5PrefixSearchLogTest {

  @TempDir static Path dir;
  private static StatementLoggingPostgres server;
  private static RedTeam5Probes probes;

  @BeforeAll
  static void start() throws Exception {
    server = StatementLoggingPostgres.start();
    probes = new RedTeam5Probes(server, dir, "");
    probes.seed(1);
    probes.assertThatTheLogCanShowAPlaintext();
  }

  @AfterAll
  static void stop() throws Exception {
    RedTeam5Probes.finish("RedTeamFindings5PrefixSearchLogTest", probes, server);
  }

  private static RedTeam5Probes fresh() {
    probes.problems.clear();
    return probes;
  }

  @Test
  @Order(0)
  void theSupportedFormsAreAnsweredOnThisServer() {
    RedTeam5Probes p = fresh();
    p.answered("LIKE ?", "SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY id", false, "Zebu%");
    p.answered("ILIKE ?", "SELECT id FROM %1$s WHERE email ILIKE ? ORDER BY id", false, "zebu%");
    p.answered("lower() = lower(?)", "SELECT id FROM %1$s WHERE lower(email) = lower(?) ORDER BY id", false, "ZEBULON@mail.example");
    p.answered("upper() LIKE upper(?)", "SELECT id FROM %1$s WHERE upper(email) LIKE upper(?) ORDER BY id", false, "zebu%");
    p.answered("literal LIKE", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebu%%' ORDER BY id", true);
    p.answered("literal ILIKE", "SELECT id FROM %1$s WHERE email ILIKE 'zebu%%' ORDER BY id", true);
    p.assertNoProblems();
  }

  // ------------------------------------------------------------------ comments, quoting, token boundaries

  @Test
  @Order(1)
  void commentsAndWhitespaceAtEveryTokenBoundaryOfAPredicate() {
    RedTeam5Probes p = fresh();
    String[] shapes = {
        "SELECT id FROM %1$s WHERE last_name -- a comment LIKE 'x'\n LIKE ? ORDER BY id",
        "SELECT id FROM %1$s WHERE /* c */ last_name /* c */ LIKE /* c */ ? /* c */ ORDER BY id",
        "SELECT id FROM %1$s WHERE last_name /* /* nested */ */ LIKE ? ORDER BY id",
        "SELECT id FROM %1$s WHERE last_name\n\tLIKE\t\t?\n ORDER BY id",
        "SELECT id FROM %1$s WHERE last_name LIKE(?) ORDER BY id",
        "SELECT id FROM %1$s WHERE (last_name)LIKE(?)ORDER BY id",
        "SELECT id FROM %1$s WHERE \"last_name\" LIKE ? ORDER BY id",
        "SELECT id FROM %1$s WHERE LAST_NAME like ? ORDER BY id",
        "SELECT id FROM %1$s p WHERE p.\"last_name\" LIKE ? ORDER BY id",
        "SELECT id FROM public.%1$s WHERE public.%1$s.last_name LIKE ? ORDER BY id",
        "SELECT id FROM %1$s WHERE last_name LIKE ? ESCAPE '#' ORDER BY id",
        "SELECT id FROM %1$s WHERE last_name LIKE ? -- trailing comment",
        "SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY id /* trailing */",
        "SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY id;",
    };
    for (String shape : shapes) {
      for (String pattern : List.of("Zebu%", "Zebulon", "Zeb#%%")) {
        p.prepared("boundary " + shape, shape, pattern);
      }
    }
    // pgjdbc turns "LIKE?" into "LIKE$1", which PostgreSQL reads as one identifier (a syntax error); the vault renders the
    // rewritten search with a space. Either outcome is safe: the answer must be that of "LIKE ?", or a failure.
    for (String pattern : List.of("Zebu%", "Zebulon")) {
      RedTeam5Probes.Outcome glued = p.runVault("LIKE? without a space", "SELECT id FROM people WHERE last_name LIKE? ORDER BY id", false,
          RedTeam5Probes.needlesOf("", pattern), pattern);
      RedTeam5Probes.Outcome spaced = RedTeam5Probes.execute(p.plain, "SELECT id FROM plain_people WHERE last_name LIKE ? ORDER BY id", false, pattern);
      if (glued.error() == null && !glued.rows().equals(spaced.rows())) {
        p.problems.add("LIKE? " + pattern + ": vault " + glued.rows() + ", PostgreSQL for LIKE ? " + spaced.rows());
      }
    }
    p.assertNoProblems();
  }

  @Test
  @Order(2)
  void quotedIdentifierThatNamesNoColumnSendsNoPlaintextParameter() {
    RedTeam5Probes p = fresh();
    // "LAST_NAME" and "Email" are other (non-existent) columns: PostgreSQL fails; the pattern must not be sent in the clear.
    p.prepared("upper-case quoted column", "SELECT id FROM %1$s WHERE \"LAST_NAME\" LIKE ? ORDER BY id", "Zebulon-quoted%");
    p.prepared("mixed-case quoted column", "SELECT id FROM %1$s WHERE \"Email\" ILIKE ? ORDER BY id", "zebulon@quoted%");
    p.prepared("qualified with an alias not in FROM", "SELECT id FROM %1$s p WHERE q.last_name LIKE ? ORDER BY id", "Zebulon-alias%");
    p.literal("qualified with an alias not in FROM, literal", "SELECT id FROM %1$s p WHERE q.last_name LIKE 'Zebulon-alias%%' ORDER BY id");
    p.assertNoProblems();
  }

  @Test
  @Order(2)
  void aLiteralComparedWithAColumnTheEncryptedTableDoesNotHaveIsNotSent() {
    RedTeam5Probes p = fresh();
    // PostgreSQL fails ("column ... does not exist") and logs the statement with the literal (log_min_error_statement).
    // The catalog lists people's columns; as for q.last_name with q not in FROM (refused), the text could be refused before it is sent.
    p.literal("upper-case quoted column, literal", "SELECT id FROM %1$s WHERE \"LAST_NAME\" LIKE 'Zebulon-quoted%%' ORDER BY id");
    p.literal("mixed-case quoted column, literal", "SELECT id FROM %1$s WHERE \"Email\" ILIKE 'zebulon@quoted%%' ORDER BY id");
    p.literal("a column the table does not have, literal", "SELECT id FROM %1$s WHERE last_nam LIKE 'Zebulon-typo%%' ORDER BY id");
    p.assertNoProblems();
  }

  @Test
  @Order(2)
  void namesNoTableHasAndIncomparableLiteralsInEverySpellingSendNothing() {
    RedTeam5Probes p = fresh();
    // Comments at every token boundary of a refused condition, every string spelling, qualified and
    // derived forms, writes, and the encrypted table after the undefined name (UNION, CTE).
    String[] tokens = {"SELECT", "id", "FROM", "%1$s", "WHERE", "\"LAST_NAME\"", "LIKE", "'Zebulon-rt6%%'"};
    for (String gap : new String[] {"/* c */", "/* /* nested */ */", "--c\n", "\n\t", "//c\n"}) {
      for (int at = 1; at < tokens.length; at++) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
          sql.append(i == 0 ? "" : i == at ? " " + gap + " " : " ").append(tokens[i]);
        }
        p.literal("comment " + gap.strip() + " before token " + at, sql.toString(), "Zebulon-rt6");
      }
    }
    for (String literal : new String[] {"E'Zebulon-rt6%%'", "$$Zebulon-rt6%%$$", "$q$Zebulon-rt6%%$q$", "U&'Zebulon-rt6%%'", "'Zebulon' 'rt6'",
        "'Zebulon-rt6%%'::text", "CAST('Zebulon-rt6%%' AS varchar)"}) {
      p.literal("spelling " + literal, "SELECT id FROM %1$s WHERE \"LAST_NAME\" LIKE " + literal, "Zebulon-rt6");
      p.literal("typo, spelling " + literal, "SELECT id FROM %1$s WHERE last_nam = " + literal, "Zebulon-rt6");
    }
    for (String sql : new String[] {
        "SELECT id FROM %1$s p WHERE p.\"LAST_NAME\" = 'Zebulon-rt6'",
        "SELECT id FROM %1$s p WHERE p . \"LAST_NAME\" = 'Zebulon-rt6'",
        "SELECT id FROM %1$s WHERE public.%1$s.\"LAST_NAME\" = 'Zebulon-rt6'",
        "SELECT id FROM (SELECT * FROM %1$s) d WHERE d.\"LAST_NAME\" = 'Zebulon-rt6'",
        "SELECT id FROM (SELECT p.* FROM %1$s p) d WHERE \"LAST_NAME\" = 'Zebulon-rt6'",
        "WITH d AS (SELECT * FROM %1$s) SELECT id FROM d WHERE \"LAST_NAME\" = 'Zebulon-rt6'",
        "SELECT id FROM plain_people_short WHERE \"LAST_NAME\" = 'Zebulon-rt6' UNION ALL SELECT id FROM %1$s",
        "WITH l AS (SELECT id FROM plain_people_short WHERE last_nam = 'Zebulon-rt6') SELECT p.id FROM %1$s p JOIN l ON l.id = p.id",
        "UPDATE %1$s SET \"LAST_NAME\" = 'Zebulon-rt6' WHERE id = 1",
        "UPDATE %1$s SET nick = nick WHERE \"LAST_NAME\" = 'Zebulon-rt6'",
        "DELETE FROM %1$s WHERE \"LAST_NAME\" = 'Zebulon-rt6'",
        "INSERT INTO %1$s (id, \"LAST_NAME\") VALUES (9601, 'Zebulon-rt6')",
        "INSERT INTO %1$s (id, \"LAST_NAME\") SELECT 9602, 'Zebulon-rt6'",
        "INSERT INTO %1$s (id, last_name) SELECT * FROM (SELECT 9603, 'Zebulon-rt6') v WHERE \"LAST_NAME\" = 'x'",
        "SELECT id FROM %1$s WHERE nick = 'Zebulon-rt6'::bytea",
        "SELECT id FROM %1$s WHERE nick IN ('Zebulon-rt6', 5)",
        "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulon-rt6%%'::bytea",
        "SELECT p.id FROM %1$s p, (SELECT 1) x WHERE \"LAST_NAME\" LIKE 'Zebulon-rt6%%'",
        "SELECT p.id FROM %1$s p WHERE p.last_name.x = 'Zebulon-rt6'",
        "SELECT p.id FROM %1$s p WHERE %1$s.last_name.x = 'Zebulon-rt6'",
        "SELECT p.id FROM %1$s p WHERE px.lst = 'Zebulon-rt6'",
        // The same with comments, spaces and quotes inside the names, in CTEs and in writes.
        "SELECT p.id FROM %1$s p WHERE p./* c */last_name.--c\n x = 'Zebulon-rt6'",
        "SELECT p.id FROM %1$s p WHERE \"p\" . \"last_name\" . \"X\" = 'Zebulon-rt6'",
        "SELECT p.id FROM %1$s p, (SELECT 1) x WHERE x.\"?column?\" = 1 AND \"LAST_NAME\" LIKE 'Zebulon-rt6%%'",
        "WITH x AS (SELECT 1) SELECT p.id FROM %1$s p, x WHERE \"LAST_NAME\" LIKE 'Zebulon-rt6%%'",
        "SELECT p.id FROM %1$s p, (SELECT 1 + 1, 'a' || 'b') x WHERE last_nam = $$Zebulon-rt6$$",
        "UPDATE %1$s p SET nick = nick FROM (SELECT 1) x WHERE \"LAST_NAME\" = 'Zebulon-rt6'",
        "DELETE FROM %1$s p USING (SELECT 1) x WHERE px.lst = E'Zebulon-rt6'",
        "UPDATE %1$s SET nick = nick WHERE %1$s.last_name.x = 'Zebulon-rt6'"}) {
      p.literal(sql, sql, "Zebulon-rt6");
    }
    p.prepared("cast bytea, prepared twice", "SELECT id FROM %1$s WHERE nick = ?::bytea", "Zebulon-rt6-p");
    p.prepared("cast bytea, prepared twice", "SELECT id FROM %1$s WHERE nick = ?::bytea", "Zebulon-rt6-p");
    p.assertNoProblems();
  }

  @Test
  @Order(3)
  void everyPatternOperatorSpelling() {
    RedTeam5Probes p = fresh();
    String[] operators = {"LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE", "~~", "!~~", "~~*", "!~~*", "SIMILAR TO", "NOT SIMILAR TO", "~", "~*", "!~",
        "like", "iLiKe", "NoT iLiKe"};
    for (String operator : operators) {
      for (String column : List.of("last_name", "email", "nick")) {
        for (String pattern : List.of("zebu%", "Zebu%", "Zebulon@Mail.example")) {
          p.prepared(operator + " on " + column, "SELECT id FROM %1$s WHERE " + column + " " + operator + " ? ORDER BY id", pattern);
        }
      }
    }
    p.assertNoProblems();
  }

  @Test
  @Order(4)
  void escapeClausesInEverySpelling() {
    RedTeam5Probes p = fresh();
    String[] escapes = {"ESCAPE '#'", "ESCAPE ''", "ESCAPE '\\'", "ESCAPE E'\\\\'", "ESCAPE E'#'", "ESCAPE $$#$$", "ESCAPE $e$#$e$",
        "ESCAPE U&'#'", "ESCAPE U&'\\0023'", "ESCAPE '#' /* c */", "ESCAPE\n'#'", "ESCAPE ''''", "ESCAPE '%%'", "ESCAPE '_'", "ESCAPE ?",
        "ESCAPE '##'", "ESCAPE NULL"};
    for (String escape : escapes) {
      boolean marker = escape.contains("?");
      for (String pattern : List.of("Zeb#%%", "Zeb#_%", "Zebu%", "Zeb\\%%", "Zeb'%", "Zeb%%ra", "Zeb__ra")) {
        for (String form : List.of("last_name LIKE ?", "email ILIKE ?", "last_name NOT LIKE ?")) {
          String sql = "SELECT id FROM %1$s WHERE " + form + " " + escape + " ORDER BY id";
          if (marker) {
            p.prepared("escape " + escape, sql, pattern, "#");
          } else {
            p.prepared("escape " + escape, sql, pattern);
          }
        }
      }
    }
    p.assertNoProblems();
  }

  // ------------------------------------------------------------------ literal search values inline

  @Test
  @Order(5)
  void inlineLiteralPatternsInEveryStringSyntax() {
    RedTeam5Probes p = fresh();
    p.literal("plain literal LIKE", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%' ORDER BY id");
    p.literal("plain literal ILIKE", "SELECT id FROM %1$s WHERE email ILIKE 'zebulon@%%' ORDER BY id");
    p.literal("plain literal lower()=", "SELECT id FROM %1$s WHERE lower(email) = lower('ZEBULON@mail.EXAMPLE') ORDER BY id");
    p.literal("plain literal upper() LIKE", "SELECT id FROM %1$s WHERE upper(email) LIKE upper('zebulon@%%') ORDER BY id");
    p.literal("literal with a quote", "SELECT id FROM %1$s WHERE last_name LIKE 'O''Zea%%' ORDER BY id");
    p.literal("literal with a doubled quote inside", "SELECT id FROM %1$s WHERE last_name LIKE 'Zeb''ulon' ORDER BY id");
    p.literal("literal holding a comment start", "SELECT id FROM %1$s WHERE last_name LIKE 'Zeb/*c*/' ORDER BY id", "/*c*/");
    p.literal("literal holding --", "SELECT id FROM %1$s WHERE last_name LIKE 'Zeb--x' ORDER BY id", "Zeb--x");
    p.literal("literal holding $$", "SELECT id FROM %1$s WHERE last_name LIKE 'Quinn$$' ORDER BY id", "Quinn$$");
    p.literal("literal then comment", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%' -- 'Zebulonius'\n ORDER BY id", "Zebulonius");
    p.literal("E string", "SELECT id FROM %1$s WHERE last_name LIKE E'Zebulo%%' ORDER BY id", "Zebulo");
    p.literal("E string backslash quote", "SELECT id FROM %1$s WHERE last_name LIKE E'O\\'Zeal' ORDER BY id", "Zeal");
    p.literal("E string doubled backslash", "SELECT id FROM %1$s WHERE last_name LIKE E'Zeb\\\\\\\\ra' ORDER BY id", "Zeb\\\\ra");
    p.literal("E string escape only", "SELECT id FROM %1$s WHERE last_name LIKE E'Zebul\\\\' ORDER BY id", "Zebul");
    p.literal("e string lower case", "SELECT id FROM %1$s WHERE last_name LIKE e'Zebulo%%' ORDER BY id", "Zebulo");
    p.literal("dollar quote", "SELECT id FROM %1$s WHERE last_name LIKE $$Zebulo%%$$ ORDER BY id", "Zebulo");
    p.literal("tagged dollar quote", "SELECT id FROM %1$s WHERE last_name LIKE $tag$Zebulo%%$tag$ ORDER BY id", "Zebulo");
    p.literal("dollar quote ILIKE", "SELECT id FROM %1$s WHERE email ILIKE $q$zebulon@%%$q$ ORDER BY id", "zebulon@");
    p.literal("U& string", "SELECT id FROM %1$s WHERE last_name LIKE U&'Zebul\\006fn' ORDER BY id", "Zebul");
    p.literal("U& string UESCAPE", "SELECT id FROM %1$s WHERE last_name LIKE U&'Zebul!006fn' UESCAPE '!' ORDER BY id", "Zebul");
    p.literal("N string", "SELECT id FROM %1$s WHERE last_name LIKE N'Zebulo%%' ORDER BY id", "Zebulo");
    p.literal("continued string", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebu'\n'lon' ORDER BY id", "Zebu");
    p.literal("literal cast text", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%'::text ORDER BY id", "Zebulo");
    p.literal("literal cast varchar(3)", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%'::varchar(3) ORDER BY id", "Zebulo");
    p.literal("literal COLLATE", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%' COLLATE \"C\" ORDER BY id", "Zebulo");
    p.literal("literal LIKE ANY", "SELECT id FROM %1$s WHERE last_name LIKE ANY (ARRAY['Zebulo%%', 'Quent%%']) ORDER BY id", "Zebulo", "Quent");
    p.literal("reversed: literal LIKE column", "SELECT id FROM %1$s WHERE 'Zebulon' LIKE last_name ORDER BY id", "Zebulon");
    p.literal("~~ literal", "SELECT id FROM %1$s WHERE last_name ~~ 'Zebulo%%' ORDER BY id", "Zebulo");
    p.literal("~~* literal", "SELECT id FROM %1$s WHERE email ~~* 'zebulon@%%' ORDER BY id", "zebulon@");
    p.literal("!~~* literal", "SELECT id FROM %1$s WHERE email !~~* 'zebulon@%%' ORDER BY id", "zebulon@");
    p.literal("SIMILAR TO literal", "SELECT id FROM %1$s WHERE last_name SIMILAR TO 'Zebulo%%' ORDER BY id", "Zebulo");
    p.literal("regex literal", "SELECT id FROM %1$s WHERE last_name ~ '^Zebulo' ORDER BY id", "Zebulo");
    p.literal("LIKE in select list", "SELECT id, last_name LIKE 'Zebulo%%' FROM %1$s ORDER BY id", "Zebulo");
    p.literal("LIKE in CASE", "SELECT id, CASE WHEN last_name LIKE 'Zebulo%%' THEN 1 END FROM %1$s ORDER BY id", "Zebulo");
    p.literal("LIKE in JOIN ON", "SELECT p.id FROM %1$s p JOIN %1$s q ON q.id = p.id AND q.last_name LIKE 'Zebulo%%' ORDER BY p.id");
    p.literal("LIKE in HAVING", "SELECT count(*) FROM %1$s GROUP BY note HAVING min(last_name) LIKE 'Zebulo%%'", "Zebulo");
    p.literal("LIKE in a boolean comparison", "SELECT id FROM %1$s WHERE (last_name LIKE 'Zebulo%%') = true ORDER BY id", "Zebulo");
    p.literal("LIKE IS NOT FALSE", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%' IS NOT FALSE ORDER BY id", "Zebulo");
    p.literal("LIKE under NOT", "SELECT id FROM %1$s WHERE NOT last_name LIKE 'Zebulo%%' ORDER BY id", "Zebulo");
    p.literal("LIKE literal on a deterministic column without search", "SELECT id FROM %1$s WHERE nick LIKE 'nick-Zebu%%' ORDER BY id",
        "nick-Zebu");
    p.literal("equality literal on search column", "SELECT id FROM %1$s WHERE last_name = 'Zebulon' ORDER BY id", "Zebulon");
    p.literal("IN literal on search column", "SELECT id FROM %1$s WHERE email IN ('Zebulon@Mail.example', 'Quentin@Mail.example') ORDER BY id");
    p.literal("lower() = lower() with E string", "SELECT id FROM %1$s WHERE lower(email) = lower(E'ZEBULON@mail.example') ORDER BY id",
        "ZEBULON@mail");
    p.assertNoProblems();
  }

  @Test
  @Order(6)
  void inlineLiteralsWithStandardConformingStringsOff() throws SQLException {
    RedTeam5Probes p = fresh();
    try (Statement v = p.vault.createStatement(); Statement q = p.plain.createStatement()) {
      v.execute("SET standard_conforming_strings = off");
      q.execute("SET standard_conforming_strings = off");
      try {
        p.literal("scs off: backslash quote", "SELECT id FROM %1$s WHERE last_name LIKE 'O\\'Zeal' ORDER BY id", "Zeal");
        p.literal("scs off: escaped percent", "SELECT id FROM %1$s WHERE last_name LIKE 'Zeb\\\\%%ra' ORDER BY id", "Zeb");
        p.literal("scs off: plain prefix", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%' ORDER BY id", "Zebulo");
        p.literal("scs off: ILIKE", "SELECT id FROM %1$s WHERE email ILIKE 'zebulon@%%' ORDER BY id", "zebulon@");
        p.literal("scs off: octal escape", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebul\\157n' ORDER BY id", "Zebul");
        p.literal("scs off: ESCAPE backslash doubled", "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%' ESCAPE '\\\\' ORDER BY id", "Zebulo");
        p.literal("scs off: tab escape", "SELECT id FROM %1$s WHERE last_name LIKE 'Zeb\\tTab' ORDER BY id", "Zeb\\tTab", "Zeb\tTab");
        p.prepared("scs off: parameter", "SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY id", "Zeb\\%%");
      } finally {
        v.execute("SET standard_conforming_strings = on");
        q.execute("SET standard_conforming_strings = on");
      }
    }
    p.assertNoProblems();
  }

  // ------------------------------------------------------------------ renamed columns, derived tables, CTEs, unions
  @Test
  @Order(7)
  void searchPredicatesOutsideWhere() {
    RedTeam5Probes p = fresh();
    String[] shapes = {
        "SELECT id FROM %1$s ORDER BY last_name LIKE ?, id",
        "SELECT count(*) FROM %1$s GROUP BY last_name LIKE ? ORDER BY 1",
        "SELECT count(*) FILTER (WHERE last_name LIKE ?) FROM %1$s",
        "SELECT id, count(*) OVER (PARTITION BY email ILIKE ?) FROM %1$s ORDER BY id",
        "SELECT id FROM %1$s WHERE CASE WHEN last_name LIKE ? THEN true ELSE false END ORDER BY id",
        "SELECT id FROM %1$s WHERE coalesce(last_name LIKE ?, false) ORDER BY id",
        "SELECT id FROM %1$s WHERE NOT (NOT (last_name LIKE ?)) ORDER BY id",
        "SELECT id FROM %1$s WHERE (email ILIKE ?) IS TRUE ORDER BY id",
        "SELECT id FROM %1$s WHERE last_name LIKE ? IS NOT TRUE ORDER BY id",
        "SELECT id FROM %1$s WHERE (last_name LIKE ?) <> false ORDER BY id",
        "SELECT id FROM %1$s WHERE last_name LIKE ALL (ARRAY[?]) ORDER BY id",
        "SELECT id FROM %1$s p WHERE last_name LIKE ? AND EXISTS (SELECT 1 FROM %1$s q WHERE q.email ILIKE p.last_name) ORDER BY id",
        "UPDATE %1$s SET note = 'upd' WHERE last_name LIKE ? RETURNING id, last_name LIKE 'x%%'",
        "DELETE FROM %1$s WHERE last_name LIKE ? AND id < 0 RETURNING id",
        "SELECT id FROM %1$s WHERE last_name LIKE ? FOR UPDATE",
        "SELECT array_agg(id ORDER BY id) FROM %1$s WHERE email ILIKE ?",
        "VALUES ((SELECT count(*) FROM %1$s WHERE last_name LIKE ?))",
        "SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY last_name, id",
        "SELECT id FROM %1$s WHERE id = ANY (SELECT id FROM %1$s WHERE last_name LIKE ?) ORDER BY id",
    };
    for (String shape : shapes) {
      p.prepared("outside WHERE " + shape, shape, "Zebu%");
    }
    p.assertNoProblems();
  }


  @Test
  @Order(17)
  void searchColumnsRenamedThroughDerivedTablesCtesAndLateral() {
    RedTeam5Probes p = fresh();
    String[][] shapes = {
        {"SELECT i FROM (SELECT id AS i, email AS x FROM %1$s) d WHERE x ILIKE ? ORDER BY i", "zebulon%"},
        {"SELECT i FROM (SELECT id AS i, last_name AS x FROM %1$s) d WHERE x LIKE ? ORDER BY i", "Zebu%"},
        {"SELECT i FROM (SELECT id, last_name FROM %1$s) d(i, x) WHERE x LIKE ? ORDER BY i", "Zebu%"},
        {"SELECT i FROM %1$s AS d(i, ln, em) WHERE em ILIKE ? ORDER BY i", "ZEBULON%"},
        {"SELECT i FROM %1$s AS d(i, ln, em) WHERE lower(em) = lower(?) ORDER BY i", "ZEBULON@mail.example"},
        {"WITH c(i, x) AS (SELECT id, email FROM %1$s) SELECT i FROM c WHERE x ILIKE ? ORDER BY i", "zebulon@%"},
        {"WITH c AS (SELECT id, last_name AS x FROM %1$s) SELECT id FROM c WHERE x NOT LIKE ? ORDER BY id", "Zebu%"},
        {"WITH c AS (SELECT id, email AS last_name FROM %1$s) SELECT id FROM c WHERE last_name ILIKE ? ORDER BY id", "zebulon@%"},
        {"SELECT id FROM (SELECT id, email AS last_name, last_name AS email FROM %1$s) s WHERE last_name ILIKE ? ORDER BY id", "zebulon@%"},
        {"SELECT id FROM (SELECT id, email AS last_name, last_name AS email FROM %1$s) s WHERE email LIKE ? ORDER BY id", "Zebulon%"},
        {"SELECT p.id FROM %1$s p, LATERAL (SELECT p.email AS e) l WHERE l.e ILIKE ? ORDER BY p.id", "zebulon%"},
        {"SELECT p.id FROM %1$s p CROSS JOIN LATERAL (SELECT q.last_name AS n FROM %1$s q WHERE q.id = p.id) l WHERE l.n LIKE ? ORDER BY p.id",
            "Zebu%"},
        {"SELECT id FROM %1$s WHERE id IN (SELECT id FROM %1$s WHERE email ILIKE ?) ORDER BY id", "zebulon@%"},
        {"SELECT id FROM %1$s p WHERE EXISTS (SELECT 1 FROM %1$s q WHERE q.id = p.id AND q.last_name LIKE ?) ORDER BY id", "Zebu%"},
        {"SELECT id FROM %1$s p WHERE EXISTS (SELECT 1 WHERE p.last_name LIKE ?) ORDER BY id", "Zebu%"},
        {"SELECT id FROM %1$s p WHERE (SELECT q.last_name FROM %1$s q WHERE q.id = p.id) LIKE ? ORDER BY id", "Zebu%"},
        {"SELECT id FROM %1$s p WHERE (SELECT q.email FROM %1$s q WHERE q.id = p.id) ILIKE ? ORDER BY id", "zebulon%"},
        {"SELECT id FROM %1$s WHERE last_name LIKE ? UNION ALL SELECT id FROM %1$s WHERE email ILIKE ? ORDER BY 1", "Zebu%", "quen%"},
        {"SELECT id FROM (SELECT id, last_name AS x FROM %1$s UNION ALL SELECT id + 1000, last_name FROM %1$s) u WHERE x LIKE ? ORDER BY id",
            "Zebu%"},
        {"SELECT id FROM (SELECT id, last_name AS x FROM %1$s UNION ALL SELECT id + 1000, email FROM %1$s) u WHERE x LIKE ? ORDER BY id",
            "Zebu%"},
        {"SELECT id FROM (SELECT id, last_name AS x FROM %1$s UNION ALL SELECT id + 1000, note FROM %1$s) u WHERE x LIKE ? ORDER BY id",
            "Zebu%"},
        {"SELECT id FROM (SELECT id, note AS x FROM %1$s UNION ALL SELECT id + 1000, last_name FROM %1$s) u WHERE x LIKE ? ORDER BY id",
            "Zebu%"},
        {"SELECT id FROM (SELECT id, last_name AS x FROM %1$s UNION ALL SELECT id + 1000, last_name FROM %3$s) u WHERE x LIKE ? ORDER BY id",
            "Zebu%"},
        {"SELECT id FROM (SELECT id, email AS x FROM %1$s UNION ALL SELECT id + 1000, email FROM %3$s) u WHERE x ILIKE ? ORDER BY id",
            "Zeb%"},
        {"SELECT id FROM (SELECT id, last_name AS x FROM %1$s UNION ALL SELECT 5000, ?) u WHERE x LIKE ? ORDER BY id", "Zebulon-union", "Zebu%"},
        {"SELECT id FROM (SELECT id, last_name AS x FROM %1$s UNION ALL SELECT 5000, NULL) u WHERE x LIKE ? ORDER BY id", "Zebu%"},
        {"SELECT id FROM (SELECT id, last_name AS x FROM %1$s WHERE last_name LIKE ?) d WHERE x NOT LIKE ? ORDER BY id", "Zeb%", "Zebu%"},
        {"SELECT d.id FROM (SELECT * FROM %1$s) d WHERE d.email ILIKE ? ORDER BY d.id", "zebulon@%"},
        {"SELECT id FROM (SELECT p.* FROM %1$s p) d WHERE last_name LIKE ? ORDER BY id", "Zebu%"},
        {"SELECT id FROM (SELECT DISTINCT id, last_name FROM %1$s) d WHERE last_name LIKE ? ORDER BY id", "Zebu%"},
        {"SELECT id FROM (SELECT id, coalesce(last_name, '') AS x FROM %1$s) d WHERE x LIKE ? ORDER BY id", "Zebu%"},
        {"SELECT id FROM (SELECT id, last_name::text AS x FROM %1$s) d WHERE x LIKE ? ORDER BY id", "Zebu%"},
        {"SELECT id FROM %1$s WHERE last_name LIKE ? AND email ILIKE ? ORDER BY id", "Zebu%", "ZEBU%"},
        {"SELECT id FROM %1$s WHERE last_name LIKE ? OR email ILIKE ? OR nick = ? ORDER BY id", "Zebu%", "quen%", "nick-O'Zeal"},
        {"SELECT p.id FROM %1$s p JOIN %2$s c ON c.last_name = p.last_name WHERE p.last_name LIKE ? ORDER BY p.id", "Zebu%"},
    };
    for (String[] shape : shapes) {
      Object[] parameters = java.util.Arrays.copyOfRange(shape, 1, shape.length);
      p.prepared("renamed " + shape[0], shape[0], parameters);
    }
    p.assertNoProblems();
  }

  @Test
  @Order(8)
  void copiesWithStarFromASearchTableKeepTheirTokens() throws SQLException {
    RedTeam5Probes p = fresh();
    String[] copies = {
        "INSERT INTO %2$s SELECT * FROM %1$s WHERE last_name LIKE ?",
        "INSERT INTO %2$s SELECT p.id + 100, p.last_name, p.email, p.nick, p.note FROM %1$s p WHERE email ILIKE ?",
        "WITH s AS (SELECT * FROM %1$s WHERE email ILIKE ?) INSERT INTO %2$s SELECT id + 200, last_name, email, nick, note FROM s",
        "INSERT INTO %2$s SELECT d.* FROM (SELECT id + 300, last_name, email, nick, note FROM %1$s WHERE last_name LIKE ?) d",
        "INSERT INTO %2$s SELECT * FROM (SELECT id + 400, last_name, email, nick, note FROM %1$s WHERE last_name LIKE ? UNION ALL"
            + " SELECT id + 500, last_name, email, nick, note FROM %1$s WHERE id = 1) u",
    };
    String[] patterns = {"Zebu%", "zebulon@%", "QUEN%", "Zeb%", "Zebulo%"};
    for (int i = 0; i < copies.length; i++) {
      p.prepared("copy " + copies[i], copies[i], patterns[i]);
    }
    // Copies whose source has another search layout, or no encryption, or whose target is plain: refused.
    p.refusedPrepared("copy into a column of another prefix-length", "INSERT INTO %3$s SELECT * FROM %1$s WHERE last_name LIKE ?", "Zebu%");
    p.refusedPrepared("copy from a column without search", "INSERT INTO %2$s SELECT id + 600, last_name, email, nick, note FROM %3$s");
    p.refusedPrepared("copy into a plain table", "INSERT INTO plain_people_short SELECT * FROM %1$s WHERE email ILIKE ?", "zebulon@%");
    p.refusedPrepared("copy a value in a derived table",
        "INSERT INTO %2$s (id, last_name) SELECT * FROM (SELECT 700, ?::text) v", "Zebulon-derived");
    p.refusedPrepared("copy email into last_name", "INSERT INTO %2$s (id, last_name) SELECT id + 800, email FROM %1$s WHERE email ILIKE ?",
        "zebulon@%");
    // The copy is searchable like the plain copy.
    for (String pattern : List.of("Zebu%", "zebu%", "Zebulon", "%", "Quen%", "Zeb\\%%", "")) {
      p.prepared("search the copy LIKE " + pattern, "SELECT id FROM %2$s WHERE last_name LIKE ? ORDER BY id", pattern);
      p.prepared("search the copy ILIKE " + pattern, "SELECT id FROM %2$s WHERE email ILIKE ? ORDER BY id", pattern);
      p.prepared("search the copy NOT ILIKE " + pattern, "SELECT id FROM %2$s WHERE email NOT ILIKE ? ORDER BY id", pattern);
    }
    p.prepared("copy decrypts like the plain copy", "SELECT id, last_name, email, nick FROM %2$s ORDER BY id");
    p.assertNoProblems();
    p.assertRawTableHoldsNoPlaintext("people_copy", RedTeam5Probes.NAMES);
  }

  @Test
  @Order(9)
  void insertSelectWithInlineLiteralsEncryptsThem() throws SQLException {
    RedTeam5Probes p = fresh();
    p.literal("insert select literal", "INSERT INTO %2$s (id, last_name, email) SELECT 1001, 'Zinnober-Literal', 'Zinnober@Literal.example'");
    p.literal("insert values literal with comment", "INSERT INTO %2$s (id, last_name, email) VALUES (1002, /* c */ 'Zinnober-Comment' /* c */,"
        + " 'zinnober@comment.example')");
    p.literal("insert E-string literal", "INSERT INTO %2$s (id, last_name) VALUES (1003, E'Zinnober\\'Estring')", "Zinnober", "Estring");
    p.literal("insert dollar-quoted literal", "INSERT INTO %2$s (id, last_name) VALUES (1004, $$Zinnober-Dollar$$)", "Zinnober-Dollar");
    p.literal("insert U& literal", "INSERT INTO %2$s (id, last_name) VALUES (1005, U&'Zinnober\\002dUnicode')", "Zinnober", "Unicode");
    p.literal("update with search literal", "UPDATE %2$s SET nick = 'nick-Zinnober-Update' WHERE last_name LIKE 'Zinnober%%'");
    p.literal("delete with search literal", "DELETE FROM %2$s WHERE email ILIKE 'zinnober@comm%%'");
    for (String pattern : List.of("Zinnober%", "Zinn%", "Zinnober-Literal", "%")) {
      p.prepared("search literal-written rows " + pattern, "SELECT id, nick FROM %2$s WHERE last_name LIKE ? ORDER BY id", pattern);
    }
    p.prepared("search literal-written rows ILIKE", "SELECT id FROM %2$s WHERE email ILIKE ? ORDER BY id", "ZINNOBER@%");
    p.assertNoProblems();
    p.assertRawTableHoldsNoPlaintext("people_copy", List.of("Zinnober-Literal", "Zinnober@Literal.example", "Zinnober-Comment",
        "Zinnober'Estring", "Zinnober-Dollar", "Zinnober-Unicode", "nick-Zinnober-Update"));
  }

  // ------------------------------------------------------------------ prefix-length boundaries, odd characters

  @Test
  @Order(10)
  void patternsAtThePrefixLengthBoundaryAndOddCharacters() {
    RedTeam5Probes p = fresh();
    List<String> patterns = new ArrayList<>(List.of(
        // email prefix-length 8: 7, 8, 9 characters
        "Zebulon%", "Zebulon@%", "Zebulon@M%", "zebulon%", "ZEBULON@%", "ZEBULON@M%", "Zebulon", "Zebulon@Mail.example",
        // last_name prefix-length 16: 15, 16, 17
        "Zebuloniusmaxim%", "Zebuloniusmaximu%", "Zebuloniusmaximus%", "Zebuloniusmaximus",
        // a 4-byte code point: 8 code points but 9 UTF-16 units, then 9 code points
        "Zeb\uD83D\uDE00moj%", "Zeb\uD83D\uDE00moji%", "Zeb\uD83D\uDE00%", "\uD83D\uDE00%", "\uD83D\uDE00Zebmoj%", "Zebulon\uD83D\uDE00%",
        "Zebulon\uD83D\uDE00x%",
        // empty, only wildcards, wildcards in the middle or at the start
        "", "%", "%%", "%%%", "_", "__%", "%_", "_%", "Ze%n", "%ebu%", "%ebulon", "Zeb%%", "Z_b%", "Zeb\\_ra", "Zeb\\%ra", "Zeb\\\\ra",
        "Zeb\\", "\\%", "\\\\%",
        // trailing spaces, control characters
        "Zeb  ", "Zeb ", "Zeb  %", "Zeb %", "Zeb\t%", "Zeb\tTab", "Zeb\n%", "Zeb\nLine", "Zeb\u0001%", "Zeb\u0001ctl",
        // combining marks and precomposed forms
        "Ze\u0301%", "Ze%", "Zé%", "Ze\u0301bede", "ZÉ%", "zé%", "ze\u0301%",
        // a lone surrogate, a question mark
        "\uD83D%", "?%", "?mark"));
    for (String pattern : patterns) {
      p.prepared("boundary LIKE last_name", "SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY id", pattern);
      p.prepared("boundary NOT LIKE last_name", "SELECT id FROM %1$s WHERE last_name NOT LIKE ? ORDER BY id", pattern);
      p.prepared("boundary LIKE email", "SELECT id FROM %1$s WHERE email LIKE ? ORDER BY id", pattern);
      p.prepared("boundary ILIKE email", "SELECT id FROM %1$s WHERE email ILIKE ? ORDER BY id", pattern);
      p.prepared("boundary NOT ILIKE email", "SELECT id FROM %1$s WHERE email NOT ILIKE ? ORDER BY id", pattern);
      p.prepared("boundary upper LIKE email", "SELECT id FROM %1$s WHERE upper(email) LIKE upper(?) ORDER BY id", pattern);
    }
    for (String value : List.of("Zebulon@Mail.example", "ZEBULON@MAIL.EXAMPLE", "", "Zeb  @Mail.example", "Zeb@Mail.example",
        "Zeb\uD83D\uDE00moji@mail.example", "ze\u0301bede@mail.example", "zébulon@mail.example", "?mark@mail.example")) {
      p.prepared("boundary lower() = email", "SELECT id FROM %1$s WHERE lower(email) = lower(?) ORDER BY id", value);
      p.prepared("boundary upper() <> email", "SELECT id FROM %1$s WHERE upper(email) <> upper(?) ORDER BY id", value);
    }
    p.assertNoProblems();
  }

  @Test
  @Order(11)
  void inlineLiteralsAtThePrefixLengthBoundary() {
    RedTeam5Probes p = fresh();
    for (String pattern : List.of("Zebulon%", "Zebulon@%", "Zebulon@M%", "Zeb\uD83D\uDE00moj%", "Zeb\uD83D\uDE00moji%", "", "%", "_%", "Zeb  %",
        "Ze\u0301%", "Zeb\\%%", "Zeb\\", "Zeb\tTab")) {
      String literal = pattern.replace("'", "''").replace("%", "%%");
      p.literal("literal boundary ILIKE", "SELECT id FROM %1$s WHERE email ILIKE '" + literal + "' ORDER BY id");
      p.literal("literal boundary LIKE email", "SELECT id FROM %1$s WHERE email LIKE '" + literal + "' ORDER BY id");
      p.literal("literal boundary NOT LIKE last_name", "SELECT id FROM %1$s WHERE last_name NOT LIKE '" + literal + "' ORDER BY id");
    }
    p.assertNoProblems();
  }

  // ------------------------------------------------------------------ parameter types and casts

  @Test
  @Order(12)
  void patternParametersOfOtherTypesAndCasts() throws SQLException {
    RedTeam5Probes p = fresh();
    p.prepared("pattern cast to text", "SELECT id FROM %1$s WHERE last_name LIKE ?::text ORDER BY id", "Zebu%");
    p.prepared("pattern cast varchar", "SELECT id FROM %1$s WHERE last_name LIKE CAST(? AS varchar) ORDER BY id", "Zebu%");
    p.prepared("pattern cast char(3)", "SELECT id FROM %1$s WHERE last_name LIKE ?::char(3) ORDER BY id", "Zebu%");
    p.prepared("pattern integer", "SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY id", 5);
    p.prepared("pattern concatenated", "SELECT id FROM %1$s WHERE last_name LIKE ? || '%%' ORDER BY id", "Zebu");
    p.prepared("pattern from a function", "SELECT id FROM %1$s WHERE last_name LIKE concat(?, '%%') ORDER BY id", "Zebu");
    p.prepared("pattern from a sub-query", "SELECT id FROM %1$s WHERE last_name LIKE (SELECT ?::text) ORDER BY id", "Zebu%");
    p.prepared("pattern array ANY", "SELECT id FROM %1$s WHERE last_name LIKE ANY (?) ORDER BY id", (Object) new String[] {"Zebu%", "Quen%"});
    p.prepared("pattern lower() of a cast", "SELECT id FROM %1$s WHERE lower(email) LIKE lower(?::text) ORDER BY id", "zebu%");
    p.prepared("pattern from a column", "SELECT id FROM %1$s WHERE last_name LIKE note ORDER BY id");
    p.prepared("pattern from another encrypted column", "SELECT id FROM %1$s WHERE last_name LIKE nick ORDER BY id");
    p.prepared("column of a cast", "SELECT id FROM %1$s WHERE last_name::text LIKE ? ORDER BY id", "Zebu%");
    p.prepared("column of a COLLATE", "SELECT id FROM %1$s WHERE last_name COLLATE \"C\" LIKE ? ORDER BY id", "Zebu%");
    // setNull, setString(null), and a null bound as an object, in each form
    for (String sql : List.of("SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY id", "SELECT id FROM %1$s WHERE email NOT ILIKE ? ORDER BY id",
        "SELECT id FROM %1$s WHERE lower(email) = lower(?) ORDER BY id", "SELECT id FROM %1$s WHERE (last_name LIKE ?) IS NULL ORDER BY id")) {
      p.prepared("null pattern", sql, (Object) null);
    }
    p.assertNoProblems();
  }

  @Test
  @Order(13)
  void aPatternParameterCastToVarcharOfALengthIsExactOrRefused() {
    RedTeam5Probes p = fresh();
    // PostgreSQL: 'Zebu%'::varchar(3) is 'Zeb', so LIKE finds the rows equal to 'Zeb' (ids 4 and 11): exact, or refused.
    p.prepared("pattern cast varchar(3)", "SELECT id FROM %1$s WHERE last_name LIKE ?::varchar(3) ORDER BY id", "Zebu%");
    p.prepared("pattern cast character varying(3)", "SELECT id FROM %1$s WHERE email ILIKE CAST(? AS character varying(8)) ORDER BY id",
        "zebulon@mail%");
    p.prepared("lower() value cast varchar(20)", "SELECT id FROM %1$s WHERE lower(email) = lower(?::varchar(20)) ORDER BY id",
        "ZEBULON@MAIL.EXAMPLE-and-more");
    p.assertNoProblems();
  }

  @Test
  @Order(14)
  void aValueParameterCastToVarcharOfALengthIsExactOrRefused() throws SQLException {
    RedTeam5Probes p = fresh();
    // PostgreSQL truncates 'Zebulon-xyz'::varchar(7) to 'Zebulon' and finds row 1; were the ciphertext bound, the server would
    // truncate that (no row, or a mangled value stored): exact, or refused.
    p.prepared("equality cast varchar(7)", "SELECT id FROM %1$s WHERE last_name = ?::varchar(7) ORDER BY id", "Zebulon-xyz");
    p.prepared("insert cast varchar(12)", "INSERT INTO %2$s (id, nick) VALUES (3001, ?::varchar(12))", "nick-Zebulon-cast");
    p.prepared("read it back", "SELECT id, nick FROM %2$s WHERE id = 3001");
    p.assertNoProblems();
  }

  @Test
  @Order(15)
  void aPatternCastToByteaIsRefusedAsPostgresqlRefusesIt() {
    RedTeam5Probes p = fresh();
    // The rewrite sends the envelope without the cast ("last_name ~ ?"): without the storage check, rows came back where
    // PostgreSQL raises 42883 (no text ~~ bytea, no lower(bytea)).
    p.prepared("pattern cast bytea", "SELECT id FROM %1$s WHERE last_name LIKE ?::bytea ORDER BY id", "Zebu%");
    p.prepared("pattern cast bytea, ILIKE", "SELECT id FROM %1$s WHERE email ILIKE CAST(? AS bytea) ORDER BY id", "zebu%");
    p.prepared("lower() value cast bytea", "SELECT id FROM %1$s WHERE lower(email) = lower(?::bytea) ORDER BY id", "zebulon@mail.example");
    p.assertNoProblems();
  }

  // ------------------------------------------------------------------ stale state on statements

  @Test
  @Order(20)
  void onePreparedStatementReExecutedWithSearchValuesRefusalsAndNulls() throws SQLException {
    RedTeam5Probes p = fresh();
    List<Object> values = java.util.Arrays.asList("Zebu%", "Quen%", "%ebu-refused", "Zebulon", null, "", "%", "Zeb\\%%", 5, "Zebu%",
        "Zebuloniusmaximus-too-long%", "Zeb_ra", "Zebu%");
    for (String sql : List.of("SELECT id FROM %1$s WHERE last_name LIKE ? ORDER BY id", "SELECT id FROM %1$s WHERE email ILIKE ? ORDER BY id",
        "SELECT id FROM %1$s WHERE last_name NOT LIKE ? ORDER BY id")) {
      try (PreparedStatement v = p.vault.prepareStatement(String.format(sql, (Object[]) RedTeam5Probes.VAULT_TABLES));
          PreparedStatement q = p.plain.prepareStatement(String.format(sql, (Object[]) RedTeam5Probes.PLAIN_TABLES))) {
        for (int round = 0; round < 2; round++) { // the second round runs past pgjdbc's prepareThreshold: a server-side statement
          for (Object value : values) {
            compareOn(p, sql + " " + value, v, q, value);
          }
        }
      }
    }
    p.assertNoProblems();
  }

  /** Executes {@code v} and {@code q} with {@code value} as parameter 1 (setObject, or setNull), compares, checks the log. */
  private static void compareOn(RedTeam5Probes p, String name, PreparedStatement v, PreparedStatement q, Object... values) throws SQLException {
    p.probes++;
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i + 1, java.sql.Types.VARCHAR);
        q.setNull(i + 1, java.sql.Types.VARCHAR);
      } else {
        v.setObject(i + 1, values[i]);
        q.setObject(i + 1, values[i]);
      }
    }
    long before = p.server.logSize();
    List<List<String>> actual = null;
    SQLException error = null;
    try {
      actual = v.execute() ? RedTeam5Probes.rows(v.getResultSet()) : List.of(List.of("count=" + v.getUpdateCount()));
    } catch (SQLException e) {
      error = e;
    }
    String logged = p.server.logSince(before);
    for (String needle : RedTeam5Probes.needlesOf("", values)) {
      if (logged.contains(needle) || error != null && String.valueOf(error.getMessage()).contains(needle)) {
        p.problems.add(name + ": plaintext '" + needle + "' in the log or message");
      }
    }
    List<List<String>> expected;
    try {
      expected = q.execute() ? RedTeam5Probes.rows(q.getResultSet()) : List.of(List.of("count=" + q.getUpdateCount()));
    } catch (SQLException e) {
      expected = null;
    }
    if (error != null) {
      if (expected != null && !RedTeam5Probes.refusal(error)) {
        p.problems.add(name + ": " + error.getSQLState() + " " + error.getMessage() + " where PostgreSQL answers " + expected);
      }
    } else if (!actual.equals(expected)) {
      p.problems.add(name + ": PostgreSQL " + expected + ", vault " + actual);
    }
  }

  @Test
  @Order(21)
  void batchesMixingSearchValuesAndRefusedPatterns() throws SQLException {
    RedTeam5Probes p = fresh();
    String update = "UPDATE %1$s SET note = ? WHERE last_name LIKE ?";
    try (PreparedStatement v = p.vault.prepareStatement(String.format(update, (Object[]) RedTeam5Probes.VAULT_TABLES));
        PreparedStatement q = p.plain.prepareStatement(String.format(update, (Object[]) RedTeam5Probes.PLAIN_TABLES))) {
      // an answerable batch
      for (String pattern : List.of("Zebu%", "Quen%", "Zebulon", "")) {
        for (PreparedStatement s : List.of(v, q)) {
          s.setString(1, "note-batch-" + pattern.length());
          s.setString(2, pattern);
          s.addBatch();
        }
      }
      long before = p.server.logSize();
      int[] actual = v.executeBatch();
      int[] expected = q.executeBatch();
      assertThat(actual).isEqualTo(expected);
      assertThat(p.server.logSince(before)).doesNotContain("Zebu").doesNotContain("Zebulon").doesNotContain("Quen");
      // a batch whose third pattern has no exact answer: refused as a whole, before anything is sent
      for (String pattern : List.of("Zebu%", "Quen%", "%ebu-refused", "Zeb%")) {
        v.setString(1, "note-batch2");
        v.setString(2, pattern);
        v.addBatch();
      }
      before = p.server.logSize();
      SQLException e = org.assertj.core.api.Assertions.catchThrowableOfType(v::executeBatch, SQLException.class);
      String logged = p.server.logSince(before);
      assertThat((Throwable) e).as("a batch with an unanswerable pattern").isNotNull();
      assertThat(e.getMessage()).doesNotContain("ebu-refused");
      assertThat(logged).doesNotContain("ebu-refused").doesNotContain("Zebu").doesNotContain("Quen");
      // the statement is usable again after the refused batch; the batch was cleared
      v.setString(1, "after");
      v.setString(2, "Quentin");
      q.setString(1, "after");
      q.setString(2, "Quentin");
      assertThat(v.executeUpdate()).isEqualTo(q.executeUpdate());
      p.prepared("notes after the batches", "SELECT id, note FROM %1$s ORDER BY id");
    }
    // a batch of inserts into the search columns, then searched
    String insert = "INSERT INTO %2$s (id, last_name, email) VALUES (?, ?, ?)";
    try (PreparedStatement v = p.vault.prepareStatement(String.format(insert, (Object[]) RedTeam5Probes.VAULT_TABLES));
        PreparedStatement q = p.plain.prepareStatement(String.format(insert, (Object[]) RedTeam5Probes.PLAIN_TABLES))) {
      long id = 2000;
      for (String name : List.of("Yolanda-batch", "yolanda-batch", "Yol", "Yolanda\uD83D\uDE00b")) {
        for (PreparedStatement s : List.of(v, q)) {
          s.setLong(1, id);
          s.setString(2, name);
          s.setString(3, name + "@Batch.example");
          s.addBatch();
        }
        id++;
      }
      assertThat(v.executeBatch()).isEqualTo(q.executeBatch());
    }
    for (String pattern : List.of("Yol%", "yol%", "Yolanda-batch", "YOLANDA%", "Yolanda\uD83D%")) {
      p.prepared("batch rows LIKE", "SELECT id FROM %2$s WHERE last_name LIKE ? ORDER BY id", pattern);
      p.prepared("batch rows ILIKE", "SELECT id FROM %2$s WHERE email ILIKE ? ORDER BY id", pattern);
    }
    // a plain Statement batch of UPDATEs with search literals
    try (Statement v = p.vault.createStatement(); Statement q = p.plain.createStatement()) {
      for (String each : List.of("UPDATE %s SET note = 'sb1' WHERE last_name LIKE 'Yolanda%%'",
          "UPDATE %s SET note = 'sb2' WHERE email ILIKE 'yolanda%%'", "UPDATE %s SET note = 'sb3' WHERE lower(email) = lower('YOL@batch.example')")) {
        v.addBatch(each.formatted("people_copy"));
        q.addBatch(each.formatted("plain_people_copy"));
      }
      // a literal the tokens cannot answer is refused by addBatch itself, and the batch keeps the others
      SQLException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
          () -> v.addBatch("UPDATE people_copy SET note = 'sb4' WHERE email ILIKE 'yolanda-batch%'"), SQLException.class);
      assertThat((Throwable) refused).isNotNull();
      assertThat(refused.getSQLState()).isEqualTo("0A000");
      assertThat(refused.getMessage()).doesNotContain("yolanda");
      v.addBatch("UPDATE people_copy SET note = 'sb5' WHERE last_name NOT LIKE 'Yol%'");
      q.addBatch("UPDATE plain_people_copy SET note = 'sb5' WHERE last_name NOT LIKE 'Yol%'");
      long before = p.server.logSize();
      assertThat(v.executeBatch()).isEqualTo(q.executeBatch());
      assertThat(p.server.logSince(before)).doesNotContain("Yolanda").doesNotContain("yolanda").doesNotContain("YOL@");
    }
    p.prepared("statement batch notes", "SELECT id, note FROM %2$s ORDER BY id");
    p.assertNoProblems();
    p.assertRawTableHoldsNoPlaintext("people_copy", List.of("Yolanda-batch", "yolanda-batch", "Yolanda\uD83D\uDE00b"));
  }

  @Test
  @Order(22)
  void aStatementReusedAcrossExecuteQueryExecuteAndErrors() throws SQLException {
    RedTeam5Probes p = fresh();
    try (Statement v = p.vault.createStatement(); Statement q = p.plain.createStatement()) {
      String[] sequence = {
          "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%' ORDER BY id",
          "SELECT id FROM %1$s WHERE last_name LIKE '%%ebulo-refused' ORDER BY id",
          "SELECT id FROM %1$s WHERE email ILIKE 'quentin@%%' ORDER BY id",
          "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%' AND 1 / (id - id) = 1",
          "SELECT id FROM %1$s WHERE email NOT ILIKE 'zebulon@%%' ORDER BY id",
          "UPDATE %1$s SET note = 'note-stmt' WHERE last_name LIKE 'Quenti%%'",
          "SELECT id, note FROM %1$s WHERE last_name LIKE 'Quenti%%' ORDER BY id",
          "SELECT id FROM %1$s WHERE lower(email) = lower('ZEBULON@mail.example') ORDER BY id",
          "SELECT id FROM %1$s WHERE email ILIKE 'zeb\uFB00-unfoldable%%' ORDER BY id",
          "SELECT id FROM %1$s WHERE last_name LIKE 'Zebulo%%' ORDER BY id",
      };
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < sequence.length; i++) {
          String vaultSql = String.format(sequence[i], (Object[]) RedTeam5Probes.VAULT_TABLES);
          String plainSql = String.format(sequence[i], (Object[]) RedTeam5Probes.PLAIN_TABLES);
          p.probes++;
          long before = p.server.logSize();
          Object actual;
          boolean useExecute = (i + round) % 2 == 0;
          try {
            actual = useExecute ? (v.execute(vaultSql) ? RedTeam5Probes.rows(v.getResultSet()) : v.getUpdateCount())
                : sequence[i].startsWith("UPDATE") ? v.executeUpdate(vaultSql) : RedTeam5Probes.rows(v.executeQuery(vaultSql));
          } catch (SQLException e) {
            actual = e;
          }
          String logged = p.server.logSince(before);
          for (String needle : RedTeam5Probes.needlesOf(sequence[i])) {
            if (logged.contains(needle) || actual instanceof SQLException e && String.valueOf(e.getMessage()).contains(needle)) {
              p.problems.add(vaultSql + ": plaintext '" + needle + "' in the log or message");
            }
          }
          Object expected;
          try {
            expected = useExecute ? (q.execute(plainSql) ? RedTeam5Probes.rows(q.getResultSet()) : q.getUpdateCount())
                : sequence[i].startsWith("UPDATE") ? q.executeUpdate(plainSql) : RedTeam5Probes.rows(q.executeQuery(plainSql));
          } catch (SQLException e) {
            expected = e;
          }
          if (actual instanceof SQLException e) {
            if (!(expected instanceof SQLException) && !RedTeam5Probes.refusal(e)) {
              p.problems.add(vaultSql + ": " + e.getSQLState() + " " + e.getMessage() + " where PostgreSQL answers " + expected);
            }
          } else if (!(expected instanceof SQLException) ? !actual.equals(expected) : true) {
            p.problems.add(vaultSql + ": PostgreSQL " + expected + ", vault " + actual);
          }
          // getMoreResults / getResultSet after the execution do not resurrect a stale result
          if (useExecute && !(actual instanceof SQLException)) {
            assertThat(v.getMoreResults()).isEqualTo(q.getMoreResults());
            assertThat(v.getUpdateCount()).isEqualTo(q.getUpdateCount());
          }
        }
      }
    }
    p.assertNoProblems();
  }

  @Test
  @Order(23)
  void aPreparedSearchAfterAServerErrorAndAfterAnUnfoldableValue() throws SQLException {
    RedTeam5Probes p = fresh();
    String sql = "SELECT id FROM %1$s WHERE email ILIKE ? AND 10 / ? > 0 ORDER BY id";
    try (PreparedStatement v = p.vault.prepareStatement(String.format(sql, (Object[]) RedTeam5Probes.VAULT_TABLES));
        PreparedStatement q = p.plain.prepareStatement(String.format(sql, (Object[]) RedTeam5Probes.PLAIN_TABLES))) {
      Object[][] runs = {{"zebulon@%", 1}, {"zebulon@%", 0}, {"quentin@%", 1}, {"zeb\uFB00x%", 1}, {"zebulon@%", 1}, {"zeb\uFB00x%", 0},
          {"%", 2}, {"zebulon@mail.example", 1}};
      for (int round = 0; round < 2; round++) {
        for (Object[] run : runs) {
          compareOn(p, "after error " + run[0] + "/" + run[1], v, q, run);
        }
      }
    }
    p.assertNoProblems();
  }

  @Test
  @Order(24)
  void theSamePatternTextAsSearchAndAsAValueInOneStatement() {
    RedTeam5Probes p = fresh();
    // The same text bound for a search parameter and for an equality parameter, and for a plain column.
    p.prepared("search and equality", "SELECT id FROM %1$s WHERE last_name LIKE ? OR last_name = ? ORDER BY id", "Zebu%", "Zebu%");
    p.prepared("search and nick equality", "SELECT id FROM %1$s WHERE email ILIKE ? OR nick = ? ORDER BY id", "quen%", "nick-Zebulon");
    p.prepared("search then plain", "SELECT id FROM %1$s WHERE last_name LIKE ? AND note <> ? ORDER BY id", "Zebu%", "note-x");
    p.prepared("search value used twice via a CTE", "WITH v(x) AS (SELECT ?::text) SELECT id FROM %1$s, v WHERE last_name LIKE v.x ORDER BY id",
        "Zebu%");
    p.prepared("IN list of searches", "SELECT id FROM %1$s WHERE last_name LIKE ? OR last_name LIKE ? OR email ILIKE ? ORDER BY id", "Zebu%",
        "Quen%", "o'zea%");
    p.assertNoProblems();
  }

  // ------------------------------------------------------------------ the whole log, the raw tables

  @Test
  @Order(100)
  void theWholeLogAndTheRawTableHoldNoStoredPlaintext() throws SQLException {
    List<String> plaintexts = new ArrayList<>();
    for (String name : RedTeam5Probes.NAMES) {
      if (name.length() >= 6 && !name.equals("Zeb--x") && !name.equals("Quinn$$")) {
        plaintexts.add(name);
      }
      String email = RedTeam5Probes.emailOf(name);
      if (email != null) {
        plaintexts.add(email);
      }
    }
    probes.assertRawTableHoldsNoPlaintext("people", plaintexts);
    probes.assertWholeLogHoldsNone(plaintexts);
    assertThat(server.linesContaining(" ~ ", 1)).as("a rewritten search reached the log").hasSize(1);
    assertThat(server.linesContaining("[.]", 1)).as("a token pattern reached the log").hasSize(1);
  }
}
