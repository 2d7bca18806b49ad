package dev.banata.vault.jdbc;

import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.sql.PlanCache;
import dev.banata.vault.sql.StatementPlan;
import dev.banata.vault.sql.TableCatalog;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Everything connections of one configuration share: the configuration, the plan cache, the key
 * ring and the cipher, and the table catalog. One per distinct configuration (see
 * {@link RuntimeRegistry}), never one per connection, so a statement is parsed once per process.
 * Thread-safe.
 */
final class VaultRuntime {

  private final VaultConfig config;
  private final PlanCache plans;
  private final KeySource keys;
  private final ColumnCrypto crypto;
  /** Holds only runtime-wide state, so every result set of this runtime shares it. */
  private final ResultDecoder resultDecoder;
  private final TableColumnsCache catalog = new TableColumnsCache();

  VaultRuntime(VaultConfig config, int planCacheSize, KeySource keys) {
    this.config = config;
    this.plans = new PlanCache(config, planCacheSize);
    this.keys = keys;
    this.crypto = new ColumnCrypto(keys);
    this.resultDecoder = new ResultDecoder(crypto, config);
  }

  VaultConfig config() {
    return config;
  }

  ColumnCrypto crypto() {
    return crypto;
  }

  ResultDecoder resultDecoder() {
    return resultDecoder;
  }

  PlanCache plans() {
    return plans;
  }

  /** The runtime's table catalog, reading through {@code connection} when a table is not cached yet. */
  TableCatalog catalogOver(Connection connection) {
    return catalog.over(connection);
  }

  /** The plan of {@code sql}; on a cache miss {@code catalog} gives the columns of the tables it names. */
  StatementPlan plan(String sql, TableCatalog catalog) throws SQLException {
    return plan(sql, catalog, true);
  }

  /** As {@link #plan(String, TableCatalog)} for a connection with the given standard_conforming_strings. */
  StatementPlan plan(String sql, TableCatalog catalog, boolean standardConformingStrings) throws SQLException {
    try {
      return plans.plan(sql, catalog, standardConformingStrings);
    } catch (TableColumnsCache.CatalogUnavailableException e) {
      throw e.sqlException();
    }
  }

  /** The plan of {@code sql}, or the statement's rejection thrown as SQLState 0A000: nothing is sent. */
  StatementPlan acceptedPlan(String sql, TableCatalog catalog) throws SQLException {
    return acceptedPlan(sql, catalog, true);
  }

  /** As {@link #acceptedPlan(String, TableCatalog)} for a connection with the given standard_conforming_strings. */
  StatementPlan acceptedPlan(String sql, TableCatalog catalog, boolean standardConformingStrings) throws SQLException {
    StatementPlan plan = plan(sql, catalog, standardConformingStrings);
    if (plan.rejection().isPresent()) {
      // Rejection.SQL_STATE (0A000), as the vault's own exception type so pools can tell it from a broken connection.
      throw new VaultSqlException(plan.rejection().get().message(), VaultSqlState.FEATURE_NOT_SUPPORTED);
    }
    return plan;
  }

  /** How many key versions are live now: the physical layout of MATCH parameters depends on it. */
  int liveVersions() {
    return keys.get().liveVersions().size();
  }
}
