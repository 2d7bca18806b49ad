package dev.banata.vault.config;

/**
 * What makes an explicit context usable. The context is part of key derivation and of the
 * associated data, so it must survive being copied between a YAML file, an annotation and a
 * terminal unchanged: no invisible leading or trailing space, no control characters, and short
 * enough to read in an error message.
 */
final class ContextRule {

  static final int MAX_LENGTH = 200;

  private ContextRule() {}

  /** Throws a {@link ConfigException} naming {@code origin} and {@code column} when {@code context} is not usable. */
  static void check(String context, String origin, String column) {
    String problem = problem(context);
    if (problem != null) {
      throw new ConfigException(origin + ": the context of column " + column + " " + problem);
    }
  }

  private static String problem(String context) {
    if (context.isBlank()) {
      return "is blank; leave it out for the default table.column";
    }
    if (!context.strip().equals(context)) {
      return "starts or ends with white space, which would be part of the key derivation";
    }
    if (context.length() > MAX_LENGTH) {
      return "is longer than " + MAX_LENGTH + " characters";
    }
    if (context.chars().anyMatch(Character::isISOControl)) {
      return "contains a control character";
    }
    if (context.contains("${")) {
      return "contains '${': contexts are never interpolated, because a context that changes makes stored values unreadable";
    }
    return null;
  }
}
