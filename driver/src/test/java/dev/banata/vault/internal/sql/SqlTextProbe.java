package dev.banata.vault.internal.sql;

/** Test access to {@link SqlScanner} from other packages: what the server reads in a SQL text. */
public final class SqlTextProbe {

  private SqlTextProbe() {}

  /**
   * True when the server, reading {@code sql} with the given standard_conforming_strings, finds
   * {@code marker} inside a string constant of a statement that names the table and one of the
   * columns as identifiers (a statement about another table or column holds the marker as any
   * misspelt statement would).
   */
  public static boolean stringHolds(String sql, boolean standardConformingStrings, String marker, String table, String... columns) {
    ScannedSql scanned = SqlScanner.scan(sql, standardConformingStrings);
    boolean named = false;
    for (String column : columns) {
      named |= scanned.hasIdentifier(column);
    }
    if (!named || !scanned.hasIdentifier(table)) {
      return false;
    }
    return scanned.tokens().stream().anyMatch(t -> t.kind() == SqlToken.Kind.STRING && t.value().contains(marker));
  }
}
