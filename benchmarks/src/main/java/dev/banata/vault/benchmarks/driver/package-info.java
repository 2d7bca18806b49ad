/**
 * Benchmarks of the JDBC driver against plain pgjdbc on the same PostgreSQL through HikariCP: the
 * workloads W1 to W4 ({@code DriverWorkloadBenchmark}, {@code DriverComparison}), the paired ratios
 * against plain pgjdbc, hand-written column encryption and ShardingSphere-JDBC's encrypt feature
 * ({@code PairedDriverRatio}, {@code HandWrittenColumnCrypto}, {@code ShardingSphereEncrypt}), and the
 * cost of single steps (a plan cache hit, decrypting one column value, client-side ordering, prefix
 * search). {@code WorkloadCheck} checks a loaded fixture before anything is measured.
 *
 * <p>Not published. May use: anything of the vault, internals included ({@code internal.crypto},
 * {@code internal.sql}), JMH, HikariCP, ShardingSphere-JDBC.
 */
package dev.banata.vault.benchmarks.driver;
