package dev.banata.vault.config;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every key of {@code vault.yaml}: the one list the loader accepts keys from (anything else is an
 * "unknown key" error) and the README's reference table is checked against. {@code <table>} and
 * {@code <column>} stand for names the user chooses.
 */
enum YamlKey {

  KEYS_SECRET_ENV("keys.secret-env", "BETTER_AUTH_SECRET", List.of(), "an environment variable name", false,
      "The environment variable holding the current master secret (at least 32 characters)."),
  KEYS_PREVIOUS_SECRETS_ENV("keys.previous-secrets-env", "BETTER_AUTH_SECRET_PREVIOUS", List.of(), "an environment variable name", false,
      "The environment variable holding earlier master secrets, comma-separated, still used for decryption."),
  TABLE_PRIMARY_KEY("tables.<table>.primary-key", null, List.of(), "a column name", false,
      "The table's primary key column, which rotate and encrypt-existing use to rewrite rows. Required."),
  COLUMN_MODE("tables.<table>.columns.<column>.mode", "randomized", names(Mode.values()), null, false,
      "How the column is encrypted; deterministic allows equality lookups and reveals which rows hold equal values."),
  COLUMN_CONTEXT("tables.<table>.columns.<column>.context", "<table>.<column>", List.of(), "text", false,
      "The cryptographic context; values encrypted under one context never decrypt under another."),
  COLUMN_TYPE("tables.<table>.columns.<column>.type", "text", valueTypes(), null, false,
      "The logical type the application reads and writes; the database column is text or bytea."),
  COLUMN_SCALE("tables.<table>.columns.<column>.scale", "as written", List.of(), "an integer, 0 to 1000", false,
      "For type decimal: the decimal places every value is stored with (10.5 becomes 10.50 with scale 2; more places are"
          + " refused). Required when the column is deterministic, so that equal numbers are equal."),
  COLUMN_SEARCH("tables.<table>.columns.<column>.search", "none", List.of("none", "prefix"), null, false,
      "prefix: LIKE 'abc%' is answered by the database through keyed prefix tokens stored with each value (exact, so"
          + " LIMIT/OFFSET and count stay right). Needs mode deterministic and type text; reveals which values share their"
          + " first 1 to prefix-length characters."),
  COLUMN_IGNORE_CASE("tables.<table>.columns.<column>.ignore-case", "false", List.of("false", "true"), null, false,
      "With search prefix: also ILIKE, lower(col) = lower(?) and upper(col) LIKE upper(?), through tokens of the lower-cased value."),
  COLUMN_PREFIX_LENGTH("tables.<table>.columns.<column>.prefix-length", "16", List.of(), "an integer, 1 to 64", false,
      "With search prefix: the longest prefix (in characters) a pattern may give; longer ones are refused. One token per"
          + " length is stored with every value."),
  ANNOTATED_CLASSES("annotated-classes", "[]", List.of(), "a list of class names", true,
      "Entity classes whose @Encrypted fields declare more columns."),
  ANNOTATED_PACKAGES("annotated-packages", "[]", List.of(), "a list of package names", true,
      "Packages (with sub-packages) scanned for classes with @Encrypted fields, without loading them."),
  ON_UNPARSEABLE_SQL("on-unparseable-sql", "reject", names(UnparseableSqlPolicy.values()), null, true,
      "SQL the parser cannot read: reject it when it names an encrypted table or column, or pass it through."),
  PLAINTEXT_READS("plaintext-reads", "reject", names(PlaintextReadPolicy.values()), null, true,
      "A value that is not ciphertext in an encrypted column: fail the read, or return it (while migrating).");

  private final String path;
  private final String defaultValue;
  private final List<String> allowedValues;
  private final String freeForm;
  private final boolean interpolated;
  private final String description;

  YamlKey(String path, String defaultValue, List<String> allowedValues, String freeForm, boolean interpolated, String description) {
    this.path = path;
    this.defaultValue = defaultValue;
    this.allowedValues = allowedValues;
    this.freeForm = freeForm;
    this.interpolated = interpolated;
    this.description = description;
  }

  /** The dotted path, e.g. {@code tables.<table>.columns.<column>.mode}. */
  public String path() {
    return path;
  }

  /** The default, or null when the key is required. */
  public String defaultValue() {
    return defaultValue;
  }

  /** The values it accepts, empty when it is free-form (see {@link #valueDescription()}). */
  public List<String> allowedValues() {
    return allowedValues;
  }

  /** What it accepts, in words: the allowed values joined with {@code |}, or e.g. "a column name". */
  public String valueDescription() {
    return allowedValues.isEmpty() ? freeForm : String.join(" | ", allowedValues);
  }

  /** True when {@code ${NAME}} and {@code ${NAME:-default}} are replaced by environment variables in its value. */
  public boolean interpolated() {
    return interpolated;
  }

  public String description() {
    return description;
  }

  /** The last segment: the key as written in the file. */
  public String keyName() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** The key for {@code path} (with {@code <table>}/{@code <column>} placeholders), if there is one. */
  static YamlKey ofPath(String path) {
    return Arrays.stream(values()).filter(key -> key.path.equals(path)).findFirst().orElse(null);
  }

  /**
   * The key names allowed directly under {@code parent} ("" for the top level), in schema order:
   * under {@code tables.<table>} these are {@code primary-key} and {@code columns}.
   */
  static Set<String> childrenOf(String parent) {
    String prefix = parent.isEmpty() ? "" : parent + ".";
    Set<String> children = new LinkedHashSet<>();
    for (YamlKey key : values()) {
      if (key.path.startsWith(prefix)) {
        String rest = key.path.substring(prefix.length());
        children.add(rest.split("\\.", 2)[0]);
      }
    }
    return children;
  }

  private static List<String> names(Enum<?>[] constants) {
    return Stream.of(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableList());
  }

  private static List<String> valueTypes() {
    return Stream.of(ValueType.values()).filter(t -> t != ValueType.AUTO)
        .map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableList());
  }
}
