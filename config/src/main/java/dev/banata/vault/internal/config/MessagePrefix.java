package dev.banata.vault.internal.config;

/**
 * {@code "Banata Vault: "}, the prefix of every message the vault writes or raises (the JDBC layer's
 * exceptions, the configuration's warnings), and what the Spring Boot starter recognises the driver's
 * messages by. Here, in the lowest module that writes one, so that it is typed once.
 */
public final class MessagePrefix {

  /** The prefix, with its colon and space. */
  public static final String VAULT = "Banata Vault: ";

  private MessagePrefix() {}
}
