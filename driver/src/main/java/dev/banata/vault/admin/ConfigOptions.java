package dev.banata.vault.admin;

import picocli.CommandLine.Option;

/** {@code --config}: where the encrypted tables and columns are declared. */
public final class ConfigOptions {

  /** Environment variable read when neither {@code --config} nor the URL's {@code vault.config} is given. */
  public static final String CONFIG_ENV = "VAULT_CONFIG";

  @Option(names = "--config", paramLabel = "FILE",
      description = "The application's vault.yaml (a path, or classpath:name). Default: the URL's vault.config parameter, "
          + "else env " + CONFIG_ENV + ", else classpath:vault.yaml. Annotated classes it names must be on the class path.")
  String location;
}
