/**
 * The admin command's load harness ({@code AdminJobThroughput}): rows per second of
 * {@code encrypt-existing} and {@code rotate} next to an in-server {@code UPDATE} of the same table,
 * with one or several processes ({@code --shard}).
 *
 * <p>Not published. May use: {@code dev.banata.vault.admin} (the command, run in-process), pgjdbc.
 */
package dev.banata.vault.benchmarks.admin;
