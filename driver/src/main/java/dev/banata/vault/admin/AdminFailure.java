package dev.banata.vault.admin;

import java.util.Objects;

/**
 * Ends a subcommand with a non-zero exit code and a one-line reason for stderr. The reason names
 * tables, columns, key versions and environment variable names — never a value or a secret.
 */
final class AdminFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ExitCode exitCode;

  public AdminFailure(ExitCode exitCode, String reason) {
    super(reason);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  public AdminFailure(ExitCode exitCode, String reason, Throwable cause) {
    super(reason, cause);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
