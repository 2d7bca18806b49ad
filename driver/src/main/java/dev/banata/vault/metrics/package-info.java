/**
 * API: what the driver counts, without any metrics library: {@link dev.banata.vault.metrics.VaultMetrics}
 * (one instance per metrics name, {@code vault.metrics-name}: statements planned and refused by
 * {@link dev.banata.vault.metrics.Refusal} series, decryption failures by column, the plan cache, key
 * refreshes, analysis time), its JMX view ({@link dev.banata.vault.metrics.VaultMetricsMXBean}) and the
 * fixed {@code reason} tag of a refusal ({@link dev.banata.vault.metrics.RefusalReason}). Names,
 * counts and durations only: never SQL text, a value or a secret (docs/METRICS.md).
 *
 * <p>An application reads; the driver records through {@code internal.metrics.VaultMetricsAccess}, whose
 * hooks {@code VaultMetrics} installs; the plan cache counts into an {@code internal.metrics.PlanCacheCounters}.
 *
 * <p>May use: the JDK only ({@code java.management} only through {@code VaultMetricsJmx}, when JMX is
 * asked for), and {@code internal.metrics} for its door. Used by {@code jdbc}, {@code internal.sql} (the
 * plan cache's counters) and {@code internal.keys} (key refreshes); knows none of them.
 */
package dev.banata.vault.metrics;
