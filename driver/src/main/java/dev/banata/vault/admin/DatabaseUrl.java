package dev.banata.vault.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

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
  private final Properties vaultProperties;

  private DatabaseUrl(String plainUrl, Properties vaultProperties) {
    this.plainUrl = plainUrl;
    this.vaultProperties = vaultProperties;
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
    Properties vault = new Properties();
    int query = plain.indexOf('?');
    if (query < 0) {
      return new DatabaseUrl(plain, vault);
    }
    List<String> kept = new ArrayList<>();
    for (String parameter : plain.substring(query + 1).split("&")) {
      if (parameter.startsWith("vault.")) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
        vault.setProperty(name, value);
      } else if (!parameter.isEmpty()) {
        kept.add(parameter);
      }
    }
    String base = plain.substring(0, query);
    return new DatabaseUrl(kept.isEmpty() ? base : base + "?" + String.join("&", kept), vault);
  }

  /** The URL for pgjdbc, without {@code vault:} and without {@code vault.*} parameters. */
  public String plainUrl() {
    return plainUrl;
  }

  /** The {@code vault.*} parameters of the URL ({@code vault.config}, {@code vault.annotated-classes}, ...): where the configuration is. */
  public Properties vaultProperties() {
    Properties copy = new Properties();
    copy.putAll(vaultProperties);
    return copy;
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
