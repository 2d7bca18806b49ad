package dev.banata.vault.internal.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.SearchOptions;
import dev.banata.vault.internal.columns.ColumnSearch;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.KeyVersion;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conditions a sweep leaves rows on the server with ({@link ValueRewrite#leftAloneSql}), evaluated
 * by PostgreSQL on envelopes, plaintext and every one-character change of envelopes: a value the
 * condition holds for is one the rewrite leaves without failing, and the values a finished job
 * wrote do hold it (or the sweep would save nothing).
 */
@DatabaseTest
class LeftAloneSqlTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  private static final String OLD = "left-alone-test-secret-old-0123456789abcdef";
  private static final String NEW = "left-alone-test-secret-new-0123456789abcdef";

  private static final KeyRing V1 = ring(false);
  private static final KeyRing V2 = ring(true);

  @Test
  void reEncryptionLeavesOnTheServerExactlyTheValuesAtTheTargetVersionModeAndTokens() throws SQLException {
    ReEncryption rotate = new ReEncryption(V2);
    for (ColumnTarget column : columns()) {
      List<Object> current = envelopes(FieldCipher.of(V2), column, column.column().mode());
      List<Object> values = new ArrayList<>(current);
      values.addAll(envelopes(FieldCipher.of(V1), column, column.column().mode()));
      values.addAll(envelopes(FieldCipher.of(V2), column, column.column().mode() == Mode.DETERMINISTIC ? Mode.RANDOMIZED : Mode.DETERMINISTIC));
      values.addAll(plaintexts(column));
      values.addAll(mutations(current));
      check(column, rotate, values, current);
    }
  }

  @Test
  void plaintextEncryptionLeavesOnTheServerOnlyWellFormedEnvelopes() throws SQLException {
    PlaintextEncryption encrypt = new PlaintextEncryption(V2);
    for (ColumnTarget column : columns()) {
      List<Object> values = new ArrayList<>();
      List<Object> expectedLeft = new ArrayList<>();
      for (KeyRing ring : List.of(V1, V2)) {
        for (Mode mode : Mode.values()) {
          List<Object> envelopes = envelopes(FieldCipher.of(ring), column, mode);
          values.addAll(envelopes);
          values.addAll(mutations(envelopes));
          if (column.binary() || ColumnSearch.prefixIndex(column.column()) == null) {
            expectedLeft.addAll(envelopes);
          }
        }
      }
      values.addAll(plaintexts(column));
      check(column, encrypt, values, expectedLeft);
    }
  }

  /** Every value the condition holds for is left by {@code rewrite}; each of {@code mustHold} is among them. */
  private static void check(ColumnTarget column, ValueRewrite rewrite, List<Object> values, List<Object> mustHold) throws SQLException {
    String condition = rewrite.leftAloneSql(column, "v.s");
    assertThat(condition).isNotNull();
    String sql = "SELECT " + condition + " FROM (SELECT CAST(? AS " + column.sqlType() + ") AS s) v";
    try (Connection connection = db.plainConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Object value : values) {
        if (value instanceof byte[] bytes) {
          statement.setBytes(1, bytes);
        } else {
          statement.setString(1, (String) value);
        }
        boolean left;
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          left = result.getBoolean(1);
        }
        String what = column.qualifiedName() + " " + describe(value);
        if (left) {
          Object replacement;
          try {
            replacement = rewrite.rewrite(column, value);
          } catch (UnreadableValue e) {
            replacement = e;
          }
          assertThat(replacement).as("left on the server but rewritten or reported: %s", what).isNull();
        }
        if (mustHold.contains(value)) {
          assertThat(left).as("a value the job is done with is read again: %s", what).isTrue();
        }
      }
    }
  }

  private static List<ColumnTarget> columns() {
    return List.of(
        new ColumnTarget(column("email", Mode.DETERMINISTIC, SearchOptions.NONE), false),
        new ColumnTarget(column("name", Mode.DETERMINISTIC, SearchOptions.prefix(true, 3)), false),
        new ColumnTarget(column("ssn", Mode.RANDOMIZED, SearchOptions.NONE), false),
        new ColumnTarget(column("photo", Mode.RANDOMIZED, SearchOptions.NONE), true));
  }

  private static EncryptedColumn column(String name, Mode mode, SearchOptions search) {
    return new EncryptedColumn(Identifier.of("people"), Identifier.of(name), mode, "people." + name, ValueType.TEXT, OptionalInt.empty(), "test",
        search);
  }

  private static List<Object> envelopes(FieldCipher cipher, ColumnTarget column, Mode mode) {
    List<Object> envelopes = new ArrayList<>();
    for (String value : List.of("", "a", "Alice Example", "x".repeat(200))) {
      // Search tokens only go with the deterministic mode.
      envelopes.add(cipher.encrypt(column.binary(), mode, column.column().context(), ValueType.TEXT, value,
          mode == Mode.DETERMINISTIC ? ColumnSearch.prefixIndex(column.column()) : null));
    }
    return envelopes;
  }

  private static List<Object> plaintexts(ColumnTarget column) {
    List<Object> values = new ArrayList<>();
    for (String text : List.of("", "alice@example.com", "bv1:", "bv1:ulYBRAAAAAIx", "bv1:ulYBRAAAAAI" + "A".repeat(60), "bv1:ulYBRAAAAAAA" + "A".repeat(60),
        "bv1:ulYBVAAAAAIA" + "A".repeat(61), "bv1:ulYBRAAAAAIA" + "A".repeat(50) + "==", "bv1:ulYBRAAAAAIA" + "A".repeat(50) + ".x")) {
      values.add(column.binary() ? text.getBytes(StandardCharsets.UTF_8) : text);
    }
    if (column.binary()) {
      byte[] header = {(byte) 0xBA, 0x56, 1, 'R', 0, 0, 0, 2};
      values.add(header);
      values.add(java.util.Arrays.copyOf(header, 36));
      byte[] negative = java.util.Arrays.copyOf(header, 60);
      negative[4] = (byte) 0x80;
      values.add(negative);
    }
    return values;
  }

  /** Each envelope with one character (or byte) of its first 24 changed, and cut short, and extended. */
  private static List<Object> mutations(List<Object> envelopes) {
    List<Object> changed = new ArrayList<>();
    for (Object envelope : envelopes) {
      if (envelope instanceof byte[] bytes) {
        for (int i = 0; i < 24; i++) {
          byte[] copy = bytes.clone();
          copy[i] ^= 0x01;
          changed.add(copy);
        }
        changed.add(java.util.Arrays.copyOf(bytes, 36));
      } else {
        String text = (String) envelope;
        for (int i = 0; i < 24; i++) {
          for (char c : new char[] {'A', 'b', '-', '_', '=', '.', '+'}) {
            if (text.charAt(i) != c) {
              changed.add(text.substring(0, i) + c + text.substring(i + 1));
            }
          }
        }
        changed.add(text.substring(0, Math.min(text.length(), 53)));
        changed.add(text.substring(0, text.length() - 1));
        changed.add(text + "A");
        changed.add(text + ".");
      }
    }
    return changed;
  }

  private static String describe(Object value) {
    return value instanceof byte[] bytes ? "bytes of length " + bytes.length + " starting " + java.util.HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length))
        : (String) value;
  }

  private static KeyRing ring(boolean withVersion2) {
    MasterSecret old = MasterSecret.create(OLD);
    MasterSecret current = MasterSecret.create(NEW);
    KeyRing.Builder builder = KeyRing.builder(withVersion2 ? MasterSecrets.of(current, List.of(old)) : MasterSecrets.of(old))
        .add(new KeyVersion(1, old.fingerprint()));
    if (withVersion2) {
      builder.add(new KeyVersion(2, current.fingerprint()));
    }
    return builder.primary(withVersion2 ? 2 : 1).build();
  }
}
