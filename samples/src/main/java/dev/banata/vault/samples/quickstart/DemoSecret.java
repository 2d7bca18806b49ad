package dev.banata.vault.samples.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The master secret of the embedded demo when {@code BETTER_AUTH_SECRET} is not set.
 *
 * <p>The driver reads its master secret from the environment only (on purpose: no API, file or
 * property where a secret could be written down), and a running JVM cannot change its own
 * environment. So the quickstart generates a random secret and runs itself once more, in a child
 * JVM with the same class path whose environment holds it. The secret is never printed; it dies
 * with the child, and so does everything encrypted under it — acceptable for a throwaway embedded
 * database, never for real data.
 */
final class DemoSecret {

  static final String VARIABLE = "BETTER_AUTH_SECRET";

  private DemoSecret() {}

  static boolean isSet() {
    String value = System.getenv(VARIABLE);
    return value != null && !value.isEmpty();
  }

  /** Runs the quickstart in a child JVM with a generated secret; returns the child's exit code. */
  static int runAgainWithGeneratedSecret(String[] args, PrintStream err) throws IOException, InterruptedException {
    err.println("!!! " + VARIABLE + " is not set.");
    err.println("!!! For this embedded demo only, the quickstart generated a random master secret and runs");
    err.println("!!! itself again with it. Everything encrypted in this run becomes unreadable when it ends.");
    err.println("!!! A real application sets " + VARIABLE + " itself (at least 32 characters, e.g.");
    err.println("!!! `openssl rand -base64 48`), keeps it in a secrets manager, and never loses it.");
    err.flush();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Quickstart.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder child = new ProcessBuilder(command).inheritIO();
    child.environment().put(VARIABLE, generate());
    return child.start().waitFor();
  }

  /** 48 random bytes, base64url: 64 characters, well above the 32-character minimum. */
  private static String generate() {
    byte[] bytes = new byte[48];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
