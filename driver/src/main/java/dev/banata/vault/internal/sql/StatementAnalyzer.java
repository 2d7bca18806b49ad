package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.EncryptedTableSpec;
import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.UnparseableSqlPolicy;
import dev.banata.vault.config.VaultConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import net.sf.jsqlparser.statement.alter.AlterOperation;
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
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Turns one SQL string into a {@link StatementPlan}: parse (bounded in time), walk, and decide.
 *
 * <p>The decisions that are not about a single operation live here, in one place:
 * <ul>
 *   <li>First the text is read as the server reads it ({@link SqlScanner}). SQL the server would
 *       refuse, SQL that pgjdbc reads otherwise ({@link PgjdbcReading}), SQL that PostgreSQL
 *       versions read differently, and SQL that JSqlParser reads otherwise than the server
 *       ({@link ParserAgreement}: other token boundaries, comments or strings): rejected when it
 *       names or mentions an encrypted table or column, passed through otherwise.</li>
 *   <li>SQL or code the server runs out of the driver's sight ({@link UnwalkedStatement}: views,
 *       function and procedure bodies, {@code DO}, rules, triggers, {@code COPY}, {@code PREPARE},
 *       {@code CALL}), decided by its leading keywords before parsing: rejected when it names an
 *       encrypted table, in its text or in a body written as a string, passed through otherwise
 *       ({@code CALL} with a warning). Privileges and maintenance ({@code GRANT}, {@code LOCK},
 *       {@code VACUUM}, ...): passed through.</li>
 *   <li>SQL the parser cannot read: with {@code on-unparseable-sql: reject}, rejected when an
 *       identifier token of it names an encrypted table (quoted or not, schema-qualified or not),
 *       passed through otherwise; with {@code passthrough}, passed through.</li>
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

  /** Operators the rewrite of a condition removes on purpose (equality becomes IN, a cast around a parameter list goes). */
  private static final Set<String> EQUALITY_OR_CAST = Set.of("=", "<>", "!=", "::");
  private static final Set<String> SEARCH_OPERATORS = Set.of("~", "!~");

  private final VaultConfig config;
  private final SqlParser parser;
  private final EncryptedNames encryptedNames;

  StatementAnalyzer(VaultConfig config, SqlParser parser) {
    this.config = config;
    this.parser = parser;
    this.encryptedNames = new EncryptedNames(config);
  }

  /**
   * The plan of {@code sql} as a connection with the given standard_conforming_strings setting
   * sends it: the setting decides where ordinary strings end and what they hold.
   */
  StatementPlan analyze(String sql, TableCatalog catalog, boolean standardConformingStrings) {
    ScannedSql scanned = SqlScanner.scan(sql, standardConformingStrings);
    if (!scanned.readable()) {
      return readDifferently(scanned, "SQL the server cannot read either (" + scanned.problem() + ")");
    }
    String pgjdbc = PgjdbcReading.disagreement(scanned);
    if (pgjdbc != null) {
      return readDifferently(scanned, "SQL that pgjdbc and the server read differently (" + pgjdbc + ")");
    }
    if (scanned.versionDependent() != null) {
      return readDifferently(scanned, "SQL that PostgreSQL versions read differently (" + scanned.versionDependent() + ")");
    }
    Rejection escapedName = encryptedNames.unicodeEscapedName(scanned, Rejection.Reason.UNPARSEABLE, "unicode-escaped identifier (U&\"...\")");
    if (escapedName != null) {
      return StatementPlan.rejected(StatementKind.OTHER, escapedName);
    }
    if (scanned.statementCount() > 1) {
      return unhandled(scanned, StatementKind.OTHER, Rejection.Reason.STATEMENT_SHAPE, "several statements in one string");
    }
    UnwalkedStatement unwalked = UnwalkedStatement.of(scanned);
    if (unwalked != null) {
      return unwalked(scanned, unwalked);
    }
    // After the unwalked forms: they are never parsed, so a string body is no alias to anyone there.
    int misplacedString = scanned.stringWhereTheGrammarHasNone(encryptedNames.names());
    if (misplacedString >= 0) {
      return readDifferently(scanned, "SQL that the parser and the server read differently (a string literal at offset "
          + misplacedString + " where the server reads none and the parser an alias)");
    }
    SqlParser.ParseResult parsed = parser.parse(scanned);
    if (parsed.severalStatements()) {
      return unhandled(scanned, StatementKind.OTHER, Rejection.Reason.STATEMENT_SHAPE, "several statements in one string");
    }
    if (parsed.statement() == null) {
      return unparseable(scanned, parsed.timedOut());
    }
    String disagreement = ParserAgreement.disagreement(scanned, parsed.tokens());
    if (disagreement != null) {
      return readDifferently(scanned, "SQL that the parser and the server read differently (" + disagreement + ")");
    }
    Statement statement = parsed.statement();
    if (passesThroughUntouched(statement)) {
      Rejection valueInDdl = valueForEncryptedColumnIn(statement, standardConformingStrings);
      if (valueInDdl != null) {
        return StatementPlan.rejected(StatementKind.OTHER, valueInDdl);
      }
      return StatementPlan.passThrough(StatementKind.OTHER, scanned.markerCount());
    }
    if (!StatementWalker.isStatementWeWalk(statement)) {
      return unhandled(scanned, StatementKind.OTHER, Rejection.Reason.STATEMENT_SHAPE, "statement of type " + statement.getClass().getSimpleName());
    }
    StatementKind kind = kindOf(statement);
    String marker = markerFor(sql);
    // Made here, not in walk: a shape it does not handle is still known to call a function in FROM.
    StatementWalker walker = new StatementWalker(config, catalog, marker);
    try {
      return walk(scanned, statement, kind, walker, marker);
    } catch (Refused refused) {
      return StatementPlan.rejected(kind, refused.rejection);
    } catch (Unhandled unhandled) {
      return functionInFrom(walker, unhandled(scanned, kind, unhandled.kind, unhandled.getMessage()));
    } catch (TableCatalog.Unavailable unavailable) {
      // Not a property of the SQL: no plan is made (and none cached) from a catalog that could not answer.
      throw unavailable;
    } catch (RuntimeException | StackOverflowError unexpected) {
      // A parser tree the walker did not expect: treated like any shape it does not handle.
      return functionInFrom(walker, unhandled(scanned, kind, Rejection.Reason.STATEMENT_SHAPE, unexpected.getClass().getSimpleName()));
    }
  }

  /**
   * SQL that is not read the same way by everyone between the application and the server: what
   * the analysis would decide is about a statement the server does not run. Refused when it names
   * or mentions an encrypted table or column (coarsely: a name in what one reader takes for a
   * comment counts), sent as written otherwise.
   */
  private StatementPlan readDifferently(ScannedSql scanned, String reason) {
    Rejection rejection = encryptedNames.mentionIn(scanned, Rejection.Reason.UNPARSEABLE, reason);
    return rejection == null ? StatementPlan.passThrough(StatementKind.OTHER, scanned.markerCount())
        : StatementPlan.rejected(StatementKind.OTHER, rejection);
  }

  private StatementPlan walk(ScannedSql scanned, Statement statement, StatementKind kind, StatementWalker walker, String marker) {
    String sql = scanned.sql();
    List<Source.Column> results;
    TargetTable target = null;
    boolean ownReturning = false;
    if (statement instanceof Select select) {
      // null: a * over a table the catalog does not know, which the walker has checked holds nothing encrypted
      results = walker.select(select);
      walker.finish();
    } else {
      StatementWalker.DmlResult dml = statement instanceof Insert insert ? walker.insert(insert)
          : statement instanceof Update update ? walker.update(update) : walker.delete((Delete) statement);
      walker.finish();
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

    // The literals to encrypt hold what the server reads, not what JSqlParser kept of the text.
    walker.bindings().decodeLiterals(scanned);
    int parameterCount = scanned.markerCount();
    SortedMap<Integer, ParameterBinding> bindings = walker.bindings().byIndex();
    if (bindings.size() != parameterCount || !bindings.isEmpty() && bindings.lastKey() != parameterCount) {
      throw new Unhandled("parameters not accounted for");
    }
    List<ParameterBinding> parameters = new ArrayList<>(bindings.values());
    ResultLayout layout = results == null ? ResultLayout.none() : ResultLayout.of(results.stream().map(c -> c.origin().toResultColumn()).toList());
    KeyRotationConflict keyRotationConflict = walker.keyRotationConflict();
    // A statement that compares stored ciphertexts touches encryption even with nothing to encrypt or
    // decrypt: the JDBC layer must check the live key versions before sending it.
    boolean touches = target != null || layout.anyEncrypted() || !walker.bindings().literals().isEmpty()
        || parameters.stream().anyMatch(ParameterBinding::encrypted) || keyRotationConflict != null;
    if (!touches) {
      Rejection hidden = encryptedTableReadAsSomethingElse(scanned, statement);
      return hidden != null ? StatementPlan.rejected(kind, hidden) : functionInFrom(walker, StatementPlan.passThrough(kind, parameterCount));
    }
    SqlTemplate template = null;
    ClientOrdering ordering = walker.clientOrdering();
    // An ordering the driver applies itself: the statement is sent without its ORDER BY, whatever else is rewritten.
    if (walker.bindings().rewritten() || ordering != null) {
      template = template(statement, marker, walker.bindings(), parameters);
      operatorsKept(scanned, template);
    }
    StatementPlan plan = new StatementPlan(kind, null, true, sql, parameters, walker.bindings().literals(), template, layout,
        ownReturning, target, keyRotationConflict);
    return functionInFrom(walker, ordering == null ? plan : plan.withClientOrdering(ordering));
  }

  /**
   * A function in FROM (arguments checked by the walk) returns what the server computes, which may
   * be ciphertext it read from an encrypted table: sent, with a warning, because refusing would
   * refuse generate_series and every set-returning function.
   */
  private static StatementPlan functionInFrom(StatementWalker walker, StatementPlan plan) {
    return walker.functionInFromSeen() && plan.rejection().isEmpty()
        ? plan.withOutOfReachWarning(UnwalkedStatement.FUNCTION_IN_FROM_WARNING) : plan;
  }

  /**
   * A statement the analysis finds touches nothing encrypted, although the server reads the name
   * of an encrypted table in it as an identifier that JSqlParser does not take for a table:
   * JSqlParser accepts more than PostgreSQL's grammar ({@code insert into$$ customers values (...)}
   * is an INSERT into a table {@code into$$} with alias {@code customers} to it, a syntax error to
   * the server, which then writes the whole statement, literals included, to its log). Refused:
   * the two readings are of different statements.
   */
  private Rejection encryptedTableReadAsSomethingElse(ScannedSql scanned, Statement statement) {
    Set<String> tables = null;
    for (EncryptedTableSpec table : config.tables()) {
      if (table.columns().isEmpty() || !scanned.hasIdentifier(table.name().name())) {
        continue;
      }
      if (tables == null) {
        tables = new HashSet<>();
        try {
          for (String name : new TablesNamesFinder<Void>().getTablesOrOtherSources(statement)) {
            int dot = name.lastIndexOf('.');
            tables.add(Identifier.of(name.substring(dot + 1)).name());
          }
        } catch (RuntimeException e) {
          // A statement the finder does not handle: it cannot show that the name is read as a table.
        }
      }
      if (!tables.contains(table.name().name())) {
        return new Rejection(table.name().name(), null, Rejection.Reason.UNPARSEABLE, "a name the parser does not read as the table the server reads it as"
            + " (SQL that the parser and the server read differently)");
      }
    }
    return null;
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

  /**
   * The SQL sent for a rewritten statement is JSqlParser's rendering of its tree, not the
   * application's text: it must hold the same operators, in the same order, as the server reads
   * them in the original (the equality operators aside, which the rewrite turns into IN, and casts,
   * which it drops around a parameter that becomes a list). This is
   * what keeps a rendering from changing an operator ({@code ~~} printed as {@code ~ ~}) even where
   * the two lexers agreed on the original.
   */
  private static void operatorsKept(ScannedSql original, SqlTemplate template) {
    String rendered = template.render(1, (literal, live) -> java.util.Collections.nCopies(literal.role() == ParameterRole.MATCH ? live : 1,
        literal.storage() == Storage.BYTEA ? (Object) new byte[] {0} : "x"));
    List<String> before = operators(original);
    List<String> after = operators(SqlScanner.scan(rendered, original.standardConformingStrings()));
    // A search's LIKE (a keyword) or lower() = is sent as ~ or !~ over the search tokens (SearchConditions):
    // exactly one such operator per search, and every other operator as the application wrote it.
    for (int searches = template.searchCount(); searches > 0; searches--) {
      int at = 0;
      while (at < after.size() && !SEARCH_OPERATORS.contains(after.get(at))) {
        at++;
      }
      if (at == after.size()) {
        throw new Unhandled("rewriting would change an operator");
      }
      after.remove(at);
    }
    if (!before.equals(after)) {
      throw new Unhandled("rewriting would change an operator");
    }
  }

  private static List<String> operators(ScannedSql scanned) {
    List<String> operators = new ArrayList<>();
    for (SqlToken token : scanned.tokens()) {
      if (token.kind() == SqlToken.Kind.OPERATOR && !EQUALITY_OR_CAST.contains(token.value())) {
        operators.add(token.value());
      }
    }
    return operators;
  }

  /**
   * SQL the parser cannot read: refused (by default) when it names an encrypted table as a token,
   * so that DDL and statements on other tables that the parser does not know still run.
   */
  private StatementPlan unparseable(ScannedSql scanned, boolean timedOut) {
    if (config.onUnparseableSql() == UnparseableSqlPolicy.PASSTHROUGH || !timedOut && (UnnamedIndex.matches(scanned) || RowSecuritySwitch.matches(scanned))) {
      return StatementPlan.passThrough(StatementKind.UNPARSEABLE, scanned.markerCount());
    }
    String operation = (timedOut ? "SQL the parser could not read in time" : "SQL the parser cannot read")
        + " (write it in a form the parser reads, or run it on a connection without the vault when it moves no encrypted value)";
    Rejection rejection = encryptedNames.tableNamedBy(scanned, Rejection.Reason.UNPARSEABLE, operation);
    return rejection == null ? StatementPlan.passThrough(StatementKind.UNPARSEABLE, scanned.markerCount())
        : StatementPlan.rejected(StatementKind.UNPARSEABLE, rejection);
  }

  /**
   * A statement that gives the server SQL or code to run out of the driver's sight, decided by its
   * form before the parser sees it (whatever {@code on-unparseable-sql} says: these forms are read,
   * not unparseable): refused when it names an encrypted table, in its text or in a body written
   * as a string; sent as written otherwise. Statements that only name tables (GRANT, LOCK, VACUUM,
   * ...) are sent as written: nothing in them is a value or a computation.
   */
  private StatementPlan unwalked(ScannedSql scanned, UnwalkedStatement form) {
    Rejection rejection = form.refusal() == null ? null
        : form == UnwalkedStatement.POLICY ? policyOverEncryptedValues(scanned, form.reason(), form.refusal())
        : encryptedNames.tableNamedIn(scanned, form.bodiesInStrings(), form.reason(), form.refusal());
    if (rejection != null) {
      return StatementPlan.rejected(StatementKind.OTHER, rejection);
    }
    StatementPlan plan = StatementPlan.passThrough(StatementKind.OTHER, scanned.markerCount());
    return form == UnwalkedStatement.CALL ? plan.withOutOfReachWarning(UnwalkedStatement.CALL_WARNING) : plan;
  }

  /**
   * Why a row-level security policy would compute on stored ciphertext, or null: it names an
   * encrypted column, or its expressions ({@code USING}, {@code WITH CHECK}) name or mention an
   * encrypted table or column anywhere, strings included ({@code to_jsonb(customers) ->> 'email'},
   * {@code customers::text}, {@code query_to_xml('select email from customers', ...)}).
   */
  private Rejection policyOverEncryptedValues(ScannedSql scanned, Rejection.Reason reason, String operation) {
    Rejection column = encryptedNames.columnNamedBy(scanned, reason, operation);
    if (column != null) {
      return column;
    }
    for (SqlToken token : scanned.tokens()) {
      if (token.kind() == SqlToken.Kind.IDENTIFIER && (token.value().equals("using") || token.value().equals("check"))) {
        ScannedSql expressions = SqlScanner.scan(scanned.sql().substring(token.start()), scanned.standardConformingStrings());
        return encryptedNames.mentionIn(expressions, reason, operation);
      }
    }
    return null;
  }

  /** The one place that decides about a statement shape the walker does not handle. */
  private StatementPlan unhandled(ScannedSql scanned, StatementKind kind, Rejection.Reason refusalReason, String reason) {
    Rejection rejection = encryptedNames.mentionIn(scanned, refusalReason, "unsupported statement shape (" + reason + ")");
    return rejection == null ? StatementPlan.passThrough(kind, scanned.markerCount()) : StatementPlan.rejected(kind, rejection);
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
   * in ALTER ... USING, a CHECK, a partial index's predicate) would have the database store or
   * compare plaintext there, and DDL that computes over an encrypted column (ALTER ... TYPE ...
   * USING upper(email)) would rewrite every ciphertext with the result: refused. Coarse on purpose
   * (a clause, as JSqlParser cut the statement into clauses, that names an encrypted column and
   * holds a literal, one of those keywords, or USING), read with {@link SqlScanner}.
   */
  private Rejection valueForEncryptedColumnIn(Statement statement, boolean standardConformingStrings) {
    if (statement instanceof CreateTable create && create.getColumnDefinitions() != null) {
      EncryptedTableSpec table = encryptedTable(create.getTable());
      if (table == null) {
        return null;
      }
      for (ColumnDefinition definition : create.getColumnDefinitions()) {
        String clause = definition.getColumnName() + " " + String.join(" ", definition.getColumnSpecs() == null ? List.of() : definition.getColumnSpecs());
        Rejection rejection = valueForEncryptedColumnIn(table, clause, false, standardConformingStrings);
        if (rejection != null) {
          return rejection;
        }
      }
      for (Object constraint : create.getIndexes() == null ? List.of() : create.getIndexes()) {
        Rejection rejection = valueForEncryptedColumnIn(table, constraint.toString(), false, standardConformingStrings);
        if (rejection != null) {
          return rejection;
        }
      }
    } else if (statement instanceof CreateIndex index) {
      EncryptedTableSpec table = encryptedTable(index.getTable());
      if (table == null) {
        return null;
      }
      Rejection expression = expressionIndexOver(table, index, standardConformingStrings);
      if (expression != null || index.getTailParameters() == null) {
        return expression;
      }
      // A partial index's WHERE: the predicate is stored and evaluated by the server.
      return valueForEncryptedColumnIn(table, String.join(" ", index.getTailParameters()), false, standardConformingStrings);
    } else if (statement instanceof Alter alter && alter.getAlterExpressions() != null) {
      Rejection rename = renameOfEncryptedName(alter);
      if (rename != null) {
        return rename;
      }
      EncryptedTableSpec table = encryptedTable(alter.getTable());
      if (table == null) {
        return null;
      }
      for (AlterExpression expression : alter.getAlterExpressions()) {
        Rejection rejection = valueForEncryptedColumnIn(table, expression.toString(), true, standardConformingStrings);
        if (rejection != null) {
          return rejection;
        }
      }
    }
    return null;
  }

  /**
   * A rename of an encrypted table or column, or of anything to an encrypted name: the
   * configuration names tables and columns, so after the rename the driver would return the
   * ciphertexts under the new name as data and store new values in clear under the old one (or
   * try to decrypt plaintext under the new one).
   */
  private Rejection renameOfEncryptedName(Alter alter) {
    EncryptedTableSpec table = encryptedTable(alter.getTable());
    for (AlterExpression expression : alter.getAlterExpressions()) {
      AlterOperation operation = expression.getOperation();
      if (operation == AlterOperation.RENAME_TABLE) {
        EncryptedTableSpec target = table != null ? table : expression.getNewTableName() == null ? null
            : config.table(Identifier.of(expression.getNewTableName())).filter(t -> !t.columns().isEmpty()).orElse(null);
        if (target != null) {
          return new Rejection(target.name().name(), null, Rejection.Reason.STATEMENT_SHAPE, "ALTER TABLE ... RENAME TO " + RENAME_WAY_OUT);
        }
      } else if (operation == AlterOperation.UNSPECIFIC && expression.getOptionalSpecifier() != null) {
        // JSqlParser keeps forms it does not model as text: ALTER TABLE customers * RENAME ... (the old
        // inheritance star) among them. A rename there is refused on an encrypted table, or to an encrypted name.
        ScannedSql specifier = SqlScanner.scan(expression.getOptionalSpecifier(), true);
        if (specifier.hasIdentifier("rename")) {
          Rejection named = table != null ? new Rejection(table.name().name(), null, Rejection.Reason.STATEMENT_SHAPE, "ALTER TABLE ... RENAME " + RENAME_WAY_OUT)
              : encryptedNames.tableNamedBy(specifier, Rejection.Reason.STATEMENT_SHAPE, "ALTER TABLE ... RENAME TO " + RENAME_WAY_OUT);
          if (named != null) {
            return named;
          }
        }
      } else if (operation == AlterOperation.RENAME && table != null) {
        for (String name : new String[] {expression.getColumnOldName(), expression.getColumnName()}) {
          Optional<EncryptedColumn> column = name == null ? Optional.empty() : table.column(Identifier.of(name));
          if (column.isPresent()) {
            return new Rejection(table.name().name(), column.get().column().name(), Rejection.Reason.STATEMENT_SHAPE, "ALTER TABLE ... RENAME COLUMN " + RENAME_WAY_OUT);
          }
        }
      }
    }
    return null;
  }

  private static final String RENAME_WAY_OUT = "through the driver (rename it in the database with a plain connection and in "
      + "vault.yaml or the @Encrypted mapping at the same time, setting the column's context to its old table.column so that "
      + "existing values stay readable)";

  /** An index on an expression ({@code lower(email)}) of an encrypted column: the server would compute on ciphertext. */
  private static Rejection expressionIndexOver(EncryptedTableSpec table, CreateIndex index, boolean standardConformingStrings) {
    if (index.getIndex() == null || index.getIndex().getColumns() == null) {
      return null;
    }
    for (Object column : index.getIndex().getColumns()) {
      ScannedSql scanned = SqlScanner.scan(column.toString(), standardConformingStrings);
      boolean computed = !scanned.readable() || scanned.tokens().stream()
          .anyMatch(t -> t.kind() == SqlToken.Kind.PUNCTUATION && t.value().equals("(") || t.kind() == SqlToken.Kind.OPERATOR);
      for (EncryptedColumn encrypted : table.encryptedColumns()) {
        if (computed && scanned.hasIdentifier(encrypted.column().name())) {
          return new Rejection(table.name().name(), encrypted.column().name(), Rejection.Reason.SERVER_SIDE_CODE,
              "an expression over an encrypted column in DDL (an index on an expression computes on ciphertext; index the column itself)");
        }
      }
    }
    return null;
  }

  private EncryptedTableSpec encryptedTable(Table table) {
    return table == null ? null : config.table(Identifier.of(table.getName())).filter(t -> !t.columns().isEmpty()).orElse(null);
  }

  /**
   * @param usingComputes true for ALTER TABLE, where {@code USING} is the expression that computes
   *     each column's new value (elsewhere, as in {@code USING btree}, it names an index method)
   */
  private static Rejection valueForEncryptedColumnIn(EncryptedTableSpec table, String clause, boolean usingComputes,
      boolean standardConformingStrings) {
    ScannedSql scanned = SqlScanner.scan(clause, standardConformingStrings);
    // A clause the scanner cannot read is treated as one that holds a value: this check is coarse towards refusing.
    boolean value = !scanned.readable();
    boolean using = false;
    Set<String> names = new HashSet<>();
    String previous = null;
    for (SqlToken token : scanned.tokens()) {
      if (token.isComment()) {
        continue;
      }
      switch (token.kind()) {
        case STRING, PARAMETER, JDBC_MARKER -> value = true;
        case QUOTED_IDENTIFIER -> names.add(token.value());
        case IDENTIFIER -> {
          String word = token.value();
          names.add(word);
          // DROP DEFAULT removes a value; every other DEFAULT, GENERATED or CHECK sets or compares one.
          value |= word.equals("default") && !"drop".equals(previous) || word.equals("generated") || word.equals("check");
          using |= usingComputes && word.equals("using");
        }
        default -> { }
      }
      previous = token.kind() == SqlToken.Kind.IDENTIFIER ? token.value() : null;
    }
    if (!value && !using) {
      return null;
    }
    for (EncryptedColumn column : table.encryptedColumns()) {
      if (names.contains(column.column().name())) {
        // A value stored by DDL is counted with the literals (as the refusal's text always was); a computation with code the server runs.
        return new Rejection(table.name().name(), column.column().name(), using && !value ? Rejection.Reason.SERVER_SIDE_CODE : Rejection.Reason.LITERAL,
            using && !value
            ? "an expression over an encrypted column in DDL (ALTER ... TYPE ... USING computes on ciphertext; change the type without USING, or decrypt-existing first)"
            : "a value (DEFAULT, GENERATED, CHECK or a literal) in DDL");
      }
    }
    return null;
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
