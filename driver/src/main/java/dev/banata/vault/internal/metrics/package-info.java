/**
 * Internal: what the driver's own packages reach in {@code dev.banata.vault.metrics} that an application
 * does not: {@link dev.banata.vault.internal.metrics.VaultMetricsAccess}, the recording side of a
 * {@code VaultMetrics} (the plan cache's counters and size, refusals, decryption failures, key refreshes),
 * a door of the kind {@code internal.secrets.VaultAccess} is, and
 * {@link dev.banata.vault.internal.metrics.PlanCacheCounters}, what a plan cache counts into. Public
 * only because Java has no friend access; not in the published javadoc.
 *
 * <p>May use: {@code dev.banata.vault.metrics} (the type whose hooks it holds). Used by {@code jdbc},
 * {@code internal.keys} and {@code internal.sql} (the counters).
 */
package dev.banata.vault.internal.metrics;
