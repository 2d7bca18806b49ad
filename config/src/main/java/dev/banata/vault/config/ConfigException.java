package dev.banata.vault.config;

/** A configuration a user must fix. The message names where (file and line, or class and field) and what. */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
