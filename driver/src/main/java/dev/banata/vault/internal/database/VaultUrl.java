package dev.banata.vault.internal.database;

import dev.banata.vault.config.ConnectionProperty;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * A JDBC URL taken apart the one way the driver and the admin command both read it: the delegate's
 * URL and the vault properties.
 *
 * <p>The {@code jdbc:vault:} prefix, when there is one, is stripped exactly once
 * ({@code jdbc:vault:postgresql://h/db} names the delegate {@code jdbc:postgresql://h/db}), never
 * with {@code replace}, so a delegate URL that happens to contain {@code vault:} again is left alone;
 * a URL without it (what the admin command also accepts) names the delegate as it is.
 * {@code vault.*} parameters of the query string are removed from the delegate URL and read as vault
 * properties; every other parameter stays, byte for byte and in order.
 *
 * <p>Decoding: a parameter's name and value are percent-decoded as
 * {@code application/x-www-form-urlencoded} (UTF-8, {@code +} is a space), the way pgjdbc decodes
 * the values of its own parameters. The name is decoded before it is matched, so an encoded
 * {@code vault%2Econfig} is still a vault property and never reaches the delegate. A vault
 * parameter that is not correctly encoded is refused ({@link IllegalArgumentException} naming the
 * parameter, never its value); another parameter is the delegate's to judge and passes unchanged.
 *
 * @param delegateUrl the URL handed to the delegate driver
 * @param vaultProperties the {@code vault.*} parameters found in the query string
 */
public record VaultUrl(String delegateUrl, Properties vaultProperties) {

  public static final String PREFIX = "jdbc:vault:";

  /** Whether {@code url} is a vault URL: a pure prefix check, as {@code Driver.acceptsURL} must be. */
  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /**
   * Takes {@code url} apart (a {@code jdbc:vault:} URL or a delegate URL as it is).
   *
   * @throws IllegalArgumentException when a {@code vault.*} parameter is not correctly percent-encoded
   */
  public static VaultUrl parse(String url) {
    String delegate = accepts(url) ? "jdbc:" + url.substring(PREFIX.length()) : url;
    Properties vault = new Properties();
    int query = delegate.indexOf('?');
    if (query < 0) {
      return new VaultUrl(delegate, vault);
    }
    StringBuilder kept = new StringBuilder(delegate.length()).append(delegate, 0, query);
    char separator = '?';
    for (String parameter : delegate.substring(query + 1).split("&")) {
      if (parameter.isEmpty()) {
        continue;
      }
      int equals = parameter.indexOf('=');
      String rawName = equals < 0 ? parameter : parameter.substring(0, equals);
      String name = decodedNameOrNull(rawName);
      if (name != null && ConnectionProperty.isVaultProperty(name)) {
        vault.setProperty(name, equals < 0 ? "" : decodeValue(name, parameter.substring(equals + 1)));
      } else if (name == null && ConnectionProperty.isVaultProperty(rawName)) {
        throw notEncoded(rawName);
      } else {
        kept.append(separator).append(parameter);
        separator = '&';
      }
    }
    return new VaultUrl(kept.toString(), vault);
  }

  /** A copy: the caller may change it. */
  @Override
  public Properties vaultProperties() {
    return (Properties) vaultProperties.clone();
  }

  /**
   * The properties for the delegate driver: {@code info} without any {@code vault.*} property.
   * Never null, never {@code info} itself (the caller's object is not modified).
   */
  public static Properties delegateProperties(Properties info) {
    Properties delegate = new Properties();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        if (!ConnectionProperty.isVaultProperty(name)) {
          delegate.setProperty(name, info.getProperty(name));
        }
      }
      // Non-string values (rare, but DriverManager allows them) pass through too.
      info.forEach((key, value) -> {
        if (!(key instanceof String name && ConnectionProperty.isVaultProperty(name)) && !delegate.containsKey(key)) {
          delegate.put(key, value);
        }
      });
    }
    return delegate;
  }

  /** The vault properties of {@code info}, overridden by those of the URL's query string. */
  public Properties vaultProperties(Properties info) {
    Properties merged = new Properties();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        if (ConnectionProperty.isVaultProperty(name)) {
          merged.setProperty(name, info.getProperty(name));
        }
      }
    }
    merged.putAll(vaultProperties);
    return merged;
  }

  /** Host, port and database of the delegate, for messages: its URL without the query (which may hold a password). */
  public String describe() {
    return withoutQuery(delegateUrl);
  }

  static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  private static String decodedNameOrNull(String rawName) {
    try {
      return URLDecoder.decode(rawName, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String decodeValue(String name, String rawValue) {
    try {
      return URLDecoder.decode(rawValue, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw notEncoded(name);
    }
  }

  private static IllegalArgumentException notEncoded(String name) {
    // Names only: the value may be a secret.
    return new IllegalArgumentException("the URL parameter " + name + " is not correctly percent-encoded"
        + " (write % as %25)");
  }

  @Override
  public String toString() {
    // The delegate URL may carry a password parameter: never print it.
    int query = delegateUrl.indexOf('?');
    return "VaultUrl[" + (query < 0 ? delegateUrl : delegateUrl.substring(0, query) + "?...") + "]";
  }
}
