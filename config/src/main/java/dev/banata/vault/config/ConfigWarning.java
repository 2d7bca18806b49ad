package dev.banata.vault.config;

import java.util.List;
import java.util.Objects;

/**
 * Something in a valid configuration that is probably not what was meant, such as a superclass
 * field that a package scan encrypts in several tables. The loader logs each warning once
 * (System.Logger, WARNING); {@link VaultConfig#warnings()} gives them as data.
 *
 * @param message what was found, where, and what to do; starts with the location, like {@link ConfigException}'s
 * @param declarations the declarations the warning is about
 */
public record ConfigWarning(String message, List<Declaration> declarations) {

  public ConfigWarning {
    Objects.requireNonNull(message, "message");
    declarations = List.copyOf(declarations);
  }
}
