package dev.banata.vault.internal.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The case mappings of {@code ignore-case} search columns: a frozen table ({@code case-fold.txt}, next to
 * this class), never the running JDK's Unicode tables, so that tokens written under one JDK are found
 * under another. It covers a fixed set of characters whose lower and upper case are one code point each,
 * do not depend on context, and agree with PostgreSQL's {@code lower()}/{@code upper()} under a
 * Unicode-aware ctype (checked against the server once per data source, {@code SearchReadiness}); on the
 * set, two strings are equal lower-cased exactly when they are equal upper-cased, so the lower-case tokens
 * answer {@code upper(col) = upper(?)} too. A value with a character outside the set is refused in writes
 * into an ignore-case column and in ignore-case searches, so that no answer depends on a mapping the
 * driver and the server might disagree on.
 */
public final class CaseFold {

  private static final int[] RANGES; // start, end (inclusive), start, end, ... ascending
  private static final Map<Integer, Integer> LOWER;
  private static final Map<Integer, Integer> UPPER;

  static {
    List<int[]> ranges = new ArrayList<>();
    Map<Integer, Integer> lower = new HashMap<>();
    Map<Integer, Integer> upper = new HashMap<>();
    try (InputStream in = Objects.requireNonNull(CaseFold.class.getResourceAsStream("case-fold.txt"), "case-fold.txt");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int dots = line.indexOf("..");
        if (dots > 0) {
          ranges.add(new int[] {Integer.parseInt(line.substring(0, dots), 16), Integer.parseInt(line.substring(dots + 2), 16)});
        } else {
          String[] mapping = line.split(" ");
          int cp = Integer.parseInt(mapping[0], 16);
          lower.put(cp, Integer.parseInt(mapping[1], 16));
          upper.put(cp, Integer.parseInt(mapping[2], 16));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RANGES = new int[ranges.size() * 2];
    for (int i = 0; i < ranges.size(); i++) {
      RANGES[2 * i] = ranges.get(i)[0];
      RANGES[2 * i + 1] = ranges.get(i)[1];
      if (RANGES[2 * i] > RANGES[2 * i + 1] || i > 0 && RANGES[2 * i] <= RANGES[2 * i - 1]) {
        throw new IllegalStateException("case-fold.txt: ranges out of order at line of range " + i);
      }
    }
    LOWER = Map.copyOf(lower);
    UPPER = Map.copyOf(upper);
    for (int cp : LOWER.keySet()) {
      if (!covers(cp)) {
        throw new IllegalStateException("case-fold.txt maps a character outside its ranges");
      }
    }
  }

  /** The rule, for messages (never the value or its characters). */
  public static final String RULE = "ignore-case columns hold only characters of the driver's frozen case-folding set"
      + " (Latin, Greek, Cyrillic, Hebrew, Arabic, CJK, kana, Hangul, emoji, punctuation; not the dotless or dotted I, long s,"
      + " final sigma, micro sign, letterlike symbols such as the Kelvin sign, or characters newer than Unicode 13):"
      + " docs/SQL.md, \"Case-insensitive search\"";

  private CaseFold() {}

  /** True when {@code codePoint} is in the set. */
  public static boolean covers(int codePoint) {
    int low = 0;
    int high = RANGES.length / 2 - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (codePoint < RANGES[2 * mid]) {
        high = mid - 1;
      } else if (codePoint > RANGES[2 * mid + 1]) {
        low = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** True when every code point of {@code text} is in the set. */
  public static boolean covers(String text) {
    return text.codePoints().allMatch(CaseFold::covers);
  }

  /**
   * {@code text} lower-cased code point by code point by the table.
   *
   * @throws CryptoException (UNSUPPORTED_VALUE, with {@link #RULE}) when a character is outside the set
   */
  public static String fold(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!covers(cp)) {
        throw new CryptoException(CryptoException.Reason.UNSUPPORTED_VALUE, "a character outside the case-folding set: " + RULE);
      }
      out.appendCodePoint(LOWER.getOrDefault(cp, cp));
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /** {@code text}, every character of which is in the set, upper-cased code point by code point (for the probe). */
  public static String upper(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> out.appendCodePoint(UPPER.getOrDefault(cp, cp)));
    return out.toString();
  }

  /** Every character of the set once, ascending: the probe sent to the server's {@code lower()} (fixed text, no user data). */
  public static String probe() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < RANGES.length; i += 2) {
      for (int cp = RANGES[i]; cp <= RANGES[i + 1]; cp++) {
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }
}
