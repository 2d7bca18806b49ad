package dev.banata.vault.samples.quickstart;

import java.util.Optional;

/**
 * The quickstart's command line: nothing (an embedded PostgreSQL), or {@code --url} with
 * {@code --user} and {@code --password} for a real server.
 */
record QuickstartOptions(Optional<String> url, String user, String password, boolean help) {

  static final String USAGE = String.join(System.lineSeparator(),
      "Usage: java -jar samples/target/vault-samples-<version>.jar [--url JDBC-URL [--user NAME] [--password PASSWORD]]",
      "",
      "Without options: starts an embedded PostgreSQL (no Docker, no installed server) and shows",
      "Banata Vault for JDBC at work on it, step by step.",
      "",
      "  --url       a PostgreSQL server to run on instead: jdbc:postgresql://host:5432/db. The quickstart",
      "              works in a schema of its own (vault_quickstart_...) and drops it at the end.",
      "  --user      database user (default: postgres)",
      "  --password  database password (default: env PGPASSWORD, else none)",
      "",
      "The master secret comes from BETTER_AUTH_SECRET (at least 32 characters). When it is not set, the",
      "embedded run generates a throwaway one and says so; a run with --url needs it set.",
      "",
      "Exit code 0 when every step behaved as shown, 1 when one did not, 2 for a wrong command line.");

  /** Parses the arguments; throws {@link IllegalArgumentException} with a message for a wrong one. */
  static QuickstartOptions parse(String... args) {
    String url = null;
    String user = "postgres";
    String password = System.getenv("PGPASSWORD");
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--url" -> url = valueOf(args, ++i, arg);
        case "--user" -> user = valueOf(args, ++i, arg);
        case "--password" -> password = valueOf(args, ++i, arg);
        case "-h", "--help" -> help = true;
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (url != null && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:vault:postgresql:")) {
      throw new IllegalArgumentException("--url must start with jdbc:postgresql:");
    }
    return new QuickstartOptions(Optional.ofNullable(url), user, password == null ? "" : password, help);
  }

  private static String valueOf(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  /** The options as they appear in messages: never the password. */
  @Override
  public String toString() {
    return "QuickstartOptions[url=" + url.orElse("(embedded)") + ", user=" + user + "]";
  }
}
