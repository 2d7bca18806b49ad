package dev.banata.vault.internal.sql;

/**
 * {@code ALTER TABLE [IF EXISTS] [ONLY] table {ENABLE | DISABLE | FORCE | NO FORCE} ROW LEVEL SECURITY},
 * which JSqlParser 5.3 cannot read: it names a table and switches its policies on or off, and holds
 * no value and no computation. Recognised on {@link SqlScanner}'s tokens; anything more is not this
 * form and stays unparseable.
 */
final class RowSecuritySwitch {

  private RowSecuritySwitch() {}

  /** True when {@code scanned} is exactly one such statement (a trailing {@code ;} allowed). */
  static boolean matches(ScannedSql scanned) {
    if (!scanned.readable()) {
      return false;
    }
    TokenCursor tokens = new TokenCursor(scanned);
    if (!tokens.word("alter") || !tokens.word("table") || tokens.word("if") && !tokens.word("exists")) {
      return false;
    }
    tokens.word("only");
    if (!tokens.qualifiedName()) {
      return false;
    }
    boolean switched = tokens.word("enable") || tokens.word("disable") || tokens.word("force") || tokens.word("no") && tokens.word("force");
    return switched && tokens.word("row") && tokens.word("level") && tokens.word("security") && tokens.end();
  }
}
