package dev.banata.vault.internal.secrets;

import dev.banata.vault.VaultException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON text of flat string maps: the {@code metadata} of secrets and the {@code details} of audit
 * events. Only what those columns hold is supported (one object, string keys, string values); anything
 * else read back from the database is a {@code CORRUPT_ROW}, not guessed at.
 */
final class MetadataJson {

  private MetadataJson() {}

  static String write(Map<String, String> map) {
    StringBuilder out = new StringBuilder(16 + map.size() * 32).append('{');
    boolean first = true;
    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      quote(entry.getKey(), out);
      out.append(':');
      quote(entry.getValue(), out);
    }
    return out.append('}').toString();
  }

  /** Parses a flat JSON object of strings; null stays null. */
  static Map<String, String> read(String json) {
    if (json == null) {
      return null;
    }
    Parser parser = new Parser(json);
    Map<String, String> map = parser.object();
    parser.end();
    return Collections.unmodifiableMap(map);
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    Map<String, String> object() {
      Map<String, String> map = new LinkedHashMap<>();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        at++;
        return map;
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        String value = string();
        if (map.put(key, value) != null) {
          throw corrupt();
        }
        skipSpace();
        char next = next();
        if (next == '}') {
          return map;
        }
        if (next != ',') {
          throw corrupt();
        }
      }
    }

    void end() {
      skipSpace();
      if (at != text.length()) {
        throw corrupt();
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char escaped = next();
        switch (escaped) {
          case '"', '\\', '/' -> out.append(escaped);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (at + 4 > text.length()) {
              throw corrupt();
            }
            try {
              out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            } catch (NumberFormatException e) {
              throw corrupt();
            }
            at += 4;
          }
          default -> throw corrupt();
        }
      }
    }

    private void skipSpace() {
      while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
    }

    private char peek() {
      if (at >= text.length()) {
        throw corrupt();
      }
      return text.charAt(at);
    }

    private char next() {
      char c = peek();
      at++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        throw corrupt();
      }
    }

    private static VaultException corrupt() {
      return new VaultException(VaultException.Code.CORRUPT_ROW, "Stored vault JSON is not a flat object of strings");
    }
  }
}
