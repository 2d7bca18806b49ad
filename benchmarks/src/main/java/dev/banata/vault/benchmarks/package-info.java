/**
 * Benchmarks of the cryptography (only with {@code -Pbenchmarks}; docs/BENCHMARKS.md): JMH benchmarks
 * of one field value through the envelope next to the bare JDK AES-GCM call
 * ({@code FieldEncryptionBenchmark}), the measurement behind the deterministic construction
 * ({@code DeterministicConstructionBenchmark}), and the paired harnesses whose ratios survive a shared
 * machine ({@code PairedRatio}, {@code PairedHotPath}).
 *
 * <p>Not published. May use: anything of the vault, internals included ({@code internal.crypto}),
 * JMH, Bouncy Castle.
 */
package dev.banata.vault.benchmarks;
