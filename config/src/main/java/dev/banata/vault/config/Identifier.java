package dev.banata.vault.config;

import java.util.Locale;
import java.util.Objects;

/**
 * A SQL identifier compared the way PostgreSQL compares them: an unquoted name is folded to lower
 * case ({@code Customers} = {@code customers}), a double-quoted one is kept exactly
 * ({@code "Customers"} &ne; {@code customers}).
 */
public final class Identifier implements Comparable<Identifier> {

  private final String name;

  private Identifier(String name) {
    this.name = name;
  }

  /** Parses one identifier as written in SQL or in {@code vault.yaml}: {@code email}, {@code "E-Mail"}. */
  public static Identifier of(String written) {
    Objects.requireNonNull(written, "identifier");
    String trimmed = written.trim();
    if (trimmed.length() >= 2 && trimmed.charAt(0) == '"' && trimmed.charAt(trimmed.length() - 1) == '"') {
      return new Identifier(trimmed.substring(1, trimmed.length() - 1).replace("\"\"", "\""));
    }
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("an identifier must not be empty");
    }
    return new Identifier(trimmed.toLowerCase(Locale.ROOT));
  }

  /** An identifier whose name is already exact (e.g. as reported by the database). */
  public static Identifier exact(String name) {
    return new Identifier(Objects.requireNonNull(name, "identifier"));
  }

  /** The name as the database stores it (folded or exact). */
  public String name() {
    return name;
  }

  /** The name written so that PostgreSQL reads it back as this identifier. */
  public String toSql() {
    boolean plain = !name.isEmpty() && (Character.isLowerCase(name.charAt(0)) || name.charAt(0) == '_');
    for (int i = 0; plain && i < name.length(); i++) {
      char c = name.charAt(i);
      plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }
    return plain ? name : '"' + name.replace("\"", "\"\"") + '"';
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Identifier that && name.equals(that.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public int compareTo(Identifier other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
