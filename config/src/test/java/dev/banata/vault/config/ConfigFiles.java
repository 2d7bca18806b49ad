package dev.banata.vault.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Writes a vault.yaml for a test and loads it the way the driver does. */
final class ConfigFiles {

  private final Path directory;

  ConfigFiles(Path directory) {
    this.directory = directory;
  }

  /** Writes {@code yaml} to {@code vault.yaml} in the test's directory and returns its path. */
  Path write(String yaml) {
    try {
      return Files.writeString(directory.resolve("vault.yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  VaultConfig load(String yaml) {
    return load(yaml, Map.of());
  }

  VaultConfig load(String yaml, Map<String, String> environment) {
    return VaultConfigLoader.load(properties(write(yaml)), getClass().getClassLoader(), environment::get);
  }

  static Properties properties(Path file) {
    Properties properties = new Properties();
    properties.setProperty("vault.config", file.toString());
    return properties;
  }

  /** The location as error messages name it. */
  String file() {
    return directory.resolve("vault.yaml").toString();
  }
}
