package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/FORMAT.md's search-token vectors ({@code ```search-vector} blocks) hold: the derived
 * {@code field-prefix} key, the stored text (envelope and token section) re-created byte for byte,
 * its decryption, and the tokens a prefix, a whole value and a lower-cased value are searched by.
 * Also: a changed character anywhere in the token section fails decryption. {@link #main} prints
 * the vectors from the code.
 */
class SearchTokenVectorsTest {

  private static final String FENCE = "```search-vector";

  @Test
  void everySearchVectorInFormatMdMatchesTheCode() throws IOException {
    List<Map<String, String>> vectors = parse(document());
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(2);
    for (Map<String, String> v : vectors) {
      assertThat(render(v.get("secret"), Integer.parseInt(v.get("version")), v.get("context"), Integer.parseInt(v.get("prefix-length")),
          Boolean.parseBoolean(v.get("ignore-case")), v.get("value"), v.get("search"))).as(v.get("value")).isEqualTo(v);
      FieldCipher cipher = FieldCipher.of(ring(v.get("secret"), Integer.parseInt(v.get("version"))));
      assertThat(cipher.decrypt(v.get("stored"), Mode.DETERMINISTIC, v.get("context"), ValueType.TEXT)).isEqualTo(v.get("value"));
    }
  }

  @Test
  void everyChangedCharacterOfTheTokenSectionFailsDecryption() {
    KeyRing ring = ring("format-vector-secret-A-never-use-in-production", 1);
    FieldCipher cipher = FieldCipher.of(ring);
    String stored = cipher.encryptToText(Mode.DETERMINISTIC, "people.last_name", ValueType.TEXT, "Davis", new PrefixIndex(4, true));
    int section = stored.indexOf('.');
    for (int i = section; i < stored.length(); i++) {
      for (char c : new char[] {'a', '7', '.', 'A', '_'}) {
        if (stored.charAt(i) == c) {
          continue;
        }
        String changed = stored.substring(0, i) + c + stored.substring(i + 1);
        assertThatThrownBy(() -> cipher.decrypt(changed, Mode.DETERMINISTIC, "people.last_name", ValueType.TEXT)).as(changed)
            .isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
      }
    }
    for (String changed : List.of(stored.substring(0, stored.length() - 17), stored + stored.substring(section, section + 17),
        stored.substring(0, section), stored.substring(0, section) + ".", stored + ".")) {
      assertThatThrownBy(() -> cipher.decrypt(changed, Mode.DETERMINISTIC, "people.last_name", ValueType.TEXT)).as(changed)
          .isInstanceOf(CryptoException.class).hasMessage("Decryption failed");
    }
  }

  private static KeyRing ring(String secret, int version) {
    MasterSecrets secrets = MasterSecrets.of(MasterSecret.create(secret));
    return KeyRing.builder(secrets).add(new KeyVersion(version, secrets.current().fingerprint())).primary(version).build();
  }

  /** The vector of these inputs, computed by the code; {@code search} is the prefix (or value) searched for. */
  static Map<String, String> render(String secret, int version, String context, int prefixLength, boolean ignoreCase, String value,
      String search) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("secret", secret);
    v.put("version", Integer.toString(version));
    v.put("context", context);
    v.put("prefix-length", Integer.toString(prefixLength));
    v.put("ignore-case", Boolean.toString(ignoreCase));
    v.put("value", value);
    v.put("key", Hex.encode(KeyDerivation.deriveKeyBytes(secret.getBytes(StandardCharsets.UTF_8), version, KeyPurpose.FIELD_PREFIX,
        context, 32)));
    FieldCipher cipher = FieldCipher.of(ring(secret, version));
    v.put("stored", cipher.encryptToText(Mode.DETERMINISTIC, context, ValueType.TEXT, value, new PrefixIndex(prefixLength, ignoreCase)));
    v.put("search", search);
    int length = search.codePointCount(0, search.length());
    v.put("token-prefix", cipher.searchTokens(context, search, length, false).get(0));
    v.put("token-exact", cipher.searchTokens(context, value, 0, false).get(0));
    if (ignoreCase) {
      v.put("token-prefix-lower", cipher.searchTokens(context, search, length, true).get(0));
      v.put("token-exact-lower", cipher.searchTokens(context, value, 0, true).get(0));
    }
    return v;
  }

  private static String document() throws IOException {
    Path doc = Path.of("..", "docs", "FORMAT.md");
    return Files.readString(Files.exists(doc) ? doc : Path.of("docs", "FORMAT.md"));
  }

  private static List<Map<String, String>> parse(String markdown) {
    List<Map<String, String>> vectors = new ArrayList<>();
    Map<String, String> current = null;
    for (String line : markdown.split("\n", -1)) {
      if (line.equals(FENCE)) {
        current = new LinkedHashMap<>();
      } else if (current != null && line.equals("```")) {
        vectors.add(current);
        current = null;
      } else if (current != null) {
        int equals = line.indexOf(" = ");
        current.put(line.substring(0, equals).trim(), line.substring(equals + 3));
      }
    }
    return vectors;
  }

  public static void main(String[] args) {
    for (Map<String, String> v : List.of(
        render("format-vector-secret-A-never-use-in-production", 1, "customers.last_name", 4, false, "Davis", "Dav"),
        render("format-vector-secret-A-never-use-in-production", 2, "customers.email", 3, true, "Ann@Example.com", "ANN"))) {
      StringBuilder out = new StringBuilder(FENCE).append('\n');
      int width = v.keySet().stream().mapToInt(String::length).max().orElse(0);
      v.forEach((k, value) -> out.append(String.format("%-" + width + "s = %s%n", k, value)));
      System.out.println(out.append("```\n"));
    }
  }
}
