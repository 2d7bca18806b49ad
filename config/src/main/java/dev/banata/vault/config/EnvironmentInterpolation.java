package dev.banata.vault.config;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} with environment variables, in the values
 * of the few keys where a value legitimately differs between environments (policies, where to find
 * annotated classes; see {@link YamlKey#interpolated()}). Like a shell, {@code :-} also applies when
 * the variable is set but empty.
 *
 * <p>It is deliberately not used for key settings (they hold the <em>names</em> of the variables
 * with secrets, and a secret pulled in by mistake would end up in error messages), nor for names,
 * modes, types and contexts (a value that changes between environments would make stored
 * ciphertext unreadable or silently unprotected).
 */
final class EnvironmentInterpolation {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Function<String, String> environment;

  EnvironmentInterpolation(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  static boolean mentionsVariable(String text) {
    return text.contains("${");
  }

  /**
   * The text with every reference replaced. {@code where} prefixes error messages, which name the
   * variable and never its value.
   */
  String resolve(String text, String where) {
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder resolved = new StringBuilder();
    int end = 0;
    while (matcher.find()) {
      String before = text.substring(end, matcher.start());
      if (before.contains("${")) {
        throw malformed(where);
      }
      resolved.append(before);
      String name = matcher.group(1);
      String fallback = matcher.group(2);
      String value = environment.apply(name);
      if (value == null || value.isEmpty()) {
        if (fallback == null) {
          throw new ConfigException(where + ": environment variable " + name + " is not set and ${" + name + "} has no default (write ${"
              + name + ":-value})");
        }
        value = fallback;
      }
      resolved.append(value);
      end = matcher.end();
    }
    String rest = text.substring(end);
    if (rest.contains("${")) {
      throw malformed(where);
    }
    return resolved.append(rest).toString();
  }

  private static ConfigException malformed(String where) {
    return new ConfigException(where + ": malformed variable reference; write ${NAME} or ${NAME:-default}");
  }
}
