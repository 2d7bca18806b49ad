package dev.banata.vault.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The released {@code vault-admin} jar run as an operator runs it: {@code java -jar} in a JVM of its
 * own, against the database of a {@link TestSchema}, given to it the way docs/ADMIN.md tells
 * ({@code VAULT_DB_URL}, {@code VAULT_DB_USER}, {@code VAULT_DB_PASSWORD}, the master secret in
 * {@code BETTER_AUTH_SECRET}). Immutable; each {@code with} returns a new runner.
 */
public final class AdminJar {

  /** An exit code and everything the command printed (standard output and error, interleaved). */
  public record Run(int code, String output) {}

  private final Path jar;
  private final TestSchema db;
  private final String secret;
  private final List<String> jvmOptions;
  private final List<String> lastArguments;

  private AdminJar(Path jar, TestSchema db, String secret, List<String> jvmOptions, List<String> lastArguments) {
    this.jar = jar;
    this.db = db;
    this.secret = secret;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.lastArguments = List.copyOf(lastArguments);
  }

  /** {@code jar} against {@code db}'s database, with {@code secret} as the master secret. */
  public static AdminJar of(Path jar, TestSchema db, String secret) {
    return new AdminJar(jar, db, secret, List.of(), List.of());
  }

  /** Options of the jar's JVM, e.g. {@code -Xmx128m}. */
  public AdminJar withJvmOptions(String... options) {
    return new AdminJar(jar, db, secret, List.of(options), lastArguments);
  }

  /** Arguments after those of every {@link #run}, e.g. {@code --app clinic.jar}. */
  public AdminJar withLastArguments(String... arguments) {
    return new AdminJar(jar, db, secret, jvmOptions, List.of(arguments));
  }

  /** Runs {@code java -jar vault-admin.jar <arguments>} to its end (at most two minutes). */
  public Run run(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(arguments));
    command.addAll(lastArguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("BETTER_AUTH_SECRET", secret);
    builder.environment().put("VAULT_DB_URL", db.url());
    builder.environment().put("VAULT_DB_USER", db.user());
    if (db.password() != null) {
      builder.environment().put("VAULT_DB_PASSWORD", db.password());
    }
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("vault-admin " + String.join(" ", arguments) + " did not end within 120 s:\n"
          + new String(output, StandardCharsets.UTF_8));
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
