package dev.banata.vault.config;

import java.util.Locale;

/**
 * The snake_case form of a Java name, the table or column name used when no annotation names one:
 * {@code birthDate} &rarr; {@code birth_date}, {@code CustomerOrder} &rarr; {@code customer_order},
 * {@code HTTPRequestLog} &rarr; {@code http_request_log}, {@code address2} &rarr; {@code address2}.
 */
final class SnakeCase {

  private SnakeCase() {}

  static String of(String javaName) {
    StringBuilder out = new StringBuilder(javaName.length() + 8);
    for (int i = 0; i < javaName.length(); i++) {
      char c = javaName.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char previous = javaName.charAt(i - 1);
        boolean nextIsLower = i + 1 < javaName.length() && Character.isLowerCase(javaName.charAt(i + 1));
        // A word starts at an upper-case letter after a lower-case letter or digit ("birthDate"), or at
        // the last capital of an acronym when a lower-case letter follows ("HTTPRequest" -> http_request).
        if (Character.isLowerCase(previous) || Character.isDigit(previous) || (Character.isUpperCase(previous) && nextIsLower)) {
          out.append('_');
        }
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
