package dev.banata.vault.jdbc;

import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.internal.keys.KeyRingSource;
import dev.banata.vault.internal.metrics.VaultMetricsAccess;
import dev.banata.vault.internal.sql.KeyRotationConflict;
import dev.banata.vault.internal.sql.PhysicalStatement;
import dev.banata.vault.internal.sql.PlanCache;
import dev.banata.vault.internal.sql.Rejection;
import dev.banata.vault.internal.sql.StatementPlan;
import dev.banata.vault.internal.sql.TableCatalog;
import dev.banata.vault.metrics.RefusalReason;
import dev.banata.vault.metrics.VaultMetrics;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything connections of one configuration share: the configuration, the plan cache, the key
 * ring and the cipher, and the table catalog. One per distinct configuration (see
 * {@link RuntimeRegistry}), never one per connection, so a statement is parsed once per process.
 * Thread-safe.
 */
final class VaultRuntime {

  private static final System.Logger LOG = System.getLogger(VaultRuntime.class.getName());

  private final VaultConfig config;
  private final PlanCache plans;
  private final KeyRingSource keys;
  private final ColumnCrypto crypto;
  /** Holds only runtime-wide state, so every result set of this runtime shares it. */
  private final ResultDecoder resultDecoder;
  private final TableColumnsCache catalog = new TableColumnsCache();
  private final Set<String> checkedShapes = ConcurrentHashMap.newKeySet();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final AtomicLong schemaGeneration = new AtomicLong();
  private final VaultMetrics metrics;
  private final ClientSort clientSort;
  private final SearchReadiness searchReadiness = new SearchReadiness();

  VaultRuntime(VaultConfig config, int planCacheSize, KeyRingSource keys, VaultMetrics metrics, ClientSort clientSort) {
    this.clientSort = clientSort;
    this.config = config;
    this.metrics = metrics;
    this.plans = new PlanCache(config, planCacheSize, VaultMetricsAccess.planCacheCounters(metrics));
    VaultMetricsAccess.trackPlanCacheSize(metrics, plans, PlanCache::size);
    this.keys = keys;
    this.crypto = new ColumnCrypto(keys, metrics);
    this.resultDecoder = new ResultDecoder(crypto, config);
    // Once per runtime, i.e. at the first connection of a configuration: names and settings, never a secret.
    LOG.log(System.Logger.Level.INFO, () -> VaultSqlException.PREFIX + config.summary());
  }

  VaultConfig config() {
    return config;
  }

  ColumnCrypto crypto() {
    return crypto;
  }

  /** How rows are ordered when the driver orders them itself ({@code vault.client-sort-*}). */
  ClientSort clientSort() {
    return clientSort;
  }

  ResultDecoder resultDecoder() {
    return resultDecoder;
  }

  PlanCache plans() {
    return plans;
  }

  /** The runtime's table catalog, resolving names on {@code connection} and reading through it when a table is not cached yet. */
  TableCatalog catalogOver(VaultConnection connection) {
    return catalog.over(connection);
  }

  /**
   * The plan of {@code sql} on {@code connection}: as read under its {@code standard_conforming_strings}
   * (a plan read under the other setting would encrypt other literal values) and with its names
   * resolved along its search path (a plan made where {@code customers} is another table would
   * encrypt other columns). On a cache miss the connection's catalog gives the tables' columns.
   */
  StatementPlan plan(String sql, VaultConnection connection) throws SQLException {
    boolean standardConformingStrings = connection.standardConformingStrings();
    StatementPlan plan;
    try {
      try {
        plan = plans.plan(sql, connection.catalog, standardConformingStrings, connection.searchPath());
      } catch (ConnectionSearchPath.Changed e) {
        // A temporary table the driver did not see created: once more under the search path as it is now.
        plan = plans.plan(sql, connection.catalog, standardConformingStrings, connection.searchPath());
      }
    } catch (ConnectionSearchPath.Changed e) {
      throw VaultSqlException.of("the names of the statement resolve differently each time they are read; the statement was not sent",
          VaultSqlState.DATA_EXCEPTION);
    } catch (TableColumnsCache.CatalogUnavailableException e) {
      throw e.sqlException();
    }
    plan.outOfReachWarning().ifPresent(this::warnOnce);
    return plan;
  }

  /**
   * Logs {@code warning} (a fixed text naming a form the driver cannot see into, never SQL or a
   * value) at WARNING, the first time this runtime meets it: refusing these forms would break
   * legitimate use (frameworks unwrap connections, applications call set-returning functions),
   * and one line per execution would drown the log.
   */
  void warnOnce(String warning) {
    if (warned.add(warning)) {
      LOG.log(System.Logger.Level.WARNING, () -> VaultSqlException.PREFIX + warning
          + " (see \"What remains out of reach\" in docs/SECURITY.md; logged once)");
    }
  }

  /** {@link #plan}, or the statement's rejection thrown as SQLState 0A000: nothing is sent. */
  StatementPlan acceptedPlan(String sql, VaultConnection connection) throws SQLException {
    StatementPlan plan = plan(sql, connection);
    if (plan.rejection().isPresent()) {
      Rejection rejection = plan.rejection().get();
      VaultMetricsAccess.refused(metrics, refusalReason(rejection.reason()), rejection.table(), rejection.column());
      throw VaultSqlException.refusal(rejection);
    }
    searchReadiness.check(plan, connection.delegate, connection.searchPath());
    return plan;
  }

  /**
   * The metrics tag of a rejection's reason: the one place the analysis' reasons meet the metrics'
   * (one to one; {@link RefusalReason#KEY_ROTATION} is no rejection of the analysis but
   * {@link #physical}'s refusal). No default: a reason added to the analysis does not compile until
   * it is mapped here.
   */
  static RefusalReason refusalReason(Rejection.Reason reason) {
    return switch (reason) {
      case PATTERN_MATCH -> RefusalReason.PATTERN_MATCH;
      case ORDERING -> RefusalReason.ORDERING;
      case ORDER_BY -> RefusalReason.ORDER_BY;
      case FUNCTION -> RefusalReason.FUNCTION;
      case EXPRESSION -> RefusalReason.EXPRESSION;
      case RANDOMIZED_EQUALITY -> RefusalReason.RANDOMIZED_EQUALITY;
      case MIXED_VALUES -> RefusalReason.MIXED_VALUES;
      case LITERAL -> RefusalReason.LITERAL;
      case UNKNOWN_COLUMNS -> RefusalReason.UNKNOWN_COLUMNS;
      case STATEMENT_SHAPE -> RefusalReason.STATEMENT_SHAPE;
      case SERVER_SIDE_CODE -> RefusalReason.SERVER_SIDE_CODE;
      case UNPARSEABLE -> RefusalReason.UNPARSEABLE;
      case OTHER -> RefusalReason.OTHER;
    };
  }

  /**
   * Tables may have changed ({@code ALTER}, {@code DROP}, {@code CREATE} through the driver, or a
   * result that no longer matches its plan): their catalog entries go, and with them every plan
   * (the plan cache does not record which tables a plan read, and DDL is rare) and every result
   * shape checked against the old catalog.
   */
  void tablesChanged(SchemaChange change) {
    if (change.isNone()) {
      return;
    }
    boolean cached = catalog.drop(change);
    if (cached || change.everyTable() || namesEncryptedTable(change)) {
      plans.clear();
      checkedShapes.clear();
      // After the clear: a statement that reads the new generation finds only plans made after it.
      schemaGeneration.incrementAndGet();
    }
  }

  /**
   * Moves on each time {@link #tablesChanged} drops plans: a prepared statement that was analysed
   * under an older value checks its analysis before its next execution. One volatile read per execution.
   */
  long schemaGeneration() {
    return schemaGeneration.get();
  }

  private boolean namesEncryptedTable(SchemaChange change) {
    for (String name : change.names()) {
      if (config.table(Identifier.exact(name)).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The plan {@code sql} gets from the tables as they are now, read through {@code connection}
   * without the catalog cache and without entering the plan cache: to tell whether a cached plan is
   * stale. Parses again, so only for the rare result whose column labels differ from the plan's.
   */
  StatementPlan planFromTheTablesAsTheyAre(String sql, VaultConnection connection) throws SQLException {
    try {
      return new PlanCache(config, 1).plan(sql, TableColumnsCache.uncached(connection), connection.standardConformingStrings());
    } catch (ConnectionSearchPath.Changed e) {
      throw VaultSqlException.of("a temporary table that the driver did not see created shadows a table of the statement;"
          + " nothing was decrypted", VaultSqlState.DATA_EXCEPTION);
    } catch (TableColumnsCache.CatalogUnavailableException e) {
      throw e.sqlException();
    }
  }

  /** Result shapes (SQL and column labels) found to match their plan: checked once, not on every result. */
  Set<String> checkedShapes() {
    return checkedShapes;
  }

  /**
   * The physical form of {@code plan} for {@code liveVersions}; refused (55000, nothing sent) when the
   * plan compares stored ciphertexts and more than one version is live: it would answer wrongly.
   */
  PhysicalStatement physical(StatementPlan plan, int liveVersions) throws SQLException {
    if (liveVersions > 1) { // the common case, one live version, asks nothing more of the plan
      Optional<KeyRotationConflict> conflict = plan.keyRotationConflict();
      if (conflict.isPresent()) {
        VaultMetricsAccess.refused(metrics, RefusalReason.KEY_ROTATION, conflict.get().table(), conflict.get().column());
        throw VaultSqlException.of(conflict.get().message(liveVersions), VaultSqlState.KEY_ROTATION_IN_PROGRESS);
      }
    }
    return plan.physical(liveVersions);
  }

  /** How many key versions are live now: the physical layout of MATCH parameters depends on it. */
  int liveVersions() {
    return keys.get().liveVersions().size();
  }
}
