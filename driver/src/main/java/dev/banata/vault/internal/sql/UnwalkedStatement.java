package dev.banata.vault.internal.sql;

import static dev.banata.vault.internal.sql.Rejection.Reason.SERVER_SIDE_CODE;
import static dev.banata.vault.internal.sql.Rejection.Reason.STATEMENT_SHAPE;

import java.util.List;

/**
 * The forms of statement the analysis decides by their leading keywords, as the server reads them,
 * without walking them: each either hands the server SQL or code that it runs later, elsewhere or
 * on every row (a view's query, a function's body, a rule, a trigger, a {@code DO} block, a
 * {@code PREPARE}d statement), moves rows as stored ({@code COPY}), or only names tables without
 * reading or writing a value (privileges and maintenance).
 *
 * <p>What the server computes in the first kind is out of the driver's sight: a view read later
 * returns the stored ciphertext as data, a function or rule computes on it, {@code EXECUTE} sends
 * its arguments as written. So each is refused when it names an encrypted table (see
 * {@link EncryptedNames#tableNamedIn}; a {@link #POLICY}, when it names an encrypted column), and sent as written otherwise; {@link #CALL} is also sent
 * with a warning, because the procedure it runs may read or write an encrypted table the text does
 * not name.
 */
enum UnwalkedStatement {

  VIEW(SERVER_SIDE_CODE, "a view over it (reading the view would return what the server computes from the stored ciphertext, as data;"
      + " query the table through the driver, or create the view on a connection without the vault if it selects no encrypted column)",
      false),
  FUNCTION(SERVER_SIDE_CODE, "a function or procedure body that names it (the server runs the body on ciphertext, out of the driver's sight;"
      + " send that SQL through the driver instead, or create it on a connection without the vault if it reads and writes no encrypted column)",
      true),
  DO_BLOCK(SERVER_SIDE_CODE, "a DO block that names it (the server runs the block on ciphertext, out of the driver's sight;"
      + " send its statements through the driver one by one, or run it on a connection without the vault if it reads and writes no encrypted column)",
      true),
  RULE(SERVER_SIDE_CODE, "a rule on or naming it (the server rewrites statements with it, out of the driver's sight;"
      + " create it on a connection without the vault if it reads and writes no encrypted column)",
      false),
  TRIGGER(SERVER_SIDE_CODE, "a trigger on it (its function runs on the ciphertext in NEW and OLD, out of the driver's sight;"
      + " create it on a connection without the vault after checking that its function neither computes on nor copies an encrypted column)",
      false),
  /**
   * A row-level security policy: its expressions run on every row, on what is stored. A policy that
   * names no encrypted column (the usual tenant or owner check) computes on plain data only, so it is
   * refused only when it names an encrypted column, of any table.
   */
  POLICY(SERVER_SIDE_CODE, "a row-level security policy over it (the server evaluates the policy on the stored ciphertext; write the policy"
      + " over plain columns such as a tenant or owner id)", false),
  COPY(STATEMENT_SHAPE, "COPY (it moves rows as the server stores them: ciphertext out as data, plaintext in unencrypted;"
      + " read and write through the driver with SELECT and INSERT, or load without the vault and run vault-admin encrypt-existing)",
      false),
  PREPARE(STATEMENT_SHAPE, "PREPARE (EXECUTE would send its arguments as written, unencrypted; use a JDBC PreparedStatement, which the driver encrypts)",
      false),
  /** A procedure call: nothing of it is walked; the procedure may do anything. Refused only when it names an encrypted table. */
  CALL(SERVER_SIDE_CODE, "CALL naming it (the procedure runs on ciphertext, out of the driver's sight; send its SQL through the driver instead)", false),
  /**
   * Privileges and maintenance ({@code GRANT}, {@code REVOKE}, {@code LOCK}, {@code VACUUM},
   * {@code ANALYZE}, {@code REINDEX}, {@code CLUSTER}): they name tables and columns, never a value,
   * and compute nothing that comes back as data. Sent as written even when they name an encrypted table.
   */
  NAMES_ONLY(null, null, false);

  /** Warned once per runtime when a {@link #CALL} is sent: what it runs is out of the driver's sight. */
  static final String CALL_WARNING = "CALL runs a procedure on the server: what it reads, writes or returns is out of the driver's"
      + " sight (values it is given are sent as written, results are not decrypted)";

  /** Warned once per runtime when a statement with a function in FROM is sent. */
  static final String FUNCTION_IN_FROM_WARNING = "a function in FROM returns whatever the server computes: the driver does not know"
      + " its columns and decrypts none of them";

  private static final List<String> NAMES_ONLY_KEYWORDS = List.of("grant", "revoke", "lock", "vacuum", "analyze", "analyse", "reindex", "cluster");

  private final Rejection.Reason reason;
  private final String refusal;
  private final boolean bodiesInStrings;

  UnwalkedStatement(Rejection.Reason reason, String refusal, boolean bodiesInStrings) {
    this.reason = reason;
    this.refusal = refusal;
    this.bodiesInStrings = bodiesInStrings;
  }

  /** The reason of the {@link Rejection} when the statement names an encrypted table; null for {@link #NAMES_ONLY}. */
  Rejection.Reason reason() {
    return reason;
  }

  /** The operation a {@link Rejection} names when the statement names an encrypted table; null for {@link #NAMES_ONLY}. */
  String refusal() {
    return refusal;
  }

  /**
   * True when the form carries its body as a string constant ({@code AS $$ ... $$}, {@code DO $$ ... $$}),
   * whose text the server reads as SQL later: its names count as the statement's own.
   */
  boolean bodiesInStrings() {
    return bodiesInStrings;
  }

  /** The form of {@code scanned} (one statement), read from its first keywords; null for every other statement. */
  static UnwalkedStatement of(ScannedSql scanned) {
    List<String> words = leadingWords(scanned, 4);
    if (words.isEmpty()) {
      return null;
    }
    String first = words.get(0);
    if (NAMES_ONLY_KEYWORDS.contains(first)) {
      return NAMES_ONLY;
    }
    switch (first) {
      case "do" -> {
        return DO_BLOCK;
      }
      case "copy" -> {
        return COPY;
      }
      case "call" -> {
        return CALL;
      }
      case "alter" -> {
        return words.size() > 1 && words.get(1).equals("policy") ? POLICY : null;
      }
      case "prepare" -> {
        // PREPARE TRANSACTION is two-phase commit, not a statement to run later.
        return words.size() > 1 && words.get(1).equals("transaction") ? null : PREPARE;
      }
      case "create" -> {
        for (String word : words.subList(1, words.size())) {
          switch (word) {
            case "or", "replace", "temp", "temporary", "recursive", "materialized", "constraint", "trusted", "procedural" -> { }
            case "view" -> {
              return VIEW;
            }
            case "function", "procedure" -> {
              return FUNCTION;
            }
            case "rule" -> {
              return RULE;
            }
            case "policy" -> {
              return POLICY;
            }
            case "trigger" -> {
              return TRIGGER;
            }
            default -> {
              return null;
            }
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Up to {@code count} leading unquoted words, comments aside. A JDBC call escape's opening
   * ({@code {call ...}}, {@code {? = call ...}}) is skipped: pgjdbc turns it into the call itself.
   */
  private static List<String> leadingWords(ScannedSql scanned, int count) {
    List<String> words = new java.util.ArrayList<>(count);
    boolean start = true;
    for (SqlToken token : scanned.tokens()) {
      if (token.isComment()) {
        continue;
      }
      if (start && words.isEmpty() && (token.kind() == SqlToken.Kind.OTHER && token.text(scanned.sql()).equals("{")
          || token.kind() == SqlToken.Kind.JDBC_MARKER || token.kind() == SqlToken.Kind.OPERATOR && "=".equals(token.value()))) {
        continue;
      }
      start = false;
      if (token.kind() != SqlToken.Kind.IDENTIFIER) {
        break;
      }
      words.add(token.value());
      if (words.size() == count) {
        break;
      }
    }
    return words;
  }
}
