package dev.banata.vault.admin;

import dev.banata.vault.internal.rewrite.Progress;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one run of the admin command gets from its surroundings: environment variables, the output
 * streams, and a terminal (when there is one) to prompt for a password without echo and to redraw
 * progress in place. Tests pass their own. An application builds one and hands it to
 * {@link AdminCommand#run}; what the command reads from it is the command's business.
 */
public final class Invocation {

  private final Function<String, String> environment;
  private final PrintStream out;
  private final PrintStream err;
  private final Console console;

  public Invocation(Function<String, String> environment, PrintStream out, PrintStream err, Console console) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.console = console;
  }

  /** The real process: {@code System.getenv}, {@code System.out/err}, {@code System.console()}. */
  public static Invocation ofProcess() {
    return new Invocation(System::getenv, System.out, System.err, System.console());
  }

  Function<String, String> environment() {
    return environment;
  }

  Optional<String> env(String name) {
    String value = environment.apply(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** True when a person is watching: progress is redrawn in place instead of printed line by line. */
  boolean interactive() {
    return console != null;
  }

  /** Reads a password from the terminal without echo; empty when there is no terminal. */
  Optional<char[]> promptPassword(String prompt) {
    if (console == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(console.readPassword("%s", prompt));
  }

  /** Progress for this run: redrawn on a terminal every 200 ms; printed every {@code interval} otherwise. */
  Progress progress(Duration interval) {
    boolean terminal = interactive();
    return new Progress(err, terminal, terminal ? Duration.ofMillis(200) : interval, System::nanoTime);
  }
}
