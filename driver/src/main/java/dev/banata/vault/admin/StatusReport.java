package dev.banata.vault.admin;

import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.StoredKeyVersion;
import dev.banata.vault.internal.rewrite.KeyUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders what {@code status} found, as aligned text tables or as JSON. Holds counts and names only. */
final class StatusReport {

  /** One key version as shown: recorded in vault_key, or only seen in data. */
  record VersionLine(int version, String state, String secret, String createdAt, String retiredAt, long values, boolean unused) {}

  private final List<VersionLine> versions = new ArrayList<>();
  private final KeyUsage.Report usage;
  private final List<String> unfinishedJobs;

  StatusReport(List<StoredKeyVersion> recorded, KeyUsage.Report usage, MasterSecrets secrets, List<String> unfinishedJobs) {
    this.usage = usage;
    this.unfinishedJobs = List.copyOf(unfinishedJobs);
    int primary = recorded.stream().filter(StoredKeyVersion::isLive).mapToInt(StoredKeyVersion::version).max().orElse(1);
    Map<Integer, StoredKeyVersion> byVersion = new TreeMap<>();
    recorded.forEach(v -> byVersion.put(v.version(), v));
    TreeMap<Integer, Boolean> all = new TreeMap<>();
    byVersion.keySet().forEach(v -> all.put(v, true));
    usage.versionsInUse().forEach(v -> all.put(v, true));
    if (all.isEmpty()) {
      all.put(1, true);
    }
    for (int version : all.keySet()) {
      StoredKeyVersion row = byVersion.get(version);
      long values = usage.valuesAt(version);
      String state;
      String secret;
      if (row == null) {
        state = recorded.isEmpty() && version == 1 ? "primary (implicit)" : "unrecorded";
        secret = recorded.isEmpty() && version == 1 ? (secrets == null ? "not checked" : "current") : "unknown";
      } else {
        state = !row.isLive() ? "retired" : row.version() == primary ? "primary" : "live";
        secret = secrets == null ? "not checked"
            : secrets.byFingerprint(row.fingerprint()).map(s -> s.equals(secrets.current()) ? "current" : "previous").orElse("MISSING");
      }
      boolean unused = values == 0 && state.equals("live");
      versions.add(new VersionLine(version, state, secret, row == null ? "" : row.createdAt().toString(),
          row == null || row.retiredAt() == null ? "" : row.retiredAt().toString(), values, unused));
    }
  }

  List<VersionLine> versions() {
    return versions;
  }

  String toText() {
    StringBuilder out = new StringBuilder("Key versions\n");
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"VERSION", "STATE", "SECRET", "CREATED", "RETIRED", "VALUES", ""});
    for (VersionLine line : versions) {
      lines.add(new String[] {String.valueOf(line.version()), line.state(), line.secret(), dash(line.createdAt()), dash(line.retiredAt()),
          StatusCommand.count(line.values()), note(line)});
    }
    table(out, lines);
    out.append("\nEncrypted values\n");
    List<String[]> columns = new ArrayList<>();
    columns.add(new String[] {"COLUMN", "ROWS", "NULL", "PLAINTEXT", "BY KEY VERSION"});
    for (KeyUsage.ColumnUsage column : usage.columns()) {
      columns.add(new String[] {column.table() + "." + column.column(), StatusCommand.count(column.rows()), StatusCommand.count(column.nulls()),
          StatusCommand.count(column.plaintext()), byVersion(column.byVersion())});
    }
    if (usage.vaultSecretRows() >= 0) {
      columns.add(new String[] {"vault_secret", StatusCommand.count(usage.vaultSecretRows()), "0", "0", byVersion(usage.vaultSecretByVersion())});
    } else {
      columns.add(new String[] {"vault_secret", "-", "-", "-", "not installed (vault-admin install)"});
    }
    table(out, columns);
    for (KeyUsage.ColumnUsage column : usage.columns()) {
      if (column.withoutSearchTokens() > 0) {
        out.append("\n").append(column.table()).append('.').append(column.column()).append(": ")
            .append(StatusCommand.count(column.withoutSearchTokens()))
            .append(" values without their search tokens; the driver refuses searches and = on the column until vault-admin rotate adds them\n");
      }
    }
    if (!unfinishedJobs.isEmpty()) {
      out.append("\nUnfinished jobs: ").append(String.join(", ", unfinishedJobs)).append(" (run the same command again to continue)\n");
    }
    return out.toString();
  }

  String toJson() {
    StringBuilder out = new StringBuilder("{\n  \"keyVersions\": [");
    for (int i = 0; i < versions.size(); i++) {
      VersionLine line = versions.get(i);
      out.append(i == 0 ? "\n" : ",\n").append("    {\"version\": ").append(line.version())
          .append(", \"state\": ").append(quote(line.state()))
          .append(", \"secret\": ").append(quote(line.secret()))
          .append(", \"createdAt\": ").append(line.createdAt().isEmpty() ? "null" : quote(line.createdAt()))
          .append(", \"retiredAt\": ").append(line.retiredAt().isEmpty() ? "null" : quote(line.retiredAt()))
          .append(", \"values\": ").append(line.values())
          .append(", \"unused\": ").append(line.unused()).append('}');
    }
    out.append("\n  ],\n  \"columns\": [");
    for (int i = 0; i < usage.columns().size(); i++) {
      KeyUsage.ColumnUsage column = usage.columns().get(i);
      out.append(i == 0 ? "\n" : ",\n").append("    {\"table\": ").append(quote(column.table()))
          .append(", \"column\": ").append(quote(column.column()))
          .append(", \"rows\": ").append(column.rows())
          .append(", \"nulls\": ").append(column.nulls())
          .append(", \"plaintext\": ").append(column.plaintext())
          .append(column.withoutSearchTokens() < 0 ? "" : ", \"withoutSearchTokens\": " + column.withoutSearchTokens())
          .append(", \"byVersion\": ").append(versionsJson(column.byVersion())).append('}');
    }
    out.append("\n  ],\n  \"vaultSecret\": ");
    if (usage.vaultSecretRows() < 0) {
      out.append("null");
    } else {
      out.append("{\"rows\": ").append(usage.vaultSecretRows()).append(", \"byVersion\": ").append(versionsJson(usage.vaultSecretByVersion())).append('}');
    }
    out.append(",\n  \"unfinishedJobs\": [")
        .append(unfinishedJobs.stream().map(StatusReport::quote).collect(Collectors.joining(", "))).append("]\n}\n");
    return out.toString();
  }

  private static String note(VersionLine line) {
    if (line.unused()) {
      return "no value uses it any more: can be retired (vault-admin retire " + line.version() + ")";
    }
    if (line.values() > 0 && (line.state().equals("retired") || line.state().equals("unrecorded"))) {
      return "WARNING: values use a version that is not live; they do not decrypt (vault-admin verify lists them)";
    }
    if (line.values() > 0 && line.secret().equals("MISSING")) {
      return "WARNING: its master secret is not configured; these values do not decrypt here";
    }
    return "";
  }

  private static String byVersion(Map<Integer, Long> byVersion) {
    if (byVersion.isEmpty()) {
      return "-";
    }
    return byVersion.entrySet().stream().map(e -> "v" + e.getKey() + ": " + StatusCommand.count(e.getValue())).collect(Collectors.joining(", "));
  }

  private static String versionsJson(Map<Integer, Long> byVersion) {
    return byVersion.entrySet().stream().map(e -> quote(String.valueOf(e.getKey())) + ": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String dash(String value) {
    return value.isEmpty() ? "-" : value;
  }

  private static void table(StringBuilder out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < row.length; i++) {
        line.append(' ').append(row[i]).append(" ".repeat(widths[i] - row[i].length())).append(' ');
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
