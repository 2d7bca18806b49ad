package dev.banata.vault.admin;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --app}: where the encrypted tables and columns are declared. */
final class ConfigOptions {

  /** Environment variable read when neither {@code --config} nor the URL's {@code vault.config} is given. */
  public static final String CONFIG_ENV = "VAULT_CONFIG";

  @Option(names = "--config", paramLabel = "FILE",
      description = "The application's vault.yaml (a path, or classpath:name). Default: the URL's vault.config parameter, "
          + "else env " + CONFIG_ENV + ", else classpath:vault.yaml. Annotated classes it names must be on the class path.")
  String location;

  @Option(names = "--app", paramLabel = "JAR-OR-DIR",
      description = "The application itself: a Spring Boot jar (BOOT-INF/classes, BOOT-INF/lib), a plain jar or a classes "
          + "directory. classpath:vault.yaml and @Encrypted classes are then read from it (as bytes: nothing of it runs, "
          + "no JPA jar needed) instead of from the admin command's class path.")
  Path application;
}
