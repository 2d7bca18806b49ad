/**
 * API: the figures of a {@link dev.banata.vault.metrics.VaultMetrics} as Micrometer meters
 * ({@link dev.banata.vault.metrics.micrometer.VaultMeterBinder}), named and tagged the way HikariCP
 * names its pool's. Its own package so that Micrometer, an optional dependency, is linked only by an
 * application that binds the meters.
 *
 * <p>May use: {@code dev.banata.vault.metrics} and Micrometer.
 */
package dev.banata.vault.metrics.micrometer;
