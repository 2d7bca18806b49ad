package dev.banata.vault.sql;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.EncryptedTable;
import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.UnparseableSqlPolicy;
import dev.banata.vault.config.VaultConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.SortedMap;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.sequence.CreateSequence;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Turns one SQL string into a {@link StatementPlan}: parse (bounded in time), walk, and decide.
 *
 * <p>The decisions that are not about a single operation live here, in one place:
 * <ul>
 *   <li>SQL the parser cannot read: with {@code on-unparseable-sql: reject}, rejected when its
 *       text names an encrypted table or column (whole word, any case), passed through otherwise;
 *       with {@code passthrough}, passed through.</li>
 *   <li>A parsed statement of a shape the walker does not understand (and parsed statements that
 *       are neither SELECT/INSERT/UPDATE/DELETE nor plain DDL): rejected when its text names an
 *       encrypted table or column, passed through otherwise.</li>
 *   <li>DDL ({@code CREATE TABLE} without {@code AS}, {@code ALTER}, {@code DROP}, {@code TRUNCATE},
 *       {@code CREATE INDEX}, {@code COMMENT}, {@code CREATE SEQUENCE}) and session or transaction
 *       control ({@code SET}, {@code RESET}, {@code SHOW}, {@code COMMIT}, {@code ROLLBACK},
 *       {@code SAVEPOINT}): passed through.</li>
 * </ul>
 */
final class StatementAnalyzer {

  private static final Pattern VALUE_IN_DDL = Pattern.compile("'|\\$|\\b(default|generated|check)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern UNICODE_IDENTIFIER = Pattern.compile("u&\"((?:[^\"]|\"\")*)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\(?:\\+([0-9a-fA-F]{6})|([0-9a-fA-F]{4}))");
  private static final Pattern DROP_DEFAULT = Pattern.compile("\\bdrop\\s+default\\b", Pattern.CASE_INSENSITIVE);

  private final VaultConfig config;
  private final SqlParser parser;
  private final EncryptedNames encryptedNames;

  StatementAnalyzer(VaultConfig config, SqlParser parser) {
    this.config = config;
    this.parser = parser;
    this.encryptedNames = new EncryptedNames(config);
  }

  StatementPlan analyze(String sql, TableCatalog catalog) {
    Rejection escapedName = unicodeEscapedName(sql);
    if (escapedName != null) {
      return StatementPlan.rejected(StatementKind.OTHER, escapedName);
    }
    SqlParser.ParseResult parsed = parser.parse(sql);
    if (parsed.severalStatements()) {
      return unhandled(sql, StatementKind.OTHER, "several statements in one string");
    }
    if (parsed.statement() == null) {
      return unparseable(sql, parsed.timedOut());
    }
    Statement statement = parsed.statement();
    if (passesThroughUntouched(statement)) {
      Rejection valueInDdl = valueForEncryptedColumnIn(statement);
      if (valueInDdl != null) {
        return StatementPlan.rejected(StatementKind.OTHER, valueInDdl);
      }
      return StatementPlan.passThrough(StatementKind.OTHER, ParameterCounter.count(sql));
    }
    if (!StatementWalker.isStatementWeWalk(statement)) {
      return unhandled(sql, StatementKind.OTHER, "statement of type " + statement.getClass().getSimpleName());
    }
    StatementKind kind = kindOf(statement);
    try {
      return walk(sql, statement, kind, catalog);
    } catch (Refused refused) {
      return StatementPlan.rejected(kind, refused.rejection);
    } catch (Unhandled unhandled) {
      return unhandled(sql, kind, unhandled.getMessage());
    } catch (RuntimeException | StackOverflowError unexpected) {
      // A parser tree the walker did not expect: treated like any shape it does not handle.
      return unhandled(sql, kind, unexpected.getClass().getSimpleName());
    }
  }

  private StatementPlan walk(String sql, Statement statement, StatementKind kind, TableCatalog catalog) {
    String marker = markerFor(sql);
    StatementWalker walker = new StatementWalker(config, catalog, marker);
    List<Source.Column> results;
    TargetTable target = null;
    boolean ownReturning = false;
    if (statement instanceof Select select) {
      // null: a * over a table the catalog does not know, which the walker has checked holds nothing encrypted
      results = walker.select(select);
    } else {
      StatementWalker.DmlResult dml = statement instanceof Insert insert ? walker.insert(insert)
          : statement instanceof Update update ? walker.update(update) : walker.delete((Delete) statement);
      results = dml.returning();
      ownReturning = results != null;
      Source written = dml.target();
      if (dml.involvesEncryption() || walker.encryptedTableSeen() && dml.everyColumn() == null) {
        List<TableColumn> columns = new ArrayList<>();
        if (written.columnsKnown()) {
          for (Source.Column column : written.columns()) {
            columns.add(new TableColumn(column.name(), column.origin().storage() == Storage.BYTEA ? "bytea" : ""));
          }
        }
        ResultLayout everyColumn = dml.everyColumn() == null ? null
            : ResultLayout.of(dml.everyColumn().stream().map(c -> c.origin().toResultColumn()).toList());
        target = new TargetTable(written.table(), written.tableName().name(), columns, everyColumn);
      }
    }

    int parameterCount = ParameterCounter.count(sql);
    SortedMap<Integer, ParameterBinding> bindings = walker.bindings().byIndex();
    if (bindings.size() != parameterCount || !bindings.isEmpty() && bindings.lastKey() != parameterCount) {
      throw new Unhandled("parameters not accounted for");
    }
    List<ParameterBinding> parameters = new ArrayList<>(bindings.values());
    ResultLayout layout = results == null ? ResultLayout.none() : ResultLayout.of(results.stream().map(c -> c.origin().toResultColumn()).toList());
    boolean touches = target != null || layout.anyEncrypted() || !walker.bindings().literals().isEmpty()
        || parameters.stream().anyMatch(ParameterBinding::encrypted);
    if (!touches) {
      return StatementPlan.passThrough(kind, parameterCount);
    }
    SqlTemplate template = null;
    if (walker.bindings().rewritten()) {
      template = template(statement, marker, walker.bindings(), parameters);
    }
    return new StatementPlan(kind, null, true, sql, parameters, walker.bindings().literals(), template, layout, ownReturning, target);
  }

  /** Deparses the rewritten statement with every parameter written as a marker, and cuts it into a template. */
  private static SqlTemplate template(Statement statement, String marker, Bindings bindings, List<ParameterBinding> parameters) {
    for (JdbcParameter parameter : bindings.parameterNodes()) {
      parameter.setParameterCharacter(marker + "P");
      parameter.setUseFixedIndex(true);
    }
    String marked = statement.toString();
    SqlTemplate template = SqlTemplate.fromMarked(marked, marker, parameters, bindings.literals());
    if (!template.accountsFor(parameters.size(), bindings.literals().size())) {
      throw new Unhandled("rewritten SQL lost a parameter");
    }
    return template;
  }

  private StatementPlan unparseable(String sql, boolean timedOut) {
    if (config.onUnparseableSql() == UnparseableSqlPolicy.PASSTHROUGH) {
      return StatementPlan.passThrough(StatementKind.UNPARSEABLE, ParameterCounter.count(sql));
    }
    Rejection rejection = encryptedNames.firstMentionIn(sql, timedOut ? "SQL the parser could not read in time" : "SQL the parser cannot read");
    return rejection == null ? StatementPlan.passThrough(StatementKind.UNPARSEABLE, ParameterCounter.count(sql))
        : StatementPlan.rejected(StatementKind.UNPARSEABLE, rejection);
  }

  /** The one place that decides about a statement shape the walker does not handle. */
  private StatementPlan unhandled(String sql, StatementKind kind, String reason) {
    Rejection rejection = encryptedNames.firstMentionIn(sql, "unsupported statement shape (" + reason + ")");
    return rejection == null ? StatementPlan.passThrough(kind, ParameterCounter.count(sql)) : StatementPlan.rejected(kind, rejection);
  }

  /** DDL and session or transaction control: nothing in them is a value of an encrypted column. */
  private static boolean passesThroughUntouched(Statement statement) {
    if (statement instanceof CreateTable create) {
      return create.getSelect() == null;
    }
    return statement instanceof Alter || statement instanceof Drop || statement instanceof Truncate || statement instanceof CreateIndex
        || statement instanceof Comment || statement instanceof CreateSequence || statement instanceof SetStatement
        || statement instanceof ResetStatement || statement instanceof ShowStatement || statement instanceof Commit
        || statement instanceof RollbackStatement || statement instanceof SavepointStatement;
  }

  /**
   * DDL that writes a value into an encrypted column (a DEFAULT, a generated expression, a literal
   * in ALTER ... USING, a CHECK, a partial index's predicate) would have the database store or compare plaintext there: refused.
   * Coarse on purpose (a clause of the column that holds a literal or one of those keywords).
   */
  private Rejection valueForEncryptedColumnIn(Statement statement) {
    if (statement instanceof CreateTable create && create.getColumnDefinitions() != null) {
      EncryptedTable table = encryptedTable(create.getTable());
      if (table == null) {
        return null;
      }
      for (ColumnDefinition definition : create.getColumnDefinitions()) {
        String clause = definition.getColumnName() + " " + String.join(" ", definition.getColumnSpecs() == null ? List.of() : definition.getColumnSpecs());
        Rejection rejection = valueForEncryptedColumnIn(table, clause);
        if (rejection != null) {
          return rejection;
        }
      }
      for (Object constraint : create.getIndexes() == null ? List.of() : create.getIndexes()) {
        Rejection rejection = valueForEncryptedColumnIn(table, constraint.toString());
        if (rejection != null) {
          return rejection;
        }
      }
    } else if (statement instanceof CreateIndex index && index.getTailParameters() != null) {
      // A partial index's WHERE: the predicate is stored and evaluated by the server.
      EncryptedTable table = encryptedTable(index.getTable());
      return table == null ? null : valueForEncryptedColumnIn(table, String.join(" ", index.getTailParameters()));
    } else if (statement instanceof Alter alter && alter.getAlterExpressions() != null) {
      EncryptedTable table = encryptedTable(alter.getTable());
      if (table == null) {
        return null;
      }
      for (AlterExpression expression : alter.getAlterExpressions()) {
        Rejection rejection = valueForEncryptedColumnIn(table, expression.toString());
        if (rejection != null) {
          return rejection;
        }
      }
    }
    return null;
  }

  private EncryptedTable encryptedTable(Table table) {
    return table == null ? null : config.table(Identifier.of(table.getName())).filter(t -> !t.columns().isEmpty()).orElse(null);
  }

  private static Rejection valueForEncryptedColumnIn(EncryptedTable table, String clause) {
    String text = DROP_DEFAULT.matcher(clause).replaceAll(" ");
    if (!VALUE_IN_DDL.matcher(text).find()) {
      return null;
    }
    Set<String> words = new HashSet<>();
    for (String word : text.split("[^\\p{L}\\p{N}_$]+")) {
      words.add(word.toLowerCase(Locale.ROOT));
    }
    for (EncryptedColumn column : table.encryptedColumns()) {
      if (words.contains(column.column().name().toLowerCase(Locale.ROOT))) {
        return new Rejection(table.name().name(), column.column().name(), "a value (DEFAULT, GENERATED, CHECK or a literal) in DDL");
      }
    }
    return null;
  }

  /**
   * An identifier written {@code U&"\\0073sn"} is {@code ssn} to the server but to no check by name
   * here: refused when a decoded one names an encrypted table or column (with {@code UESCAPE},
   * which changes the escape character, whenever any table is encrypted).
   */
  private Rejection unicodeEscapedName(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    if (!lower.contains("u&\"")) {
      return null;
    }
    String operation = "unicode-escaped identifier (U&\"...\")";
    if (lower.contains("uescape")) {
      return encryptedNames.anyTable(operation);
    }
    StringBuilder decoded = new StringBuilder();
    Matcher identifier = UNICODE_IDENTIFIER.matcher(sql);
    while (identifier.find()) {
      Matcher escape = UNICODE_ESCAPE.matcher(identifier.group(1));
      StringBuilder name = new StringBuilder();
      while (escape.find()) {
        String hex = escape.group(1) != null ? escape.group(1) : escape.group(2);
        escape.appendReplacement(name, Matcher.quoteReplacement(Character.toString(Integer.parseInt(hex, 16))));
      }
      escape.appendTail(name);
      decoded.append(name).append(' ');
    }
    return encryptedNames.firstMentionIn(decoded.toString(), operation);
  }

  private static StatementKind kindOf(Statement statement) {
    if (statement instanceof Select) {
      return StatementKind.SELECT;
    }
    if (statement instanceof Insert) {
      return StatementKind.INSERT;
    }
    if (statement instanceof Update) {
      return StatementKind.UPDATE;
    }
    return statement instanceof Delete ? StatementKind.DELETE : StatementKind.OTHER;
  }

  /** A marker for parameters and literals in the rewritten SQL that the original SQL does not contain. */
  private static String markerFor(String sql) {
    String marker = "vault_slot_";
    int attempt = 0;
    String lower = sql.toLowerCase(java.util.Locale.ROOT);
    while (lower.contains(marker)) {
      marker = "vault_slot" + (++attempt) + "_";
    }
    return marker;
  }
}
