package dev.banata.vault.admin;

import picocli.CommandLine.Option;

/** How a long job works through the tables: batch size, writer threads, progress interval, sweep limit. */
final class JobOptions {

  @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "1000",
      description = "Rows per read and per UPDATE statement (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "2",
      description = "Writer threads (and database connections) per table, besides the reader (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--max-sweeps", paramLabel = "N", defaultValue = "10",
      description = "Full passes after the first, to catch rows written meanwhile, before giving up with exit code 8 (default: ${DEFAULT-VALUE}).")
  int maxSweeps;

  @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "10",
      description = "When not on a terminal: seconds between progress lines (default: ${DEFAULT-VALUE}).")
  int progressSeconds;

  void validate() {
    if (batchSize < 1) {
      throw new AdminFailure(ExitCode.USAGE, "--batch-size must be at least 1");
    }
    if (parallel < 1 || parallel > 64) {
      throw new AdminFailure(ExitCode.USAGE, "--parallel must be between 1 and 64");
    }
    if (maxSweeps < 1) {
      throw new AdminFailure(ExitCode.USAGE, "--max-sweeps must be at least 1");
    }
    if (progressSeconds < 1) {
      throw new AdminFailure(ExitCode.USAGE, "--progress-interval must be at least 1 second");
    }
  }
}
