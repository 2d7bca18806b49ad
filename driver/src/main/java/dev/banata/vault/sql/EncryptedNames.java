package dev.banata.vault.sql;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.EncryptedTable;
import dev.banata.vault.config.VaultConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the name of an encrypted table or column in SQL text the analysis could not read, by a
 * case-insensitive whole-word match. Deliberately coarse: it errs towards finding a name (a
 * comment or a string containing {@code email} counts), because what it decides is whether to
 * refuse a statement nobody understood.
 */
final class EncryptedNames {

  private final List<Name> names = new ArrayList<>();

  private record Name(String word, String table, String column) {}

  EncryptedNames(VaultConfig config) {
    for (EncryptedTable table : config.tables()) {
      if (table.columns().isEmpty()) {
        continue;
      }
      for (EncryptedColumn column : table.encryptedColumns()) {
        names.add(new Name(column.column().name().toLowerCase(Locale.ROOT), table.name().name(), column.column().name()));
      }
    }
    // Columns first: a rejection naming the column is the more useful one.
    for (EncryptedTable table : config.tables()) {
      if (!table.columns().isEmpty()) {
        names.add(new Name(table.name().name().toLowerCase(Locale.ROOT), table.name().name(), null));
      }
    }
  }

  /** The rejection for {@code operation} naming the first encrypted table or column {@code sql} mentions, or null. */
  Rejection firstMentionIn(String sql, String operation) {
    if (names.isEmpty()) {
      return null;
    }
    String text = sql.toLowerCase(Locale.ROOT);
    for (Name name : names) {
      if (containsWord(text, name.word())) {
        return new Rejection(name.table(), name.column(), operation);
      }
    }
    return null;
  }

  /** The rejection for {@code operation} naming the first encrypted table, or null when nothing is encrypted. */
  Rejection anyTable(String operation) {
    for (Name name : names) {
      if (name.column() == null) {
        return new Rejection(name.table(), null, operation);
      }
    }
    return null;
  }

  private static boolean containsWord(String text, String word) {
    int from = 0;
    int at;
    while ((at = text.indexOf(word, from)) >= 0) {
      int end = at + word.length();
      if ((at == 0 || !isWordChar(text.charAt(at - 1))) && (end == text.length() || !isWordChar(text.charAt(end)))) {
        return true;
      }
      from = at + 1;
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
