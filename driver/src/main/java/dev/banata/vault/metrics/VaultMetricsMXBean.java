package dev.banata.vault.metrics;

/**
 * The figures of a {@link VaultMetrics} over JMX ({@code dev.banata.vault:type=VaultMetrics,name=...}),
 * registered when the connection property {@code vault.register-mbeans} is {@code true}, as HikariCP's
 * {@code registerMbeans} does for its pool. Counts only: no attribute holds a name of a value, SQL text or a secret.
 */
public interface VaultMetricsMXBean {

  long getStatementsPlanned();

  long getStatementsRefused();

  long getDecryptionFailures();

  long getPlanCacheHits();

  long getPlanCacheMisses();

  long getPlanCacheEvictions();

  int getPlanCacheSize();

  long getAnalyses();

  long getAnalysisTimeMillis();

  long getKeyRefreshes();

  long getKeyRefreshFailures();
}
