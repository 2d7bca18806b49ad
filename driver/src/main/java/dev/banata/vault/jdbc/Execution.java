package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.ClientOrdering;
import dev.banata.vault.internal.sql.ResultLayout;
import dev.banata.vault.internal.sql.StatementPlan;
import java.sql.SQLException;

/**
 * What one execution of a statement produced, as far as decryption is concerned: the layout of its
 * result, of the results after it ({@code getMoreResults}) and of its generated keys, with the SQL
 * and the generated-keys request they were planned from (for {@link ResultShapeCheck}), and the
 * tables it may have changed when it is DDL. Immutable.
 *
 * <p>A statement makes an execution its current one only once the delegate's execution has
 * succeeded: a refused or failed execution, an {@code addBatch} or a {@code clearBatch} leaves the
 * layouts of the results the delegate still holds. While the delegate executes (and when it
 * fails), the results it holds come from either execution: {@link #UNKNOWN} unless both decrypt
 * alike. A {@code null} layout means "not known": a result there is refused rather than handed
 * out undecrypted.
 */
final class Execution {

  /** Nothing executed yet, or an execution that involves no encrypted column. */
  static final Execution PLAIN = new Execution(null, GeneratedKeysRequest.NONE, ResultLayout.none(), ResultLayout.none(), SchemaChange.NONE);

  /**
   * A batch of plain-statement SQL strings one of which reads encrypted columns: no single plan
   * describes a result the delegate might hold after it (pgjdbc holds none), so one is refused.
   */
  static final Execution BATCH_WITH_ENCRYPTED_RESULTS = new Execution(null, GeneratedKeysRequest.NONE, null, ResultLayout.none(), SchemaChange.NONE);

  /**
   * Results the delegate holds while an execution is under way, or after one failed: either the
   * previous execution's or the failed one's (pgjdbc keeps the result of an executeUpdate that
   * returned rows), with different layouts. Every non-empty result there is refused.
   */
  static final Execution UNKNOWN = new Execution(null, GeneratedKeysRequest.NONE, null, null, SchemaChange.NONE);

  private final String sql;
  private final GeneratedKeysRequest keysRequest;
  private final ResultLayout results;
  private final ResultLayout generatedKeys;
  private final SchemaChange schemaChange;
  /** The order the driver puts the first result's rows in, or null (the database orders, or nothing does). */
  private final ClientOrdering clientOrdering;

  private Execution(String sql, GeneratedKeysRequest keysRequest, ResultLayout results, ResultLayout generatedKeys,
      SchemaChange schemaChange) {
    this(sql, keysRequest, results, generatedKeys, schemaChange, null);
  }

  private Execution(String sql, GeneratedKeysRequest keysRequest, ResultLayout results, ResultLayout generatedKeys,
      SchemaChange schemaChange, ClientOrdering clientOrdering) {
    this.clientOrdering = clientOrdering;
    this.sql = sql;
    this.keysRequest = keysRequest;
    this.results = results;
    this.generatedKeys = generatedKeys;
    this.schemaChange = schemaChange;
  }

  /**
   * The execution of {@code sql} planned as {@code plan} with {@code keys}; throws a refusal (0A000)
   * for a generated-keys request the vault cannot decrypt, so call it before anything is sent.
   */
  static Execution of(String sql, StatementPlan plan, GeneratedKeysRequest keys) throws SQLException {
    if (!plan.touchesEncryption()) {
      // Nothing to decrypt and nothing to check: no allocation for the common case, DDL aside.
      SchemaChange change = SchemaChange.of(sql, plan);
      return change.isNone() ? PLAIN : new Execution(null, GeneratedKeysRequest.NONE, ResultLayout.none(), ResultLayout.none(), change);
    }
    return overEncrypted(sql, plan, keys);
  }

  private static Execution overEncrypted(String sql, StatementPlan plan, GeneratedKeysRequest keys) throws SQLException {
    return new Execution(sql, keys, plan.results(), keys.layoutIn(plan), SchemaChange.NONE, plan.clientOrdering().orElse(null));
  }

  /**
   * Whether {@code next} decrypts the delegate's results as this one does: then it does not matter
   * which of the two produced what the delegate holds. {@code current} is the layout in use now
   * (the first or a following result's).
   */
  boolean decryptsLike(ResultLayout current, Execution next) {
    return current != null && current == next.results && generatedKeys != null && generatedKeys == next.generatedKeys
        && clientOrdering == next.clientOrdering;
  }

  /**
   * The execution of a prepared statement: as {@link #of}, always with its SQL and request (a
   * prepared statement checks its analysis against them after DDL, see {@code VaultPreparedStatement}).
   */
  static Execution ofPrepared(String sql, StatementPlan plan, GeneratedKeysRequest keys) throws SQLException {
    if (plan.touchesEncryption()) {
      return overEncrypted(sql, plan, keys); // already with its SQL and request: one allocation per prepare
    }
    Execution execution = of(sql, plan, keys);
    return new Execution(sql, keys, execution.results, execution.generatedKeys, execution.schemaChange, execution.clientOrdering);
  }

  /** Whether {@code other} decrypts its results and generated keys exactly as this one (same columns, same places). */
  boolean sameLayoutsAs(Execution other) {
    return ResultShapeCheck.sameLayout(results, other.results) && ResultShapeCheck.sameLayout(generatedKeys, other.generatedKeys);
  }

  /** The order the driver puts the rows of the first result in ({@link SortedResultSet}), or null. */
  ClientOrdering clientOrdering() {
    return clientOrdering;
  }

  /** The layout of the first result; null when not known. */
  ResultLayout results() {
    return results;
  }

  /**
   * The layout of a result after {@code getMoreResults}. A statement that reads encrypted columns was
   * analysed as one statement with one result: another one is not described by its plan.
   */
  ResultLayout followingResults() {
    return results != null && !results.anyEncrypted() ? ResultLayout.none() : null;
  }

  ResultLayout generatedKeys() {
    return generatedKeys;
  }

  /** The tables this execution (DDL) may have changed. */
  SchemaChange schemaChange() {
    return schemaChange;
  }

  /** The application's SQL the layouts were planned from; null for {@link #PLAIN}. */
  String sql() {
    return sql;
  }

  GeneratedKeysRequest keysRequest() {
    return keysRequest;
  }
}
