package dev.banata.vault.benchmarks.soak;

import dev.banata.vault.internal.crypto.FieldCipher;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The end of the soak: every row against the workers' models (through the vault driver) and at the
 * rotation's key version (the stored envelopes, through plain pgjdbc), and the server log searched
 * for plaintext.
 */
final class SoakVerification {

  /** What the table holds against the model. */
  record Rows(long verified, long atVersion, long inDoubtKept, long lost, long wrong, long notAtVersion, List<String> firstProblems) {
    boolean ok() {
      return lost == 0 && wrong == 0 && notAtVersion == 0;
    }
  }

  /** What the log holds. */
  record Log(long bytes, long lines, long plaintextLines, List<String> firstPlaintextLines, long controlLines, long parameterLines) {}

  private SoakVerification() {}

  static Rows rows(DataSource vault, DataSource plain, Map<Long, SoakWorker.Row> model, int version) throws SQLException {
    Map<Long, SoakWorker.Row> unseen = new HashMap<>(model);
    List<String> problems = new ArrayList<>();
    long verified = 0;
    long inDoubtKept = 0;
    long wrong = 0;
    try (Connection connection = vault.getConnection(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false); // pgjdbc streams with a fetch size only inside a transaction
      statement.setFetchSize(1000);
      try (ResultSet stored = statement.executeQuery("SELECT id, email, ssn FROM " + SoakWorker.TABLE + " ORDER BY id")) {
        while (stored.next()) {
          long id = stored.getLong(1);
          SoakWorker.Row row = unseen.remove(id);
          String tag = SoakWorker.tagOfEmail(stored.getString(2));
          if (row == null || tag == null || !tag.equals(SoakWorker.tagOfSsn(stored.getString(3))) || !row.accepts(tag)) {
            wrong++;
            note(problems, "row " + id + " holds write " + tag + "; expected " + (row == null ? "no such row" : row.acknowledged + " or in doubt " + row.inDoubt));
            continue;
          }
          verified++;
          if (!tag.equals(row.acknowledged)) {
            inDoubtKept++;
          }
        }
      }
      connection.rollback();
    }
    long lost = 0;
    for (Map.Entry<Long, SoakWorker.Row> missing : unseen.entrySet()) {
      if (missing.getValue().acknowledged != null) {
        lost++;
        note(problems, "row " + missing.getKey() + " is gone; its last acknowledged write was " + missing.getValue().acknowledged);
      }
    }
    long atVersion = 0;
    long notAtVersion = 0;
    try (Connection connection = plain.getConnection(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.setFetchSize(1000);
      try (ResultSet stored = statement.executeQuery("SELECT id, email, ssn FROM " + SoakWorker.TABLE)) {
        while (stored.next()) {
          if (atVersion(stored.getString(2), version) && atVersion(stored.getString(3), version)) {
            atVersion++;
          } else {
            notAtVersion++;
            note(problems, "row " + stored.getLong(1) + " is not at key version " + version);
          }
        }
      }
      connection.rollback();
    }
    return new Rows(verified, atVersion, inDoubtKept, lost, wrong, notAtVersion, problems);
  }

  private static boolean atVersion(String stored, int version) {
    return FieldCipher.isEnvelope(stored) && FieldCipher.keyVersionOf(stored) == version;
  }

  private static void note(List<String> problems, String problem) {
    if (problems.size() < 10) {
      problems.add(problem);
    }
  }

  /**
   * Reads the log line by line (it is larger than the heap): lines with {@link SoakWorker#MARKER}
   * are plaintext the soak wrote; lines with {@code control} are the statements the soak put there
   * on purpose, which prove that the log searched is the server's log, before and after the restart;
   * lines with bind parameters prove that the values the driver sent are in it.
   */
  static Log log(Path log, String control) throws IOException {
    // ISO-8859-1: any byte reads, and the ASCII marker is found wherever UTF-8 put it.
    long lines = 0;
    long plaintext = 0;
    long controls = 0;
    long parameters = 0;
    List<String> first = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines++;
        if (line.contains(SoakWorker.MARKER)) {
          plaintext++;
          if (first.size() < 5) {
            first.add(line.length() > 300 ? line.substring(0, 300) + "..." : line);
          }
        }
        if (line.contains(control)) {
          controls++;
        }
        if (line.contains("DETAIL:  parameters: ")) {
          parameters++;
        }
      }
    }
    return new Log(Files.size(log), lines, plaintext, first, controls, parameters);
  }
}
