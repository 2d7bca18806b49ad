package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's "Configuration reference" tables are exactly what {@link ConnectionProperty} and
 * {@link YamlKey} say, so the documentation cannot drift from the code. On failure the message
 * holds the expected tables, ready to paste.
 */
class ReadmeConfigurationReferenceTest {

  private static final String HEADING = "## Configuration reference";

  @Test
  void theReadmeListsEveryConnectionPropertyAndEveryYamlKeyAsTheCodeDefinesThem() throws IOException {
    List<String> expected = new ArrayList<>(connectionPropertyTable());
    expected.addAll(yamlKeyTable());

    assertThat(tableLines(readmeSection()))
        .as("README.md tables under '%s'; expected:%n%s%n", HEADING, String.join("\n", expected))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void everyYamlKeyOfTheSchemaIsReadByTheLoader() {
    // A key listed in YamlKey (and so in the README) that the reader did not handle would fail here.
    Path file = writeEveryKey();
    VaultConfig config = VaultConfigLoader.load(ConfigFiles.properties(file), getClass().getClassLoader(), name -> null);

    assertThat(config.keys()).isEqualTo(new KeySettings("S", "P"));
    assertThat(config.plaintextReads()).isEqualTo(PlaintextReadPolicy.ALLOW);
    assertThat(config.onUnparseableSql()).isEqualTo(UnparseableSqlPolicy.PASSTHROUGH);
    assertThat(config.column(Identifier.of("t"), Identifier.of("c")).orElseThrow().context()).isEqualTo("x");
    assertThat(config.column(Identifier.of("t"), Identifier.of("c")).orElseThrow().search()).isEqualTo(SearchOptions.prefix(true, 8));
    assertThat(config.table(Identifier.of("customers"))).isPresent();
    assertThat(config.table(Identifier.of("patients"))).isPresent();
  }

  static List<String> connectionPropertyTable() {
    List<String> lines = new ArrayList<>();
    lines.add("| property | default | allowed values | description |");
    lines.add("|---|---|---|---|");
    for (ConnectionProperty property : ConnectionProperty.values()) {
      lines.add("| `" + property.propertyName() + "` | " + (property.defaultValue() == null ? "—" : code(property.defaultValue()))
          + " | " + (property.allowedValues().isEmpty() ? "free-form" : codes(property.allowedValues())) + " | "
          + property.description() + " |");
    }
    return lines;
  }

  static List<String> yamlKeyTable() {
    List<String> lines = new ArrayList<>();
    lines.add("| key | default | allowed values | `${VAR}` | description |");
    lines.add("|---|---|---|---|---|");
    for (YamlKey key : YamlKey.values()) {
      lines.add("| `" + key.path() + "` | " + (key.defaultValue() == null ? "required" : code(key.defaultValue())) + " | "
          + (key.allowedValues().isEmpty() ? key.valueDescription() : codes(key.allowedValues())) + " | "
          + (key.interpolated() ? "yes" : "no") + " | " + key.description() + " |");
    }
    return lines;
  }

  private static String code(String value) {
    return "`" + value + "`";
  }

  private static String codes(List<String> values) {
    return values.stream().map(ReadmeConfigurationReferenceTest::code).collect(Collectors.joining(", "));
  }

  private static List<String> readmeSection() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
    int start = lines.indexOf(HEADING);
    assertThat(start).as("README.md has a heading '%s'", HEADING).isNotNegative();
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("## ")) {
      end++;
    }
    return lines.subList(start + 1, end);
  }

  private static List<String> tableLines(List<String> section) {
    return section.stream().filter(line -> line.startsWith("|")).map(String::strip).toList();
  }

  private Path writeEveryKey() {
    try {
      Path file = Files.createTempFile("vault", ".yaml");
      file.toFile().deleteOnExit();
      return Files.writeString(file, """
          keys:
            secret-env: S
            previous-secrets-env: P
          tables:
            t:
              primary-key: id
              columns:
                c: { mode: deterministic, context: x, type: text, search: prefix, ignore-case: true, prefix-length: 8 }
          annotated-classes: [dev.banata.vault.config.fixtures.entities.jpa.Patient]
          annotated-packages: [dev.banata.vault.config.fixtures.entities.plain]
          on-unparseable-sql: passthrough
          plaintext-reads: allow
          """);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
