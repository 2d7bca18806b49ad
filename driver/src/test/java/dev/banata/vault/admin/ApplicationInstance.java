package dev.banata.vault.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One application instance in a JVM of its own ({@link ManyApplicationInstancesDuringRotateTest}
 * starts eight): through {@code jdbc:vault:} with its own {@code vault.key-refresh-seconds} (in the
 * URL), it updates the rows it owns ({@code id % instances == instance} among the first
 * {@code writtenRows}) and looks rows up by their deterministic email — its own rows by the email it
 * last wrote, and rows nobody writes by their first email. Runs until its standard input ends (the
 * test closes it; so does the test JVM's death), then writes its report to {@code reportFile}:
 *
 * <pre>
 * counts writes=W lookups=L misses=M errors=E
 * error SQLSTATE message        (the first error of each SQLState, if any)
 * row ID EMAIL SSN              (the last acknowledged write of each row it wrote)
 * </pre>
 *
 * Prints {@code ready} once it has written and read, and {@code progress writes=W lookups=L} twice
 * a second.
 */
public final class ApplicationInstance {

  private ApplicationInstance() {}

  /** {@code vaultUrl user password instance instances writtenRows lookedUpRows reportFile}. */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    int instance = Integer.parseInt(args[3]);
    int instances = Integer.parseInt(args[4]);
    int writtenRows = Integer.parseInt(args[5]);
    int lookedUpRows = Integer.parseInt(args[6]);
    Path report = Path.of(args[7]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    Thread stdinWatcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // Only the end of input matters.
        }
      } catch (IOException ignored) {
        // Treated as the end of input.
      }
    }, "stdin-watcher");
    stdinWatcher.setDaemon(true);
    stdinWatcher.start();

    Map<Long, String> lastWrite = new TreeMap<>();
    Map<String, String> firstErrorByState = new TreeMap<>();
    long writes = 0;
    long lookups = 0;
    long misses = 0;
    long errors = 0;
    List<Long> own = new ArrayList<>();
    for (long id = instance + 1; id <= writtenRows; id += instances) {
      own.add(id);
    }
    long lastProgress = 0;
    boolean ready = false;
    try (Connection connection = DriverManager.getConnection(url, user, password);
        PreparedStatement update = connection.prepareStatement("UPDATE customers SET email = ?, ssn = ? WHERE id = ?");
        PreparedStatement byEmail = connection.prepareStatement("SELECT id, ssn FROM customers WHERE email = ?")) {
      for (long n = 0; stdinWatcher.isAlive(); n++) {
        long id = own.get(ThreadLocalRandom.current().nextInt(own.size()));
        String ssn = "i" + instance + "-" + n;
        try {
          update.setString(1, ssn + "@example.com");
          update.setString(2, ssn);
          update.setLong(3, id);
          if (update.executeUpdate() != 1) {
            throw new IllegalStateException("row " + id + " is gone");
          }
          lastWrite.put(id, ssn);
          writes++;
        } catch (SQLException e) {
          errors++;
          firstErrorByState.putIfAbsent(String.valueOf(e.getSQLState()), e.getMessage());
        }
        // A row of its own by the email it last wrote, then a row nobody writes by its first email.
        long mine = own.get(ThreadLocalRandom.current().nextInt(own.size()));
        String mineSsn = lastWrite.get(mine);
        long other = writtenRows + 1 + ThreadLocalRandom.current().nextLong(lookedUpRows);
        for (int look = 0; look < 2; look++) {
          long expectedId = look == 0 ? mine : other;
          String expectedSsn = look == 0 ? mineSsn : "ssn-" + other;
          if (expectedSsn == null) {
            continue; // not written by this instance yet: its first email is not ours to know
          }
          String email = look == 0 ? mineSsn + "@example.com" : "user" + other + "@example.com";
          try {
            byEmail.setString(1, email);
            try (ResultSet found = byEmail.executeQuery()) {
              if (!found.next() || found.getLong(1) != expectedId || !expectedSsn.equals(found.getString(2)) || found.next()) {
                misses++;
              }
            }
            lookups++;
          } catch (SQLException e) {
            errors++;
            firstErrorByState.putIfAbsent(String.valueOf(e.getSQLState()), e.getMessage());
          }
        }
        if (!ready && writes > 0 && lookups > 0) {
          out.println("ready");
          ready = true;
        }
        long now = System.nanoTime();
        if (now - lastProgress > 500_000_000L) {
          out.println("progress writes=" + writes + " lookups=" + lookups);
          lastProgress = now;
        }
        // Eight instances share the machine with the server and the rotation: a pace, not a spin.
        Thread.sleep(5);
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add("counts writes=" + writes + " lookups=" + lookups + " misses=" + misses + " errors=" + errors);
    firstErrorByState.forEach((state, message) -> lines.add("error " + state + " " + message.replaceAll("\\s+", " ")));
    lastWrite.forEach((id, ssn) -> lines.add("row " + id + " " + ssn + "@example.com " + ssn));
    Path partial = report.resolveSibling(report.getFileName() + ".partial");
    Files.write(partial, lines, StandardCharsets.UTF_8);
    Files.move(partial, report);
    out.println("done");
  }
}
