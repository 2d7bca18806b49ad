package dev.banata.vault.config;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads {@code vault.yaml} into a {@link VaultConfig.Builder}. It walks snakeyaml-engine's node
 * tree rather than a map of values because every node knows its line: each error says
 * {@code <file>:<line>: <key>: <problem>}. The accepted keys come from {@link YamlKey}.
 *
 * <p>Error messages may quote names, modes and policy values from the file, never the value of an
 * environment variable, and never YAML's own snippet of the file (a secret pasted into the wrong
 * place must not travel into a log).
 */
final class YamlConfigReader {

  /**
   * A class or package name, how messages may show it (the written {@code ${VAR}} text when it came
   * from the environment), where it was written (a message prefix) and how a {@link Declaration}
   * names that place ({@code annotated-packages 'com.example' at vault.yaml:7}).
   */
  record Located(String value, String shown, String origin, String via) {}

  /** What the file asks to scan besides its own tables. */
  record AnnotationSources(List<Located> classes, List<Located> packages) {}

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern JAVA_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

  private final String file;
  private final EnvironmentInterpolation interpolation;
  private final VaultConfig.Builder into;
  private final List<Located> classes = new ArrayList<>();
  private final List<Located> packages = new ArrayList<>();

  private YamlConfigReader(String file, EnvironmentInterpolation interpolation, VaultConfig.Builder into) {
    this.file = file;
    this.interpolation = interpolation;
    this.into = into;
  }

  /** Adds the file's declarations to {@code into} and returns the classes and packages it names. */
  static AnnotationSources read(String text, String file, EnvironmentInterpolation interpolation, VaultConfig.Builder into) {
    YamlConfigReader reader = new YamlConfigReader(file, interpolation, into);
    reader.readDocument(text);
    return new AnnotationSources(List.copyOf(reader.classes), List.copyOf(reader.packages));
  }

  private void readDocument(String text) {
    LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build();
    Node root;
    try {
      Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
      if (!documents.hasNext()) {
        return;
      }
      root = documents.next();
      if (documents.hasNext()) {
        throw error(documents.next(), "(top level)", "the file holds more than one YAML document; keep only one");
      }
    } catch (MarkedYamlEngineException e) {
      // getProblem() without getMessage(): the message carries a snippet of the file's text.
      int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(1);
      throw new ConfigException(file + ":" + line + ": invalid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      throw new ConfigException(file + ": invalid YAML (" + e.getClass().getSimpleName() + ")");
    }
    if (isNull(root)) {
      return;
    }
    readTopLevel(mapping(root, ""));
  }

  private void readTopLevel(MappingNode root) {
    KeySettings keys = KeySettings.DEFAULT;
    for (NodeTuple entry : entries(root, "")) {
      String key = keyName(entry);
      Node value = entry.getValueNode();
      switch (key) {
        case "keys" -> keys = readKeys(value);
        case "tables" -> readTables(value);
        case "annotated-classes" -> classes.addAll(readNames(value, YamlKey.ANNOTATED_CLASSES));
        case "annotated-packages" -> packages.addAll(readNames(value, YamlKey.ANNOTATED_PACKAGES));
        case "on-unparseable-sql" -> into.onUnparseableSql(choice(value, YamlKey.ON_UNPARSEABLE_SQL, UnparseableSqlPolicy.class));
        case "plaintext-reads" -> into.plaintextReads(choice(value, YamlKey.PLAINTEXT_READS, PlaintextReadPolicy.class));
        default -> throw new IllegalStateException("YamlKey lists a top-level key the reader does not read: " + key);
      }
    }
    into.keys(keys);
  }

  private KeySettings readKeys(Node node) {
    String secretEnv = KeySettings.DEFAULT.secretEnv();
    String previousEnv = KeySettings.DEFAULT.previousSecretsEnv();
    if (isNull(node)) {
      return KeySettings.DEFAULT;
    }
    for (NodeTuple entry : entries(mapping(node, "keys"), "keys")) {
      String key = keyName(entry);
      YamlKey schemaKey = YamlKey.ofPath("keys." + key);
      String name = environmentVariableName(entry.getValueNode(), schemaKey);
      if (schemaKey == YamlKey.KEYS_SECRET_ENV) {
        secretEnv = name;
      } else {
        previousEnv = name;
      }
    }
    return new KeySettings(secretEnv, previousEnv);
  }

  private String environmentVariableName(Node node, YamlKey key) {
    String written = scalar(node, key.path());
    if (EnvironmentInterpolation.mentionsVariable(written)) {
      throw error(node, key.path(), "interpolation is not allowed here: write the name of the environment variable"
          + " itself (e.g. BETTER_AUTH_SECRET), never its value");
    }
    if (!ENV_NAME.matcher(written).matches()) {
      // Not echoed: a value that is not a variable name may be the secret itself, pasted by mistake.
      throw error(node, key.path(), "must be the name of an environment variable (letters, digits and _),"
          + " never the secret itself");
    }
    return written;
  }

  private void readTables(Node node) {
    if (isNull(node)) {
      return;
    }
    Set<Identifier> seen = new HashSet<>();
    for (NodeTuple entry : mapping(node, "tables").getValue()) {
      ScalarNode keyNode = keyScalar(entry, "tables");
      String written = keyNode.getValue();
      String path = "tables." + written;
      Identifier table = identifier(keyNode, written, path);
      if (!seen.add(table)) {
        throw error(keyNode, path, "table " + table + " is declared twice in this file");
      }
      readTable(written, path, keyNode, entry.getValueNode());
    }
  }

  private void readTable(String written, String path, Node keyNode, Node node) {
    if (isNull(node)) {
      throw error(keyNode, path, "declares no columns; add primary-key and columns, or remove the table");
    }
    VaultConfig.Builder.TableBuilder table = into.table(written, origin(keyNode, path));
    Node columns = null;
    Node columnsKey = null;
    for (NodeTuple entry : entries(mapping(node, path), "tables.<table>", path)) {
      String key = keyName(entry);
      String keyPath = path + "." + key;
      if (key.equals("primary-key")) {
        Node value = entry.getValueNode();
        String column = scalar(value, keyPath);
        noInterpolation(value, keyPath, "names are the same in every environment");
        identifier(value, column, keyPath);
        table.primaryKey(column, origin(value, keyPath));
      } else {
        columns = entry.getValueNode();
        columnsKey = entry.getKeyNode();
      }
    }
    if (columns == null || isNull(columns) || mapping(columns, path + ".columns").getValue().isEmpty()) {
      throw error(columnsKey == null ? keyNode : columnsKey, path + ".columns",
          "the table declares no encrypted columns; list them under columns");
    }
    Set<Identifier> seen = new HashSet<>();
    for (NodeTuple entry : mapping(columns, path + ".columns").getValue()) {
      ScalarNode columnKey = keyScalar(entry, path + ".columns");
      String columnName = columnKey.getValue();
      String columnPath = path + ".columns." + columnName;
      Identifier column = identifier(columnKey, columnName, columnPath);
      if (!seen.add(column)) {
        throw error(columnKey, columnPath, "column " + column + " is declared twice in this table");
      }
      readColumn(table, columnName, columnPath, columnKey, entry.getValueNode());
    }
  }

  private void readColumn(VaultConfig.Builder.TableBuilder table, String column, String path, Node keyNode, Node node) {
    Mode mode = Mode.RANDOMIZED;
    String context = null;
    ValueType type = ValueType.TEXT;
    OptionalInt scale = OptionalInt.empty();
    String search = "none";
    Boolean ignoreCase = null;
    Integer prefixLength = null;
    if (!isNull(node)) {
      for (NodeTuple entry : entries(mapping(node, path), "tables.<table>.columns.<column>", path)) {
        String key = keyName(entry);
        String keyPath = path + "." + key;
        Node value = entry.getValueNode();
        switch (key) {
          case "mode" -> mode = fixedChoice(value, keyPath, YamlKey.COLUMN_MODE, Mode.class);
          case "type" -> type = valueType(value, keyPath);
          case "context" -> context = context(value, keyPath);
          case "scale" -> scale = OptionalInt.of(scale(value, keyPath));
          case "search" -> search = fixedWord(value, keyPath, YamlKey.COLUMN_SEARCH);
          case "ignore-case" -> ignoreCase = Boolean.valueOf(fixedWord(value, keyPath, YamlKey.COLUMN_IGNORE_CASE));
          case "prefix-length" -> prefixLength = prefixLength(value, keyPath);
          default -> throw new IllegalStateException("YamlKey lists a column key the reader does not read: " + key);
        }
      }
    }
    SearchOptions options = SearchOptions.NONE;
    if (search.equals("prefix")) {
      options = SearchOptions.prefix(Boolean.TRUE.equals(ignoreCase), prefixLength == null ? SearchOptions.DEFAULT_PREFIX_LENGTH : prefixLength);
    } else if (ignoreCase != null || prefixLength != null) {
      throw error(keyNode, path, (ignoreCase != null ? "ignore-case" : "prefix-length") + " applies only with search: prefix");
    }
    table.column(column, mode, context, type, scale, options, origin(keyNode, path), new Declaration.InFile(file, line(keyNode), path));
  }

  /** One of a key's allowed words, as written (lower case). */
  private String fixedWord(Node value, String path, YamlKey key) {
    String written = scalar(value, path);
    noInterpolation(value, path, "a search setting that changes changes the stored values");
    if (!key.allowedValues().contains(written)) {
      throw error(value, path, "must be " + key.valueDescription() + ", not '" + written + "'");
    }
    return written;
  }

  private int prefixLength(Node value, String path) {
    String written = scalar(value, path);
    noInterpolation(value, path, "a prefix length that changes changes the stored values");
    int length = -1;
    if (!written.isEmpty() && written.length() <= 2 && written.chars().allMatch(c -> c >= '0' && c <= '9')) {
      length = Integer.parseInt(written);
    }
    if (length < 1 || length > SearchOptions.MAX_PREFIX_LENGTH) {
      throw error(value, path, "must be " + YamlKey.COLUMN_PREFIX_LENGTH.valueDescription() + ", not '" + written + "'");
    }
    return length;
  }

  private int scale(Node value, String path) {
    String written = scalar(value, path);
    noInterpolation(value, path, "a scale that changes changes the stored values");
    int scale = -1;
    if (!written.isEmpty() && written.length() <= 4 && written.chars().allMatch(c -> c >= '0' && c <= '9')) {
      scale = Integer.parseInt(written);
    }
    if (scale < 0 || scale > EncryptedColumn.MAX_SCALE) {
      throw error(value, path, "must be " + YamlKey.COLUMN_SCALE.valueDescription() + ", not '" + written + "'");
    }
    return scale;
  }

  private String context(Node value, String path) {
    String context = scalar(value, path);
    noInterpolation(value, path, "a context that changes makes the values stored under it unreadable");
    if (context.isEmpty()) {
      throw error(value, path, "is empty; leave the key out for the default <table>.<column>");
    }
    return context;
  }

  private ValueType valueType(Node value, String path) {
    String written = scalar(value, path);
    if (written.equalsIgnoreCase("auto")) {
      throw error(value, path, "type auto exists only in annotations, where the field's Java type decides;"
          + " write one of " + YamlKey.COLUMN_TYPE.valueDescription());
    }
    return fixedChoice(value, path, YamlKey.COLUMN_TYPE, ValueType.class);
  }

  private List<Located> readNames(Node node, YamlKey key) {
    if (isNull(node)) {
      return List.of();
    }
    if (!(node instanceof SequenceNode sequence)) {
      throw error(node, key.path(), "must be a list, e.g. [com.example.Customer]");
    }
    List<Located> names = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      String written = scalar(item, key.path());
      String where = location(item) + ": " + key.path();
      String name = interpolation.resolve(written, where);
      // An interpolated name is not echoed (it came from the environment); the written text is.
      String shown = name.equals(written) ? name : written;
      if (!JAVA_NAME.matcher(name).matches()) {
        throw error(item, key.path(), "'" + shown + "' is not a Java " + (key == YamlKey.ANNOTATED_CLASSES ? "class" : "package") + " name");
      }
      names.add(new Located(name, shown, where + " '" + shown + "'", key.path() + " '" + shown + "' at " + location(item)));
    }
    return names;
  }

  private <E extends Enum<E>> E choice(Node node, YamlKey key, Class<E> type) {
    String written = scalar(node, key.path());
    String value = interpolation.resolve(written, location(node) + ": " + key.path());
    E parsed = parse(value, type);
    if (parsed == null) {
      String shown = value.equals(written) ? "'" + value + "'" : "'" + written + "' resolves to a value that";
      throw error(node, key.path(), shown + " is not one of " + key.valueDescription());
    }
    return parsed;
  }

  private <E extends Enum<E>> E fixedChoice(Node node, String path, YamlKey key, Class<E> type) {
    String written = scalar(node, path);
    noInterpolation(node, path, "it decides how values are encrypted, which must be the same in every environment");
    E parsed = parse(written, type);
    if (parsed == null) {
      throw error(node, path, "unknown " + key.keyName() + " '" + written + "'; write one of " + key.valueDescription());
    }
    return parsed;
  }

  private static <E extends Enum<E>> E parse(String value, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.strip())) {
        return constant;
      }
    }
    return null;
  }

  private void noInterpolation(Node node, String path, String reason) {
    if (node instanceof ScalarNode scalar && EnvironmentInterpolation.mentionsVariable(scalar.getValue())) {
      throw error(node, path, "environment variables are not interpolated here: " + reason);
    }
  }

  private Identifier identifier(Node node, String written, String path) {
    String problem = IdentifierSyntax.problem(written);
    if (problem != null) {
      throw error(node, path, problem);
    }
    return Identifier.of(written);
  }

  /** The entries of a mapping whose keys are fixed by the schema, checking for unknown and repeated keys. */
  private List<NodeTuple> entries(MappingNode node, String schemaPath) {
    return entries(node, schemaPath, schemaPath);
  }

  private List<NodeTuple> entries(MappingNode node, String schemaPath, String path) {
    Set<String> allowed = YamlKey.childrenOf(schemaPath);
    Map<String, Node> seen = new HashMap<>();
    for (NodeTuple entry : node.getValue()) {
      ScalarNode keyNode = keyScalar(entry, path);
      String key = keyNode.getValue();
      String keyPath = path.isEmpty() ? key : path + "." + key;
      if (!allowed.contains(key)) {
        throw error(keyNode, keyPath, "unknown key '" + key + "'; allowed here: " + String.join(", ", allowed));
      }
      if (seen.put(key, keyNode) != null) {
        throw error(keyNode, keyPath, "the key is written twice");
      }
    }
    return node.getValue();
  }

  private ScalarNode keyScalar(NodeTuple entry, String path) {
    if (entry.getKeyNode() instanceof ScalarNode key && !isNull(key)) {
      return key;
    }
    throw error(entry.getKeyNode(), path, "keys must be plain names");
  }

  private static String keyName(NodeTuple entry) {
    return ((ScalarNode) entry.getKeyNode()).getValue();
  }

  private MappingNode mapping(Node node, String path) {
    if (node instanceof MappingNode mapping) {
      return mapping;
    }
    throw error(node, path.isEmpty() ? "(top level)" : path, "must be a mapping of keys to values");
  }

  private String scalar(Node node, String path) {
    if (isNull(node)) {
      throw error(node, path, "needs a value");
    }
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw error(node, path, "must be a single value, not a list or mapping");
  }

  private static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
  }

  private String origin(Node node, String path) {
    return location(node) + " (" + path + ")";
  }

  private String location(Node node) {
    return file + ":" + line(node);
  }

  private static int line(Node node) {
    return node == null ? 1 : node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
  }

  private ConfigException error(Node node, String path, String problem) {
    return new ConfigException(location(node) + ": " + path + ": " + problem);
  }
}
