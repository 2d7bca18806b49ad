package dev.banata.vault.internal.crypto;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test vector of docs/FORMAT.md: a fenced block with the info string {@code vector} holding
 * {@code name = value} lines. {@link #main} prints fresh vectors from the code; the doc test parses
 * the document and checks them against the code.
 */
record FormatVector(Map<String, String> fields) {

  static final String FENCE = "```vector";

  String get(String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException("vector lacks '" + name + "': " + fields);
    }
    return value;
  }

  Mode mode() {
    return Mode.valueOf(get("mode"));
  }

  ValueType type() {
    return ValueType.valueOf(get("type"));
  }

  int version() {
    return Integer.parseInt(get("version"));
  }

  /** The value as the caller hands it in: BYTES as hex, everything else as the text the codec parses. */
  Object value() {
    String value = get("value");
    return type() == ValueType.BYTES ? Hex.decode(value) : value;
  }

  /** A ring holding just this vector's version, bound to its secret. */
  KeyRing ring() {
    MasterSecrets secrets = MasterSecrets.of(MasterSecret.create(get("secret")));
    return KeyRing.builder(secrets).add(new KeyVersion(version(), secrets.current().fingerprint())).primary(version()).build();
  }

  KeyPurpose purpose() {
    return mode() == Mode.DETERMINISTIC ? KeyPurpose.FIELD_DETERMINISTIC : KeyPurpose.FIELD_RANDOMIZED;
  }

  byte[] derivedKey() {
    return KeyDerivation.deriveKeyBytes(get("secret").getBytes(StandardCharsets.UTF_8), version(), purpose(), get("context"),
        mode() == Mode.DETERMINISTIC ? 64 : 32);
  }

  static List<FormatVector> parse(String markdown) {
    List<FormatVector> vectors = new ArrayList<>();
    Map<String, String> current = null;
    for (String line : markdown.split("\n", -1)) {
      if (current == null) {
        if (line.strip().equals(FENCE)) {
          current = new LinkedHashMap<>();
        }
      } else if (line.strip().equals("```")) {
        vectors.add(new FormatVector(current));
        current = null;
      } else if (!line.isBlank()) {
        int eq = line.indexOf('=');
        current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return vectors;
  }

  static String render(String secret, int version, Mode mode, String context, ValueType type, String value) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("secret", secret);
    f.put("fingerprint", MasterSecret.create(secret).fingerprint());
    f.put("version", Integer.toString(version));
    f.put("mode", mode.name());
    f.put("context", context);
    f.put("type", type.name());
    f.put("value", value);
    FormatVector partial = new FormatVector(f);
    f.put("key", Hex.encode(partial.derivedKey()));
    f.put("plaintext", Hex.encode(ValueCodec.encode(type, partial.value())));
    String text = FieldCipher.of(partial.ring()).encryptToText(mode, context, type, partial.value());
    f.put("binary", Hex.encode(Envelope.fromText(text)));
    f.put("text", text);
    StringBuilder out = new StringBuilder(FENCE).append('\n');
    f.forEach((k, v) -> out.append(String.format("%-11s = %s%n", k, v)));
    return out.append("```\n").toString();
  }

  /** Prints fresh vectors for docs/FORMAT.md. */
  public static void main(String[] args) {
    String a = "format-vector-secret-A-never-use-in-production";
    String b = "format-vector-secret-B-never-use-in-production";
    System.out.println(render(a, 1, Mode.RANDOMIZED, "customers.ssn", ValueType.TEXT, "123-45-6789"));
    System.out.println(render(a, 1, Mode.DETERMINISTIC, "customers.email", ValueType.TEXT, "alice@example.com"));
    System.out.println(render(b, 2, Mode.DETERMINISTIC, "customers.email", ValueType.TEXT, "alice@example.com"));
    System.out.println(render(a, 1, Mode.DETERMINISTIC, "pii", ValueType.INTEGER, "42"));
    System.out.println(render(a, 1, Mode.RANDOMIZED, "customers.birth_date", ValueType.DATE, "1990-05-17"));
    System.out.println(render(b, 300, Mode.DETERMINISTIC, "files.blob", ValueType.BYTES, "00ff10"));
    System.out.println(render(a, 1, Mode.RANDOMIZED, "orders.total", ValueType.DECIMAL, "-1234.50"));
    System.out.println(render(a, 1, Mode.DETERMINISTIC, "events.at", ValueType.TIMESTAMPTZ, "2024-02-29T12:34:56.789Z"));
  }
}
