/**
 * The online rewrite engine behind {@code rotate}, {@code encrypt-existing}, {@code decrypt-existing},
 * {@code verify} and {@code status}: it rewrites every value of the configured columns in place on a
 * live database while applications keep writing.
 *
 * <ul>
 *   <li>What to rewrite: {@link dev.banata.vault.internal.rewrite.TableResolver} checks the configuration
 *       against the database and gives {@link dev.banata.vault.internal.rewrite.TableTarget}s
 *       ({@link dev.banata.vault.internal.rewrite.ColumnTarget}s with their SQL types and key);
 *       {@link dev.banata.vault.internal.rewrite.SafetyCheck} refuses to start when a secret is missing or a
 *       sample does not decrypt.
 *   <li>How: a {@link dev.banata.vault.internal.rewrite.RewriteJob} runs {@link dev.banata.vault.internal.rewrite.TablePass}es
 *       (keyset pages read by {@code KeysetReader}, written back by {@code CompareAndSetWriter}, which
 *       writes a row only if no application changed it since it was read; {@code UniqueIndexes} keeps
 *       deterministic unique columns consistent), sweeping again until no row is left behind.
 *   <li>What each value becomes: a {@link dev.banata.vault.internal.rewrite.ValueRewrite}
 *       ({@code ReEncryption}, {@code PlaintextEncryption}, {@code PlaintextRestoration},
 *       {@code DecryptionCheck}).
 *   <li>Crash safety: {@link dev.banata.vault.internal.rewrite.JobLock} (one job per schema; also the
 *       {@link dev.banata.vault.internal.rewrite.Fence} every batch and journal entry checks in its own
 *       transaction, so a job that lost its lock writes nothing more) and
 *       {@link dev.banata.vault.internal.rewrite.JobJournal} (checkpoints, so a run after a crash continues).
 *   <li>Several processes, one job: a {@link dev.banata.vault.internal.rewrite.Shard} ({@code --shard K/N})
 *       restricts every read to the rows whose key hashes into its part; each part has its own lock,
 *       fence and checkpoints, and the parts share the job's row in the journal.
 *   <li>Reporting: {@link dev.banata.vault.internal.rewrite.KeyUsage} (values per key version),
 *       {@link dev.banata.vault.internal.rewrite.FailureLog}, {@link dev.banata.vault.internal.rewrite.Progress}; failures are
 *       {@link dev.banata.vault.internal.rewrite.RewriteFailure}s with a reason, never exit codes.
 * </ul>
 *
 * <p>May use: {@code keys}, {@code crypto}, {@code columns}, {@code database}, {@code config}, {@code annotations},
 * pgjdbc. Never {@code admin} (the command line), the JDBC wrappers or SQL analysis.
 */
package dev.banata.vault.internal.rewrite;
