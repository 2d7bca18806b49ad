package dev.banata.vault.jdbc;

import dev.banata.vault.config.ConnectionProperty;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * A {@code jdbc:vault:} URL taken apart: the delegate's URL and the vault properties.
 *
 * <p>The prefix is stripped exactly once ({@code jdbc:vault:postgresql://h/db} names the delegate
 * {@code jdbc:postgresql://h/db}), never with {@code replace}, so a delegate URL that happens to
 * contain {@code vault:} again is left alone. {@code vault.*} parameters of the query string are
 * removed from the delegate URL and read as vault properties; every other parameter stays.
 *
 * @param delegateUrl the URL handed to the delegate driver
 * @param vaultProperties the {@code vault.*} parameters found in the query string
 */
record VaultUrl(String delegateUrl, Properties vaultProperties) {

  static final String PREFIX = "jdbc:vault:";

  static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /** Takes a URL apart; call only when {@link #accepts(String)} is true. */
  static VaultUrl parse(String url) {
    String delegate = "jdbc:" + url.substring(PREFIX.length());
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
      String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
      if (ConnectionProperty.isVaultProperty(name)) {
        vault.setProperty(name, equals < 0 ? "" : decode(parameter.substring(equals + 1)));
      } else {
        kept.append(separator).append(parameter);
        separator = '&';
      }
    }
    return new VaultUrl(kept.toString(), vault);
  }

  /**
   * The properties for the delegate driver: {@code info} without any {@code vault.*} property.
   * Never null, never {@code info} itself (the caller's object is not modified).
   */
  static Properties delegateProperties(Properties info) {
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
  Properties vaultProperties(Properties info) {
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

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    // The delegate URL may carry a password parameter: never print it.
    int query = delegateUrl.indexOf('?');
    return "VaultUrl[" + (query < 0 ? delegateUrl : delegateUrl.substring(0, query) + "?...") + "]";
  }
}
