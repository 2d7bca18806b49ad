package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.crypto.CaseFold;
import dev.banata.vault.testing.StatementLoggingPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Red team 5's harness: a PostgreSQL that logs every statement with its bind values, a table
 * {@code people} written through the vault driver and its twin {@code plain_people} holding the same
 * rows in the clear (written and read over connections whose statements and errors stay out of the
 * log). A probe runs one query on both and is fine when the vault gives the same rows, or refuses
 * (0A000, 22023) — and in every case when the server's log while the vault ran it, and the vault's
 * exception message, hold none of the probe's plaintexts.
 */
final class RedTeam5Probes implements AutoCloseable {

  static final String CONFIG = """
      tables:
        people:
          primary-key: id
          columns:
            last_name: { mode: deterministic, context: rt5-last, search: prefix }
            email:     { mode: deterministic, context: rt5-email, search: prefix, ignore-case: true, prefix-length: 8 }
            nick:      { mode: deterministic, context: rt5-nick }
        people_copy:
          primary-key: id
          columns:
            last_name: { mode: deterministic, context: rt5-last, search: prefix }
            email:     { mode: deterministic, context: rt5-email, search: prefix, ignore-case: true, prefix-length: 8 }
            nick:      { mode: deterministic, context: rt5-nick }
        people_short:
          primary-key: id
          columns:
            last_name: { mode: deterministic, context: rt5-last }
            email:     { mode: deterministic, context: rt5-email, search: prefix, ignore-case: true, prefix-length: 4 }
            nick:      { mode: deterministic, context: rt5-nick }
      """;

  /** The table pairs: {@code %1$s} people, {@code %2$s} people_copy, {@code %3$s} people_short. */
  static final String[] VAULT_TABLES = {"people", "people_copy", "people_short"};
  static final String[] PLAIN_TABLES = {"plain_people", "plain_people_copy", "plain_people_short"};

  /**
   * Last names (id = index + 1); the e-mail is the name + "@Mail.example" where the frozen case folding covers it.
   * Boundaries of prefix-length 8 on the e-mail (Zebulon@ is 8), control characters, a 4-byte code point before
   * and at the boundary, combining marks, trailing spaces, the wildcard and escape characters.
   */
  static final List<String> NAMES = List.of("Zebulon", "zebulon", "ZEBULON", "Zeb", "Zebra Quinn", "Zeb%ra", "Zeb_ra", "Zeb\\ra",
      "O'Zeal", "Zeb  ", "Zeb", "Zeb\tTab", "Zeb\nLine", "Zeb\u0001ctl", "Zeb\uD83D\uDE00moji", "\uD83D\uDE00Zebmoji", "Ze\u0301bede",
      "Zébulon", "ZÉBULON", "", "Quentin", "Quen", "Zebuloniusmaximus", "Zebulo", "Zebulon!", "Zebulonx", "?mark", "Zebuloni",
      "Zebulon\uD83D\uDE00x", "Quinn$$", "Zeb'ulon", "Zeb/*c*/", "Zeb--x");

  static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");

  final StatementLoggingPostgres server;
  final Path config;
  final Connection vault;
  final Connection plain;
  final List<String> problems = new ArrayList<>();
  int probes;
  int refusals;
  int answered;

  RedTeam5Probes(StatementLoggingPostgres server, Path dir, String urlSuffix) throws Exception {
    this.server = server;
    this.config = Files.writeString(dir.resolve("vault.yaml"), CONFIG);
    this.plain = quietConnection(server);
    try (Statement s = plain.createStatement()) {
      for (String[] tables : List.of(VAULT_TABLES, PLAIN_TABLES)) {
        for (String table : tables) {
          s.execute("DROP TABLE IF EXISTS " + table);
          s.execute("CREATE TABLE " + table + " (id int8 PRIMARY KEY, last_name text, email text, nick text, note text)");
        }
      }
    }
    this.vault = vault(server, config, urlSuffix);
  }

  /** A connection whose statements, and errors, stay out of the log: the plain twin's reads and writes. */
  static Connection quietConnection(StatementLoggingPostgres server) throws SQLException {
    Connection connection = server.unloggedConnection();
    try (Statement s = connection.createStatement()) {
      s.execute("SET log_min_error_statement = panic");
      s.execute("SET log_min_messages = panic");
      s.execute("SET log_parameter_max_length_on_error = 0");
    }
    return connection;
  }

  static Connection vault(StatementLoggingPostgres server, Path config, String urlSuffix) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", server.user());
    properties.setProperty("vault.config", config.toString());
    return DriverManager.getConnection(server.url().replace("jdbc:postgresql:", "jdbc:vault:postgresql:") + urlSuffix, properties);
  }

  static String emailOf(String name) {
    return name == null || !CaseFold.covers(name + "@Mail.example") ? null : name + "@Mail.example";
  }

  /** Writes NAMES (and one row of NULLs) into {@code people} through the vault and into {@code plain_people}, ids from {@code first}. */
  void seed(long first) throws SQLException {
    List<String> names = new ArrayList<>(NAMES);
    names.add(null);
    String sql = "INSERT INTO %s (id, last_name, email, nick, note) VALUES (?, ?, ?, ?, ?)";
    try (PreparedStatement v = vault.prepareStatement(sql.formatted("people"));
        PreparedStatement p = plain.prepareStatement(sql.formatted("plain_people"))) {
      long id = first;
      for (String name : names) {
        for (PreparedStatement insert : List.of(v, p)) {
          insert.setLong(1, id);
          insert.setString(2, name);
          insert.setString(3, emailOf(name));
          insert.setString(4, name == null ? null : "nick-" + name);
          insert.setString(5, "note-" + id);
          insert.executeUpdate();
        }
        id++;
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      vault.close();
    } finally {
      plain.close();
    }
  }

  /** After a test class: prints what its probes did, closes them and the server (either null when the start failed). */
  static void finish(String test, RedTeam5Probes probes, StatementLoggingPostgres server) throws Exception {
    try {
      if (probes != null) {
        System.out.printf("%s: %d probes, %d answered, %d refused%n", test, probes.probes, probes.answered, probes.refusals);
        probes.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  // ----------------------------------------------------------------------------------------------- probes

  /** A prepared query over both tables ({@code %1$s} etc.), its parameters bound with setObject (String[] as a text array). */
  void prepared(String name, String sql, Object... parameters) {
    run(name, sql, false, needlesOf(sql, parameters), parameters);
  }

  /** A plain-Statement query; the needles are the string literals' texts, plus {@code extra}. */
  void literal(String name, String sql, String... extra) {
    Set<String> needles = needlesOf(sql);
    needles.addAll(Arrays.asList(extra));
    run(name, sql, true, needles);
  }

  /** A probe that must be refused (0A000/22023) by the vault, whatever PostgreSQL says. */
  void refusedPrepared(String name, String sql, Object... parameters) {
    Outcome outcome = runVault(name, String.format(sql, (Object[]) VAULT_TABLES), false, needlesOf(sql, parameters), parameters);
    if (outcome.error == null) {
      problems.add(name + ": answered " + outcome.rows + " where it must be refused: " + sql);
    } else if (!refusal(outcome.error)) {
      problems.add(name + ": " + outcome.error.getSQLState() + " " + outcome.error.getMessage() + " where a refusal was expected");
    }
  }

  /** A probe the vault must answer, with the rows PostgreSQL gives, and at least one: else the other probes' refusals prove little. */
  void answered(String name, String sql, boolean literal, Object... parameters) {
    Outcome actual = runVault(name, String.format(sql, (Object[]) VAULT_TABLES), literal, needlesOf(sql, parameters), parameters);
    Outcome expected = execute(plain, String.format(sql, (Object[]) PLAIN_TABLES), literal, parameters);
    if (actual.error != null) {
      problems.add(name + ": refused (" + actual.error.getSQLState() + " " + actual.error.getMessage() + ") where it must be answered");
    } else if (!actual.rows.equals(expected.rows) || actual.rows.isEmpty()) {
      problems.add(name + ": PostgreSQL " + expected.rows + ", vault " + actual.rows + " (must be equal and not empty)");
    }
  }

  private void run(String name, String sql, boolean literal, Set<String> needles, Object... parameters) {
    String vaultSql = String.format(sql, (Object[]) VAULT_TABLES);
    String plainSql = String.format(sql, (Object[]) PLAIN_TABLES);
    Outcome actual = runVault(name, vaultSql, literal, needles, parameters);
    if (actual.error != null && refusal(actual.error)) {
      return; // refused before anything was sent: fine whatever PostgreSQL says, and a write is not made on the twin either
    }
    Outcome expected = execute(plain, plainSql, literal, parameters);
    if (actual.error != null) {
      if (expected.error == null && !refusal(actual.error)) {
        problems.add(name + ": vault failed with " + actual.error.getSQLState() + " " + actual.error.getMessage()
            + " where PostgreSQL answers " + expected.rows + ": " + vaultSql + " " + Arrays.deepToString(parameters));
      }
      return;
    }
    if (expected.error != null) {
      problems.add(name + ": PostgreSQL fails (" + expected.error.getMessage() + "), the vault answers " + actual.rows + ": " + vaultSql);
      return;
    }
    if (!actual.rows.equals(expected.rows)) {
      problems.add(name + ": PostgreSQL " + expected.rows + ", vault " + actual.rows + ": " + vaultSql + " " + Arrays.deepToString(parameters));
    }
  }

  /** Runs on the vault, checks the log and the message for the needles. */
  Outcome runVault(String name, String sql, boolean literal, Set<String> needles, Object... parameters) {
    probes++;
    long before = server.logSize();
    Outcome outcome = execute(vault, sql, literal, parameters);
    String logged = server.logSince(before);
    for (String needle : needles) {
      if (logged.contains(needle)) {
        problems.add(name + ": the server's log holds plaintext '" + needle + "' after " + sql + " " + Arrays.deepToString(parameters)
            + ":\n" + excerpt(logged, needle));
      }
      if (outcome.error != null && outcome.error.getMessage() != null && outcome.error.getMessage().contains(needle)) {
        problems.add(name + ": the exception message holds plaintext '" + needle + "': " + outcome.error.getMessage());
      }
    }
    if (outcome.error == null) {
      answered++;
    } else if (refusal(outcome.error)) {
      refusals++;
    }
    return outcome;
  }

  static boolean refusal(SQLException e) {
    return "0A000".equals(e.getSQLState()) || "22023".equals(e.getSQLState());
  }

  record Outcome(List<List<String>> rows, SQLException error) {}

  static Outcome execute(Connection connection, String sql, boolean literal, Object... parameters) {
    try {
      if (literal) {
        try (Statement s = connection.createStatement()) {
          return new Outcome(s.execute(sql) ? rows(s.getResultSet()) : List.of(List.of("count=" + s.getUpdateCount())), null);
        }
      }
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        bind(connection, s, parameters);
        return new Outcome(s.execute() ? rows(s.getResultSet()) : List.of(List.of("count=" + s.getUpdateCount())), null);
      }
    } catch (SQLException e) {
      return new Outcome(null, e);
    }
  }

  static void bind(Connection connection, PreparedStatement s, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i] instanceof String[] array) {
        s.setArray(i + 1, connection.createArrayOf("text", array));
      } else {
        s.setObject(i + 1, parameters[i]);
      }
    }
  }

  static List<List<String>> rows(ResultSet rows) throws SQLException {
    try (rows) {
      List<List<String>> out = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        List<String> row = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          row.add(Objects.toString(rows.getObject(c)));
        }
        out.add(row);
      }
      return out;
    }
  }

  /** The plaintexts a probe must not leak: its string parameters and literals, wildcards and escapes taken out, of 4+ characters. */
  static Set<String> needlesOf(String sql, Object... parameters) {
    Set<String> needles = new LinkedHashSet<>();
    for (Object parameter : parameters) {
      if (parameter instanceof String s) {
        addNeedle(needles, s);
      } else if (parameter instanceof String[] array) {
        for (String s : array) {
          addNeedle(needles, s);
        }
      }
    }
    Matcher quoted = QUOTED.matcher(sql);
    while (quoted.find()) {
      addNeedle(needles, quoted.group(1).replace("''", "'"));
    }
    return needles;
  }

  static void addNeedle(Set<String> needles, String text) {
    for (String part : text.split("[%_\\\\!#]+")) {
      if (part.codePointCount(0, part.length()) >= 4 && !part.startsWith("note-") && !part.equals("[.]")) {
        needles.add(part);
      }
    }
  }

  static String excerpt(String logged, String needle) {
    int at = logged.indexOf(needle);
    int start = logged.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
    int end = logged.indexOf('\n', at);
    return logged.substring(start, end < 0 ? logged.length() : Math.min(end, start + 400));
  }

  void assertNoProblems() {
    assertThat(problems).as("red team 5 probes with a wrong answer or a plaintext in the log").isEmpty();
  }

  /** Every stored cell of the encrypted columns of {@code table}, read over a plain connection, is an envelope and holds no plaintext. */
  void assertRawTableHoldsNoPlaintext(String table, List<String> plaintexts) throws SQLException {
    try (Statement s = plain.createStatement(); ResultSet rows = s.executeQuery("SELECT id, last_name, email, nick FROM " + table)) {
      int cells = 0;
      while (rows.next()) {
        for (int c = 2; c <= 4; c++) {
          String stored = rows.getString(c);
          if (stored == null) {
            continue;
          }
          cells++;
          assertThat(stored).as("%s id %d column %d", table, rows.getLong(1), c).startsWith("bv1:");
          for (String plaintext : plaintexts) {
            if (plaintext != null && plaintext.codePointCount(0, plaintext.length()) >= 5) {
              assertThat(stored).as("%s id %d column %d", table, rows.getLong(1), c).doesNotContain(plaintext);
            }
          }
        }
      }
      assertThat(cells).as("cells of " + table).isPositive();
    }
  }

  /** Every plaintext of 5+ characters in {@code plaintexts} is nowhere in the whole log. */
  void assertWholeLogHoldsNone(List<String> plaintexts) {
    for (String plaintext : plaintexts) {
      if (plaintext != null && plaintext.codePointCount(0, plaintext.length()) >= 5) {
        assertThat(server.linesContaining(plaintext, 3)).as("log lines holding %s", plaintext).isEmpty();
      }
    }
  }

  /** The check can fail: a plaintext sent over a logged plain connection is in the log. */
  void assertThatTheLogCanShowAPlaintext() throws SQLException {
    long before = server.logSize();
    try (Connection logged = server.connect(); PreparedStatement s = logged.prepareStatement("SELECT ?::text")) {
      s.setString(1, "control-plaintext-5150");
      s.execute();
    }
    assertThat(server.logSince(before)).contains("control-plaintext-5150");
  }
}
