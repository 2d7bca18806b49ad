package dev.banata.vault.internal.sql;

import dev.banata.vault.config.Identifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What to do with one SQL string, decided once when it is first seen and shared by every execution
 * on every connection. Immutable; holds no key, no ciphertext and nothing derived from a bound value.
 *
 * <p>How the JDBC layer uses it:
 * <ol>
 *   <li>{@link #rejection()} present: throw the refusal the error catalogue makes of it (SQLState
 *       0A000, the rejection's message); send nothing.</li>
 *   <li>{@link #touchesEncryption()} false: pass the statement, its parameters and its results
 *       through untouched.</li>
 *   <li>Otherwise take {@link #physical(int)} for the key ring's live version count, prepare its SQL,
 *       and route each {@code setXxx(i, v)} through {@link #parameter(int)}: PLAIN is set as is,
 *       VALUE is encrypted at the primary version, MATCH once per live version into
 *       {@link PhysicalStatement#physicalIndex(int, int)}. Decrypt the result columns named by
 *       {@link #results()} (or {@link #generatedKeys()} for {@code getGeneratedKeys()}).</li>
 * </ol>
 */
public final class StatementPlan {

  /** Physical layouts are cached per live version count up to this many versions; beyond, built on demand. */
  private static final int CACHED_VERSION_COUNTS = 8;

  private final StatementKind kind;
  private final Rejection rejection;
  private final boolean touchesEncryption;
  private final String originalSql;
  private final List<ParameterBinding> parameters;
  private final List<LiteralSlot> literals;
  private final SqlTemplate template;
  private final ResultLayout results;
  private final boolean ownReturning;
  private final TargetTable target;
  private final KeyRotationConflict keyRotationConflict;
  private final String outOfReachWarning;
  private final ClientOrdering clientOrdering;
  private final AtomicReferenceArray<PhysicalStatement> physicalByVersions = new AtomicReferenceArray<>(CACHED_VERSION_COUNTS + 1);

  StatementPlan(StatementKind kind, Rejection rejection, boolean touchesEncryption, String originalSql,
      List<ParameterBinding> parameters, List<LiteralSlot> literals, SqlTemplate template, ResultLayout results,
      boolean ownReturning, TargetTable target, KeyRotationConflict keyRotationConflict) {
    this(kind, rejection, touchesEncryption, originalSql, parameters, literals, template, results, ownReturning, target,
        keyRotationConflict, null, null);
  }

  private StatementPlan(StatementKind kind, Rejection rejection, boolean touchesEncryption, String originalSql,
      List<ParameterBinding> parameters, List<LiteralSlot> literals, SqlTemplate template, ResultLayout results,
      boolean ownReturning, TargetTable target, KeyRotationConflict keyRotationConflict, String outOfReachWarning,
      ClientOrdering clientOrdering) {
    this.kind = kind;
    this.rejection = rejection;
    this.touchesEncryption = touchesEncryption || rejection != null;
    this.originalSql = this.touchesEncryption && rejection == null ? originalSql : null;
    this.parameters = List.copyOf(parameters);
    this.literals = List.copyOf(literals);
    this.template = template;
    this.results = results;
    this.ownReturning = ownReturning;
    this.target = target;
    this.keyRotationConflict = keyRotationConflict;
    this.outOfReachWarning = outOfReachWarning;
    this.clientOrdering = clientOrdering;
  }

  /** This plan, carrying {@code warning} (see {@link #outOfReachWarning()}). */
  StatementPlan withOutOfReachWarning(String warning) {
    return new StatementPlan(kind, rejection, touchesEncryption, originalSql, parameters, literals, template, results, ownReturning,
        target, keyRotationConflict, warning, clientOrdering);
  }

  /** This plan, ordered by the driver (see {@link #clientOrdering()}); it then needs its template for every live version count. */
  StatementPlan withClientOrdering(ClientOrdering ordering) {
    if (template == null) {
      throw new IllegalStateException("a statement the driver orders is sent without its ORDER BY: it needs a template");
    }
    return new StatementPlan(kind, rejection, touchesEncryption, originalSql, parameters, literals, template, results, ownReturning,
        target, keyRotationConflict, outOfReachWarning, ordering);
  }

  /**
   * Present when the driver orders the rows itself: the outermost query's {@code ORDER BY} names an
   * encrypted column, and {@link #physical(int)} is the query without it (with any sort key that is
   * not an output column appended to the select list: {@link #results()} then describes those columns
   * too, and {@link ClientOrdering#visibleWidth()} says how many the application sees). The JDBC layer
   * reads every row, decrypts the keys and returns the rows in that order, or refuses the execution
   * when it cannot (more rows than {@code vault.client-sort-max-rows}, {@code setMaxRows}).
   */
  public Optional<ClientOrdering> clientOrdering() {
    return Optional.ofNullable(clientOrdering);
  }

  /** A plan that passes the statement through untouched. */
  static StatementPlan passThrough(StatementKind kind, int parameterCount) {
    List<ParameterBinding> plain = new ArrayList<>();
    for (int i = 1; i <= parameterCount; i++) {
      plain.add(ParameterBinding.plain(i));
    }
    return new StatementPlan(kind, null, false, null, plain, List.of(), null, ResultLayout.none(), false, null, null);
  }

  /** A plan that refuses the statement. */
  static StatementPlan rejected(StatementKind kind, Rejection rejection) {
    return new StatementPlan(kind, rejection, true, null, List.of(), List.of(), null, ResultLayout.none(), false, null, null);
  }

  /**
   * Present when the statement is sent although part of what the server does with it is out of the
   * driver's sight (a procedure it calls, a function in FROM whose columns it cannot know): a fixed
   * text naming the form, never a value, for the JDBC layer to log once per runtime.
   */
  public Optional<String> outOfReachWarning() {
    return Optional.ofNullable(outOfReachWarning);
  }

  public StatementKind kind() {
    return kind;
  }

  /** Present when the statement must not be sent; the JDBC layer throws its refusal for it (SQLState 0A000). */
  public Optional<Rejection> rejection() {
    return Optional.ofNullable(rejection);
  }

  /**
   * Present when the statement makes the database compare stored ciphertexts of a deterministic
   * column with each other: its answer is right only while one key version is live. The JDBC layer
   * refuses it (SQLState {@code 55000}, {@link KeyRotationConflict#message(int)})
   * whenever more than one is; {@link #physical(int)} has no form for more than one.
   */
  public Optional<KeyRotationConflict> keyRotationConflict() {
    return Optional.ofNullable(keyRotationConflict);
  }

  /**
   * False when the statement involves no encrypted column at all (DDL, SQL on other tables, ...):
   * the JDBC layer then sends it, binds its parameters and returns its results untouched. True for
   * rejected statements.
   */
  public boolean touchesEncryption() {
    return touchesEncryption;
  }

  /**
   * The number of application parameters ({@code ?}) in the SQL. For a pass-through plan of SQL the
   * parser could not read, it is the count of {@code ?} outside strings, quoted identifiers and
   * comments; {@link #parameter(int)} answers PLAIN for any index of a pass-through plan.
   */
  public int parameterCount() {
    return parameters.size();
  }

  /** What application parameter {@code index} (1-based) is bound to; PLAIN for an index the plan does not know. */
  public ParameterBinding parameter(int index) {
    return index >= 1 && index <= parameters.size() ? parameters.get(index - 1) : ParameterBinding.plain(index);
  }

  /** Every application parameter in index order. */
  public List<ParameterBinding> parameters() {
    return parameters;
  }

  /** The literals of plain SQL to encrypt per execution, in SQL order (empty for prepared SQL with {@code ?}). */
  public List<LiteralSlot> literals() {
    return literals;
  }

  /**
   * The SQL to send and its slot layout while {@code liveVersions} key versions are live (computed
   * once per count and cached in the plan).
   *
   * @throws IllegalStateException for a rejected plan, one that does not touch encryption (send the original SQL),
   *     or one with a {@link #keyRotationConflict()} when {@code liveVersions} &gt; 1 (a backstop: the JDBC layer
   *     refuses such an execution before it asks)
   * @throws IllegalArgumentException when {@code liveVersions} &lt; 1
   */
  public PhysicalStatement physical(int liveVersions) {
    if (rejection != null) {
      throw new IllegalStateException("a rejected statement has no physical form: " + rejection.operation());
    }
    if (!touchesEncryption) {
      throw new IllegalStateException("a pass-through statement is sent unchanged");
    }
    if (liveVersions < 1) {
      throw new IllegalArgumentException("at least one key version is live, got " + liveVersions);
    }
    if (liveVersions > 1 && keyRotationConflict != null) {
      throw new IllegalStateException(keyRotationConflict.message(liveVersions));
    }
    if (liveVersions > CACHED_VERSION_COUNTS) {
      return buildPhysical(liveVersions);
    }
    PhysicalStatement cached = physicalByVersions.get(liveVersions);
    if (cached == null) {
      cached = buildPhysical(liveVersions);
      if (!physicalByVersions.compareAndSet(liveVersions, null, cached)) {
        cached = physicalByVersions.get(liveVersions);
      }
    }
    return cached;
  }

  /** The result columns to decrypt (SELECT list, or RETURNING of INSERT/UPDATE/DELETE). */
  public ResultLayout results() {
    return results;
  }

  /**
   * The result columns to decrypt in {@code getGeneratedKeys()} when the statement was prepared with
   * {@code RETURN_GENERATED_KEYS}: pgjdbc then appends {@code RETURNING *}, so these are the target
   * table's columns in table order. When the statement has its own {@code RETURNING}, it is
   * {@link #results()}.
   *
   * @throws SQLException SQLState {@value Rejection#SQL_STATE} when the target table has encrypted
   *     columns but the catalog does not know its columns (their order would be a guess)
   */
  public ResultLayout generatedKeys() throws SQLException {
    if (ownReturning || target == null) {
      return results;
    }
    return target.everyColumn();
  }

  /**
   * The result columns to decrypt in {@code getGeneratedKeys()} when the statement was prepared with
   * column names ({@code prepareStatement(sql, String[])}): pgjdbc appends {@code RETURNING} of
   * those columns in that order. Names follow SQL case rules ({@code "Email"} quoted keeps its case).
   *
   * @throws SQLException SQLState {@value Rejection#SQL_STATE} as for {@link #generatedKeys()}
   */
  public ResultLayout generatedKeys(String[] columnNames) throws SQLException {
    if (ownReturning || target == null) {
      return results;
    }
    List<TableColumn> named = new ArrayList<>();
    for (String name : columnNames) {
      named.add(new TableColumn(Identifier.of(name), target.typeOf(Identifier.of(name))));
    }
    return target.layoutOf(named);
  }

  private PhysicalStatement buildPhysical(int liveVersions) {
    // A search parameter changes the operator (LIKE becomes ~ over search tokens): never sent as written.
    boolean needsNoRewrite = template == null || (liveVersions == 1 && literals.isEmpty() && clientOrdering == null
        && parameters.stream().noneMatch(p -> p.role() == ParameterRole.SEARCH));
    if (!needsNoRewrite) {
      return template.physical(liveVersions);
    }
    // One live version (or no MATCH parameter) and no literal: the application's SQL is sent as written.
    List<PhysicalSlot> slots = new ArrayList<>();
    int[][] indexes = new int[parameters.size()][];
    for (ParameterBinding parameter : parameters) {
      slots.add(new PhysicalSlot(parameter.index(), parameter.index(), parameter.column(), parameter.role(), 0, parameter.storage()));
      indexes[parameter.index() - 1] = new int[] {parameter.index()};
    }
    return new PhysicalStatement(liveVersions, null, originalSql, slots, indexes);
  }

  @Override
  public String toString() {
    if (rejection != null) {
      return "StatementPlan[" + kind + ", rejected: " + rejection.message() + "]";
    }
    long encrypted = parameters.stream().filter(ParameterBinding::encrypted).count();
    return "StatementPlan[" + kind + ", touchesEncryption=" + touchesEncryption + ", parameters=" + parameters.size()
        + " (" + encrypted + " encrypted), literals=" + literals.size() + ", results=" + results
        + (clientOrdering == null ? "" : ", " + clientOrdering) + "]";
  }
}
