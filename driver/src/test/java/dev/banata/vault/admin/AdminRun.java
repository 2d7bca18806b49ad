package dev.banata.vault.admin;

import dev.banata.vault.testing.TestSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the admin command in this JVM with a given environment and captures what it prints. */
final class AdminRun {

  static final String SECRET = "test-master-secret-0123456789-abcdefghijkl";
  static final String OTHER_SECRET = "another-master-secret-0123456789-zyxwvutsr";

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private AdminRun() {}

  static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Invocation invocation = new Invocation(env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), null);
    int code = AdminCommand.run(invocation, args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The environment of an operator with {@code secret} as BETTER_AUTH_SECRET and the test database's password. */
  static Map<String, String> env(String secret, String... previous) {
    Map<String, String> env = new HashMap<>();
    if (secret != null) {
      env.put("BETTER_AUTH_SECRET", secret);
    }
    if (previous.length > 0) {
      env.put("BETTER_AUTH_SECRET_PREVIOUS", String.join(",", previous));
    }
    env.put("VAULT_DB_PASSWORD", dev.banata.vault.testing.PostgresServer.get().password());
    return env;
  }

  /** The configuration of the rotation tests' customers table: a deterministic email and a randomized ssn. */
  static final String EMAIL_AND_SSN_YAML = """
      tables:
        customers:
          primary-key: id
          columns:
            email: { mode: deterministic }
            ssn:   { mode: randomized, context: pii }
      """;

  /** The admin command's arguments for {@code db}'s schema and {@code config}. */
  static String[] target(TestSchema db, Path config) {
    return new String[] {"--url", db.url(), "--user", db.user(), "--config", config.toString()};
  }

  /**
   * The configuration {@code <table>.yaml} in {@code dir} of a table filled by {@link Application}:
   * email deterministic and ssn randomized under the contexts Application encrypts with
   * ({@code customers.email}, {@code pii}, whatever the table's name); with {@code allowPlaintext},
   * {@code plaintext-reads: allow} (the application reads while {@code encrypt-existing} runs).
   */
  static Path applicationTableConfig(Path dir, String table, boolean allowPlaintext) {
    return config(dir, table + ".yaml", (allowPlaintext ? "plaintext-reads: allow\n" : "") + """
        tables:
          %s:
            primary-key: id
            columns:
              email: { mode: deterministic, context: customers.email }
              ssn:   { mode: randomized, context: pii }
        """.formatted(table));
  }

  /** The command's one-line reason ("vault-admin <subcommand>: ..."), without the stack trace --verbose adds. */
  static String reasonLine(String output) {
    return output.lines().filter(line -> line.startsWith("vault-admin ")).findFirst().orElse("(no reason printed)");
  }

  /** Writes a vault.yaml into {@code dir} and returns its path. */
  static Path config(Path dir, String yaml) {
    return config(dir, "vault.yaml", yaml);
  }

  static Path config(Path dir, String fileName, String yaml) {
    try {
      Path file = dir.resolve(fileName);
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
