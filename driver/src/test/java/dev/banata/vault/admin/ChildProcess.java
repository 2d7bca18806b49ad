package dev.banata.vault.admin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The admin command in a JVM of its own — the way operators run it, and the only way to kill -9 it. */
final class ChildProcess {

  private final Process process;
  private final Path log;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java [jvmOptions] -cp <test class path> dev.banata.vault.admin.AdminCommand args}. */
  static ChildProcess start(Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AdminCommand.class.getName());
    command.addAll(List.of(args));
    Path log = Files.createTempFile("vault-admin-child", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.directory(new File(System.getProperty("user.dir")));
    return new ChildProcess(builder.start(), log);
  }

  /** SIGKILL: no shutdown hook, no finally block, no clean close of connections. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int waitFor(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the admin command did not finish within " + seconds + " s:\n" + output());
    }
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
