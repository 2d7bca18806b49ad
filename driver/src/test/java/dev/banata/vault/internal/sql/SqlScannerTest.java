package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.sql.SqlToken.Form;
import dev.banata.vault.internal.sql.SqlToken.Kind;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SqlScanner} reads SQL text as PostgreSQL (behind pgjdbc) does. Each nested class is one
 * class of inputs; {@code SqlScannerAgreesWithPostgresTest} asks the real server the same
 * questions for generated inputs.
 */
class SqlScannerTest {

  private static ScannedSql on(String sql) {
    return SqlScanner.scan(sql, true);
  }

  /** Kinds of the tokens, comments included, as one string: "IDENTIFIER OPERATOR NUMBER". */
  private static String kinds(ScannedSql scanned) {
    return scanned.tokens().stream().map(t -> t.kind().name()).collect(Collectors.joining(" "));
  }

  private static List<String> texts(ScannedSql scanned) {
    return scanned.tokens().stream().map(t -> t.text(scanned.sql())).toList();
  }

  private static String onlyString(String sql, boolean standard) {
    ScannedSql scanned = SqlScanner.scan(sql, standard);
    assertThat(scanned.problem()).as("problem reading %s", sql).isNull();
    List<SqlToken> strings = scanned.tokens().stream().filter(t -> t.kind() == Kind.STRING).toList();
    assertThat(strings).as("string literals in %s", sql).hasSize(1);
    return strings.get(0).value();
  }

  @Nested
  class Comments {

    @Test
    void slashSlashIsAnOperatorFollowedByABlockComment() {
      ScannedSql scanned = on("update customers set id = 4 //* */ 2, email = $$secret$$ where id = 2");
      assertThat(texts(scanned)).containsSubsequence("4", "/", "/* */", "2", ",", "email", "=", "$$secret$$");
      assertThat(scanned.tokens().get(6).kind()).isEqualTo(Kind.OPERATOR);
      assertThat(scanned.tokens().get(7).kind()).isEqualTo(Kind.BLOCK_COMMENT);
    }

    @Test
    void blockCommentsNest() {
      ScannedSql scanned = on("select /* a /* b */ c */ 1 /* /* */ */ , 2");
      assertThat(kinds(scanned)).isEqualTo("IDENTIFIER BLOCK_COMMENT NUMBER BLOCK_COMMENT PUNCTUATION NUMBER");
      assertThat(texts(scanned).get(1)).isEqualTo("/* a /* b */ c */");
    }

    @Test
    void commentStartsEndAnOperator() {
      assertThat(texts(on("select 1 +-- x\n 2"))).containsExactly("select", "1", "+", "-- x", "2");
      assertThat(texts(on("select 1 </* x */ 2"))).containsExactly("select", "1", "<", "/* x */", "2");
      assertThat(texts(on("select 1 */ 2"))).containsExactly("select", "1", "*/", "2");
    }

    @Test
    void starsAndSlashesInsideAComment() {
      assertThat(kinds(on("/***/ /*/ */ /* **/ 1"))).isEqualTo("BLOCK_COMMENT BLOCK_COMMENT BLOCK_COMMENT NUMBER");
      assertThat(kinds(on("/*/**/*/ 1"))).isEqualTo("BLOCK_COMMENT NUMBER");
    }

    @Test
    void lineCommentEndsAtNewlineOrCarriageReturn() {
      assertThat(texts(on("select 1 -- a 'b' /* \r 2 -- c\n3"))).containsExactly("select", "1", "-- a 'b' /* ", "2", "-- c", "3");
    }

    @Test
    void unterminatedCommentIsAProblemWithoutText() {
      ScannedSql scanned = on("select 1 /* /* */ secret");
      assertThat(scanned.problem()).isEqualTo("unterminated /* comment at offset 9");
    }
  }

  @Nested
  class Strings {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'it''s'|it's",
        "'a\\b'|a\\b",
        "'M\\\\x'|M\\\\x",
        "''|",
        "N'x'|x",
        "n'it''s'|it's",
    })
    void standardStringsKeepBackslashes(String literal, String value) {
      assertThat(onlyString("select " + literal, true)).isEqualTo(value == null ? "" : value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "E'\\''|'",
        "e'a\\\\b'|a\\b",
        "E'\\q\\x\\8'|qx8",
        "E'\\101\\x41\\u0041\\U00000041'|AAAA",
        "E'\\xC3\\xA9'|é",
        "E'\\303\\251'|é",
        "E'\\uD83D\\uDE00'|😀",
        "E'\\x4a1'|J1",
        "E'\\1011'|A1",
        "E'it''s'|it's",
    })
    void escapeStringsDecodeBackslashes(String literal, String value) {
      assertThat(onlyString("select " + literal, true)).isEqualTo(value);
    }

    @Test
    void controlCharacterEscapes() {
      assertThat(onlyString("select E'\\n\\t\\r\\b\\f'", true)).isEqualTo("\n\t\r\b\f");
    }

    @Test
    void withStandardConformingStringsOffOrdinaryStringsEscape() {
      assertThat(onlyString("select 'M\\\\x'", false)).isEqualTo("M\\x");
      assertThat(onlyString("select 'a\\'b'", false)).isEqualTo("a'b");
      assertThat(onlyString("select N'a\\'b'", false)).isEqualTo("a'b");
      // and the same text reads as two tokens and a stray quote with it on
      assertThat(on("select 'a\\'b'").problem()).startsWith("unterminated quoted string");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "E'\\xC3'",
        "E'\\0'",
        "E'\\u12'",
        "E'\\uD83D'",
        "E'\\uDE00'",
        "E'\\U00110000'",
        "E'abc",
        "'abc",
        "E'abc\\",
    })
    void escapesTheServerRefusesAreProblems(String literal) {
      assertThat(on("select " + literal).problem()).isNotNull().doesNotContain("abc");
    }

    @Test
    void stringsContinueAcrossANewline() {
      assertThat(onlyString("select 'a'\n'b'", true)).isEqualTo("ab");
      assertThat(onlyString("select 'a' -- c\n  'b'", true)).isEqualTo("ab");
      assertThat(onlyString("select E'a\\n'\r\n'\\t'", true)).isEqualTo("a\n\t");
      // no newline, or a block comment: not a continuation
      assertThat(kinds(on("select 'a' 'b'"))).isEqualTo("IDENTIFIER STRING STRING");
      assertThat(kinds(on("select 'a' /* */\n'b'"))).isEqualTo("IDENTIFIER STRING BLOCK_COMMENT STRING");
    }

    @Test
    void dollarQuotes() {
      assertThat(onlyString("select $$it's \\ $x$$", true)).isEqualTo("it's \\ $x");
      assertThat(onlyString("select $tag$a$$b$tag$", true)).isEqualTo("a$$b");
      assertThat(onlyString("select $a$x$b$y$a$", true)).isEqualTo("x$b$y");
      assertThat(onlyString("select $é_1$x$é_1$", true)).isEqualTo("x");
      assertThat(onlyString("select $Tag$x$tag$ $Tag$", true)).isEqualTo("x$tag$ ");
      assertThat(kinds(on("select $1, $12"))).isEqualTo("IDENTIFIER PARAMETER PUNCTUATION PARAMETER");
      assertThat(kinds(on("select a$b$ from t"))).isEqualTo("IDENTIFIER IDENTIFIER IDENTIFIER IDENTIFIER");
      assertThat(kinds(on("select $a + 1"))).isEqualTo("IDENTIFIER OTHER IDENTIFIER OPERATOR NUMBER");
      assertThat(on("select $x$ never closed").problem()).startsWith("unterminated dollar-quoted string");
    }

    @Test
    void unicodeStringsAndUescape() {
      assertThat(onlyString("select U&'n\\0031'", true)).isEqualTo("n1");
      assertThat(onlyString("select u&'\\+01F600\\\\'", true)).isEqualTo("😀\\");
      assertThat(onlyString("select U&'\\D83D\\DE00'", true)).isEqualTo("😀");
      ScannedSql uescape = on("select U&'!0061!!\\0061' /* x */ UESCAPE '!'");
      assertThat(uescape.tokens().get(1).value()).isEqualTo("a!\\0061");
      assertThat(on("select U&'\\0061' UESCAPE 'a'").problem()).startsWith("invalid Unicode escape character");
      assertThat(on("select U&'\\0061' UESCAPE 1").problem()).startsWith("UESCAPE without");
      assertThat(on("select U&'\\006'").problem()).startsWith("invalid Unicode escape");
      assertThat(SqlScanner.scan("select U&'a'", false).problem()).startsWith("U&'...' with standard_conforming_strings off");
    }

    @Test
    void bitStrings() {
      ScannedSql scanned = on("select B'0101', x'1F', b'1''0'");
      assertThat(scanned.tokens().get(1)).extracting(SqlToken::form, SqlToken::value).containsExactly(Form.BIT, "0101");
      assertThat(scanned.tokens().get(3)).extracting(SqlToken::form, SqlToken::value).containsExactly(Form.HEX, "1F");
      // B'1''0' is B'1' followed by the string '0'
      assertThat(kinds(scanned)).endsWith("STRING STRING");
    }

    @Test
    void aTokenNeverShowsItsValue() {
      SqlToken token = on("select 'secret-value'").tokens().get(1);
      assertThat(token.toString()).doesNotContain("secret");
    }
  }

  @Nested
  class Identifiers {

    @Test
    void foldedQuotedAndUnicode() {
      ScannedSql scanned = on("select Email, \"E\"\"mail\", U&\"\\0073sn\", U&\"!0073sn\" UESCAPE '!', ÉCOLE from T");
      List<String> names = scanned.tokens().stream()
          .filter(t -> t.kind() == Kind.IDENTIFIER || t.kind() == Kind.QUOTED_IDENTIFIER).map(SqlToken::value).toList();
      assertThat(names).containsExactly("select", "email", "E\"mail", "ssn", "ssn", "uescape", "École", "from", "t");
      assertThat(scanned.hasIdentifier("ssn")).isTrue();
    }

    @Test
    void truncatedTo63BytesAsTheServerDoes() {
      String longName = "a".repeat(70);
      assertThat(on("select " + longName).tokens().get(1).value()).hasSize(63);
      // two-byte characters are not split
      assertThat(on("select \"" + "é".repeat(40) + "\"").tokens().get(1).value()).isEqualTo("é".repeat(31));
    }

    @Test
    void zeroLengthQuotedIdentifierIsAProblem() {
      assertThat(on("select \"\" from t").problem()).startsWith("zero-length");
    }
  }

  @Nested
  class Operators {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a ~~ b|~~",
        "a<>b|<>",
        "a !~* b|!~*",
        "j #>> k|#>>",
        "a @- b|@-",
    })
    void longestRunIsOneOperator(String expression, String operator) {
      ScannedSql scanned = on(expression.replace("?", "??"));
      assertThat(scanned.tokens().get(1)).extracting(SqlToken::kind, SqlToken::value).containsExactly(Kind.OPERATOR, operator);
    }

    @Test
    void trailingPlusOrMinusIsAnOperatorOfItsOwn() {
      assertThat(texts(on("a=-1"))).containsExactly("a", "=", "-", "1");
      assertThat(texts(on("a*-+1"))).containsExactly("a", "*", "-", "+", "1");
      assertThat(texts(on("a @- 1"))).containsExactly("a", "@-", "1");
    }

    @Test
    void specialTwoCharacterTokens() {
      assertThat(texts(on("a::text := 1..2"))).containsExactly("a", "::", "text", ":=", "1", "..", "2");
    }
  }

  @Nested
  class JdbcMarkers {

    @Test
    void markersAreCountedAsPgjdbcCountsThem() {
      assertThat(on("select ? , ?::text, a=?").markerCount()).isEqualTo(3);
      assertThat(on("select '?', \"?\", $$?$$, E'\\'?', -- ?\n /* ? */ ?").markerCount()).isEqualTo(1);
      assertThat(on("select j ?? 'k'").markerCount()).isZero();
      assertThat(on("select j ??? ").markerCount()).isEqualTo(1);
      assertThat(on("select a <? ").markerCount()).isEqualTo(1);
    }

    @Test
    void escapedQuestionMarkIsSentAsOneOperatorCharacter() {
      ScannedSql scanned = on("select j ??| array['a']");
      assertThat(scanned.tokens().get(2)).extracting(SqlToken::kind, SqlToken::value).containsExactly(Kind.OPERATOR, "?|");
      assertThat(texts(scanned).get(2)).isEqualTo("??|");
    }
  }

  @Nested
  class StatementBoundaries {

    @Test
    void semicolonsOutsideCommentsAndStrings() {
      assertThat(on("select 4 //* */ 2; insert into customers (email) values ('x')").statementCount()).isEqualTo(2);
      assertThat(on("select ';' -- ;\n /* ; */ ;").statementCount()).isEqualTo(1);
      assertThat(on("select 1;;  ; /* */").statementCount()).isEqualTo(1);
      assertThat(on("select /* ; /* ; */ ; */ 1").statementCount()).isEqualTo(1);
    }
  }

  @Nested
  class VersionDependentText {

    @Test
    void numbersFollowedByLettersAndVerticalTabs() {
      assertThat(on("select 0x1F").versionDependent()).isNotNull();
      assertThat(on("select 1_000").versionDependent()).isNotNull();
      assertThat(on("select 1\u000b").versionDependent()).isNotNull();
      assertThat(on("select 1e5, 1.5, .5, x1").versionDependent()).isNull();
    }
  }

  @Test
  void numbers() {
    assertThat(texts(on("select 1.5e3, 1., .5, 1e, 1e+, 2E-2"))).containsExactly("select", "1.5e3", ",", "1.", ",", ".5", ",", "1", "e",
        ",", "1", "e", "+", ",", "2E-2");
  }
}
