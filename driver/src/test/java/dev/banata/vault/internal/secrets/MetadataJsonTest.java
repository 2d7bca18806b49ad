package dev.banata.vault.internal.secrets;

import dev.banata.vault.VaultException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {

  @Test
  void writesAndReadsBackEveryCharacter() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("plain", "value");
    map.put("quote\"", "back\\slash/");
    map.put("controls", "\b\f\n\r\t\u0001\u001f");
    map.put("unicode", "é 漢字 \uD83D\uDD11");
    map.put("empty", "");

    assertThat(MetadataJson.read(MetadataJson.write(map))).containsExactlyEntriesOf(map);
  }

  @Test
  void readsWhatPostgresPrintsForJsonb() {
    assertThat(MetadataJson.read("{\"a\": \"1\", \"b\": \"\\u0001\\\"x\\\"\"}")).containsExactly(Map.entry("a", "1"), Map.entry("b", "\u0001\"x\""));
    assertThat(MetadataJson.read("{}")).isEmpty();
    assertThat(MetadataJson.read(null)).isNull();
  }

  @Test
  void refusesAnythingButAFlatObjectOfStrings() {
    for (String json : new String[] {"{\"a\": 1}", "{\"a\": {\"b\": \"c\"}}", "[\"a\"]", "{\"a\": \"b\"", "{\"a\": \"b\"} x",
        "{\"a\": \"b\", \"a\": \"c\"}", "{\"a\": \"\\q\"}", "{\"a\": \"\\u12\"}", ""}) {
      assertThatThrownBy(() -> MetadataJson.read(json)).as(json).isInstanceOf(VaultException.class)
          .hasMessage("Stored vault JSON is not a flat object of strings");
    }
  }
}
