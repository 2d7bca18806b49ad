package dev.banata.vault.admin.cli;

import dev.banata.vault.admin.AdminCommand;

/**
 * The {@code Main-Class} of {@code vault-admin-VERSION.jar}: runs the admin command
 * ({@link AdminCommand}, in vault-driver) with the process's arguments, environment and streams, and
 * exits with its exit code (docs/ADMIN.md lists them).
 *
 * <p>It is also what the shade plugin minimizes the jar from: the jar keeps the classes this class
 * reaches, so a class of the command that is only loaded by name would be dropped (AdminJarIT runs
 * every job from the packaged jar to catch that).
 */
public final class VaultAdmin {

  private VaultAdmin() {}

  public static void main(String[] args) {
    AdminCommand.main(args);
  }
}
