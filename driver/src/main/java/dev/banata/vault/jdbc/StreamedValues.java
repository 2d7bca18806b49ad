package dev.banata.vault.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/** Reads a stream bound for an encrypted column into the value that is encrypted as a whole. */
final class StreamedValues {

  private StreamedValues() {}

  /** Up to {@code length} bytes (all when negative); null for a null stream. */
  static byte[] bytes(InputStream in, long length) throws SQLException {
    if (in == null) {
      return null;
    }
    try {
      return length < 0 ? in.readAllBytes() : in.readNBytes(Math.toIntExact(length));
    } catch (IOException e) {
      throw VaultSqlException.of("cannot read the stream bound for an encrypted column", VaultSqlState.DATA_EXCEPTION, e);
    }
  }

  static String ascii(InputStream in, long length) throws SQLException {
    byte[] bytes = bytes(in, length);
    return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
  }

  static String text(Reader in, long length) throws SQLException {
    if (in == null) {
      return null;
    }
    try {
      StringBuilder text = new StringBuilder();
      char[] buffer = new char[8192];
      long remaining = length < 0 ? Long.MAX_VALUE : length;
      int read;
      while (remaining > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining))) >= 0) {
        text.append(buffer, 0, read);
        remaining -= read;
      }
      return text.toString();
    } catch (IOException e) {
      throw VaultSqlException.of("cannot read the stream bound for an encrypted column", VaultSqlState.DATA_EXCEPTION, e);
    }
  }
}
