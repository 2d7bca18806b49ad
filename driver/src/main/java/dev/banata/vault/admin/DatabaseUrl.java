package dev.banata.vault.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --url} of the admin command, turned into the plain PostgreSQL URL the command itself
 * connects with. The admin command reads and writes ciphertext as stored, so it never goes through
 * the vault driver: a {@code jdbc:vault:postgresql:} URL loses its {@code vault:} (exactly once), and
 * {@code vault.*} query parameters are kept aside ({@code vault.config} can name the configuration).
 */
public final class DatabaseUrl {

  private static final String VAULT_PREFIX = "jdbc:vault:";
  private static final String POSTGRES_PREFIX = "jdbc:postgresql:";

  private final String plainUrl;
  private final String configLocation;

  private DatabaseUrl(String plainUrl, String configLocation) {
    this.plainUrl = plainUrl;
    this.configLocation = configLocation;
  }

  /** Parses a {@code jdbc:postgresql:} or {@code jdbc:vault:postgresql:} URL; anything else is a {@link ExitCode#USAGE} failure. */
  public static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new AdminFailure(ExitCode.USAGE, "--url is required (or set VAULT_DB_URL): jdbc:postgresql://host:5432/db or jdbc:vault:postgresql://host:5432/db");
    }
    String trimmed = url.trim();
    String plain = trimmed.startsWith(VAULT_PREFIX) ? "jdbc:" + trimmed.substring(VAULT_PREFIX.length()) : trimmed;
    if (!plain.startsWith(POSTGRES_PREFIX)) {
      throw new AdminFailure(ExitCode.USAGE, "--url must start with jdbc:postgresql: or jdbc:vault:postgresql: (the admin command speaks PostgreSQL)");
    }
    int query = plain.indexOf('?');
    if (query < 0) {
      return new DatabaseUrl(plain, null);
    }
    List<String> kept = new ArrayList<>();
    String config = null;
    for (String parameter : plain.substring(query + 1).split("&")) {
      if (parameter.startsWith("vault.config=")) {
        config = java.net.URLDecoder.decode(parameter.substring("vault.config=".length()), java.nio.charset.StandardCharsets.UTF_8);
      } else if (!parameter.startsWith("vault.") && !parameter.isEmpty()) {
        kept.add(parameter);
      }
    }
    String base = plain.substring(0, query);
    return new DatabaseUrl(kept.isEmpty() ? base : base + "?" + String.join("&", kept), config);
  }

  /** The URL for pgjdbc, without {@code vault:} and without {@code vault.*} parameters. */
  public String plainUrl() {
    return plainUrl;
  }

  /** The {@code vault.config} parameter of the URL, if it had one. */
  public Optional<String> configLocation() {
    return Optional.ofNullable(configLocation);
  }

  /** Host, port and database for messages: the URL without its query (which may hold a password). */
  public String describe() {
    int query = plainUrl.indexOf('?');
    return query < 0 ? plainUrl : plainUrl.substring(0, query);
  }

  @Override
  public String toString() {
    return describe();
  }
}
