package dev.banata.vault.internal.sql;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The SQL of a statement that needs rewriting, cut into fixed text pieces and holes: a hole is an
 * application parameter (sent as one {@code ?}, or one per live version for MATCH) or a literal to
 * encrypt. Built once from the re-written statement; holds no value.
 */
final class SqlTemplate {

  private final String[] pieces;
  private final boolean[] literalHole;
  private final int[] refs;
  private final List<ParameterBinding> parameters;
  private final List<LiteralSlot> literals;

  private SqlTemplate(String[] pieces, boolean[] literalHole, int[] refs, List<ParameterBinding> parameters,
      List<LiteralSlot> literals) {
    this.pieces = pieces;
    this.literalHole = literalHole;
    this.refs = refs;
    this.parameters = parameters;
    this.literals = literals;
  }

  /**
   * Cuts SQL in which every parameter was written as {@code <marker>P<index>} and every literal to
   * encrypt as {@code <marker>L<ordinal>}. The marker is chosen by the caller so that it does not
   * occur in the original SQL.
   */
  static SqlTemplate fromMarked(String marked, String marker, List<ParameterBinding> parameters, List<LiteralSlot> literals) {
    List<String> pieces = new ArrayList<>();
    List<Boolean> kinds = new ArrayList<>();
    List<Integer> refs = new ArrayList<>();
    int from = 0;
    int at;
    while ((at = marked.indexOf(marker, from)) >= 0) {
      pieces.add(marked.substring(from, at));
      int cursor = at + marker.length();
      char kind = marked.charAt(cursor++);
      int digitsStart = cursor;
      while (cursor < marked.length() && Character.isDigit(marked.charAt(cursor))) {
        cursor++;
      }
      kinds.add(kind == 'L');
      refs.add(Integer.parseInt(marked.substring(digitsStart, cursor)));
      from = cursor;
    }
    pieces.add(marked.substring(from));
    boolean[] literalHole = new boolean[kinds.size()];
    int[] refArray = new int[refs.size()];
    for (int i = 0; i < literalHole.length; i++) {
      literalHole[i] = kinds.get(i);
      refArray[i] = refs.get(i);
    }
    return new SqlTemplate(pieces.toArray(new String[0]), literalHole, refArray, List.copyOf(parameters), List.copyOf(literals));
  }

  /** True when a parameter or literal is a search pattern ({@link ParameterRole#SEARCH}): the SQL is never sent as written. */
  boolean searches() {
    return searchCount() > 0;
  }

  /** The search predicates in the statement: one parameter or literal each. */
  int searchCount() {
    return (int) (parameters.stream().filter(p -> p.role() == ParameterRole.SEARCH).count()
        + literals.stream().filter(l -> l.role() == ParameterRole.SEARCH).count());
  }

  /** True when every parameter 1..parameterCount and every literal 0..literalCount-1 has exactly one hole. */
  boolean accountsFor(int parameterCount, int literalCount) {
    int[] parameterHoles = new int[parameterCount + 1];
    int[] literalHoles = new int[literalCount];
    for (int i = 0; i < refs.length; i++) {
      if (literalHole[i]) {
        if (refs[i] < 0 || refs[i] >= literalCount || literalHoles[refs[i]]++ > 0) {
          return false;
        }
      } else if (refs[i] < 1 || refs[i] > parameterCount || parameterHoles[refs[i]]++ > 0) {
        return false;
      }
    }
    for (int i = 1; i <= parameterCount; i++) {
      if (parameterHoles[i] != 1) {
        return false;
      }
    }
    for (int count : literalHoles) {
      if (count != 1) {
        return false;
      }
    }
    return true;
  }

  /** The physical statement for {@code liveVersions} live key versions. */
  PhysicalStatement physical(int liveVersions) {
    StringBuilder sql = new StringBuilder();
    List<PhysicalSlot> slots = new ArrayList<>();
    int[][] indexes = new int[parameters.size()][];
    for (int i = 0; i < refs.length; i++) {
      sql.append(pieces[i]);
      if (literalHole[i]) {
        continue;
      }
      ParameterBinding parameter = parameters.get(refs[i] - 1);
      int copies = parameter.role() == ParameterRole.MATCH ? liveVersions : 1;
      int[] physical = new int[copies];
      for (int version = 0; version < copies; version++) {
        sql.append(version == 0 ? "?" : ", ?");
        physical[version] = slots.size() + 1;
        slots.add(new PhysicalSlot(slots.size() + 1, parameter.index(), parameter.column(), parameter.role(), version,
            parameter.storage()));
      }
      indexes[parameter.index() - 1] = physical;
    }
    sql.append(pieces[pieces.length - 1]);
    return new PhysicalStatement(liveVersions, this, literals.isEmpty() ? sql.toString() : null, slots, indexes);
  }

  /** The SQL with every literal replaced by its ciphertext literal(s). */
  String render(int liveVersions, LiteralEncryptor encryptor) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < refs.length; i++) {
      sql.append(pieces[i]);
      if (!literalHole[i]) {
        ParameterBinding parameter = parameters.get(refs[i] - 1);
        int copies = parameter.role() == ParameterRole.MATCH ? liveVersions : 1;
        for (int version = 0; version < copies; version++) {
          sql.append(version == 0 ? "?" : ", ?");
        }
        continue;
      }
      LiteralSlot literal = literals.get(refs[i]);
      List<?> ciphertexts = encryptor.encrypt(literal, liveVersions);
      int expected = literal.role() == ParameterRole.MATCH ? liveVersions : 1;
      if (ciphertexts == null || ciphertexts.size() != expected) {
        throw new IllegalStateException("expected " + expected + " ciphertexts for literal of "
            + literal.column().qualifiedName() + ", got " + (ciphertexts == null ? 0 : ciphertexts.size()));
      }
      for (int version = 0; version < ciphertexts.size(); version++) {
        sql.append(version == 0 ? "" : ", ");
        appendLiteral(sql, ciphertexts.get(version), literal.storage());
      }
    }
    sql.append(pieces[pieces.length - 1]);
    return sql.toString();
  }

  /** Writes one ciphertext as a SQL literal that reads back the same whatever standard_conforming_strings says. */
  static void appendLiteral(StringBuilder sql, Object ciphertext, Storage storage) {
    if (ciphertext instanceof byte[] bytes) {
      sql.append("decode('").append(HexFormat.of().formatHex(bytes)).append("', 'hex')");
    } else if (ciphertext instanceof String text && storage == Storage.TEXT) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\\' || c < ' ') {
          // Envelopes are base64url text; anything else would need escaping rules we do not guess.
          throw new IllegalStateException("a text envelope must not contain control characters or backslashes");
        }
      }
      sql.append('\'').append(text.replace("'", "''")).append('\'');
    } else {
      throw new IllegalStateException("a " + storage + " literal needs " + (storage == Storage.TEXT ? "a String" : "a byte[]")
          + " ciphertext");
    }
  }
}
