package dev.banata.vault.sql;

import dev.banata.vault.config.VaultConfig;

/** Turns one SQL string into a {@link StatementPlan}. (Work in progress: passes everything through.) */
final class StatementAnalyzer {

  private final VaultConfig config;
  private final SqlParser parser;

  StatementAnalyzer(VaultConfig config, SqlParser parser) {
    this.config = config;
    this.parser = parser;
  }

  StatementPlan analyze(String sql, TableCatalog catalog) {
    return StatementPlan.passThrough(StatementKind.OTHER, 0);
  }
}
