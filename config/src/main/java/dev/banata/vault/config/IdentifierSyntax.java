package dev.banata.vault.config;

import java.util.regex.Pattern;

/**
 * Whether a table or column name as written in {@code vault.yaml} or an annotation is one SQL
 * identifier: a plain name ({@code customers}, {@code birth_date}) or a double-quoted one
 * ({@code "Customers"}). {@link Identifier#of} would accept {@code public.customers} as one odd
 * name that never matches the SQL the driver sees, so the sources check first.
 */
final class IdentifierSyntax {

  private static final Pattern PLAIN = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

  private IdentifierSyntax() {}

  /** Null when {@code written} is a valid identifier, else what to tell the user. */
  static String problem(String written) {
    String trimmed = written.strip();
    boolean quoted = trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"");
    if (quoted ? trimmed.length() > 2 : PLAIN.matcher(trimmed).matches()) {
      return null;
    }
    String hint = trimmed.contains(".") && !quoted
        ? "; write the table without its schema (the driver matches the name in the connection's schemas)"
        : "; quote it to use it exactly, e.g. '\"" + trimmed.replace("\"", "") + "\"'";
    return "'" + written + "' is not a valid SQL identifier" + hint;
  }
}
