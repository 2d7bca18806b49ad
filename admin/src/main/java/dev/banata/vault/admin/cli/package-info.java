/**
 * API (the {@code vault-admin} jar's entry point): {@link dev.banata.vault.admin.cli.VaultAdmin}, the
 * {@code Main-Class} of {@code vault-admin-VERSION.jar}, and nothing else. The command itself (its
 * subcommands, options and exit codes) lives in the driver's {@code dev.banata.vault.admin}; this
 * package only hands it the process's arguments, environment and streams. It is also the root the
 * shade plugin minimizes the jar from (see {@code admin/pom.xml}).
 *
 * <p>May use: {@code dev.banata.vault.admin} only.
 */
package dev.banata.vault.admin.cli;
