package dev.banata.vault.internal.secrets;

import dev.banata.vault.KeyRotationResult;
import dev.banata.vault.Vault;
import dev.banata.vault.VaultException;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.keys.RefreshingKeyRingSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * Re-encrypts every {@code vault_secret} row whose key version is below a target version, online: batches
 * of rows are read without locks, decrypted and re-encrypted in memory, and written back each with a
 * compare-and-set on (id, version, encrypted_value, iv) in one short transaction per batch.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A row changed or deleted while its batch was in flight is never overwritten with the stale
 *       re-encryption; it is picked up again by the next pass if it still needs it.
 *   <li>Every row is decryptable at every moment: each row holds either its old ciphertext (old version,
 *       still in the key ring) or its new one, never a mix. A crash part-way leaves rows of both
 *       versions; running again finishes the job.
 *   <li>Passes repeat until no row below the target is left, so rows written at the old version by a
 *       process whose key ring had not yet caught up are re-encrypted too.
 *   <li>A row that does not decrypt (tampered, or its master secret is gone) is left untouched and
 *       reported by id.
 * </ul>
 *
 * <p>Used by {@code Vault.rotateKey()} and by the admin command's {@code rotate}. Thread-safe; one run
 * per call.
 */
public final class SecretRotation {

  /** Default rows per batch (and per write transaction). */
  public static final int DEFAULT_BATCH_SIZE = 500;
  // Bounds the retries for rows that keep changing under us; ordinary runs need one or two passes.
  private static final int MAX_PASSES = 50;

  private final DataSource dataSource;
  private final RefreshingKeyRingSource keyRing;
  private final int batchSize;

  public SecretRotation(DataSource dataSource, RefreshingKeyRingSource keyRing, int batchSize) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive");
    }
    this.batchSize = batchSize;
  }

  /**
   * What a run did.
   *
   * @param targetVersion the version every re-encrypted row now has
   * @param reencrypted rows re-encrypted by this run
   * @param concurrentlyChanged compare-and-set misses (rows changed or deleted during the run), retried
   * @param failed rows that did not decrypt and were left as they were
   * @param failedSecretIds their ids, at most {@value KeyRotationResult#MAX_REPORTED_FAILURES}
   * @param remaining rows still below the target at the end (failed ones included); 0 means done
   */
  public record Outcome(int targetVersion, long reencrypted, long concurrentlyChanged, long failed, List<String> failedSecretIds,
      long remaining) {
    public Outcome {
      failedSecretIds = List.copyOf(failedSecretIds);
    }

    public boolean completed() {
      return remaining == 0;
    }
  }

  /** {@link #reencryptBelow(int, LongConsumer)} without progress reports. */
  public Outcome reencryptBelow(int targetVersion) {
    return reencryptBelow(targetVersion, done -> { });
  }

  /**
   * Re-encrypts every row whose version is below {@code targetVersion} with {@code targetVersion}.
   *
   * @param progress told the running count of re-encrypted rows after each batch
   * @throws VaultException {@code MASTER_SECRET} when the key ring cannot provide {@code targetVersion},
   *     {@code DATABASE} when the database fails (rows done so far stay done)
   */
  public Outcome reencryptBelow(int targetVersion, LongConsumer progress) {
    ringWith(targetVersion);
    Set<String> failed = new LinkedHashSet<>();
    long reencrypted = 0;
    long conflicts = 0;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      long candidates = 0;
      long passConflicts = 0;
      String after = "";
      while (true) {
        List<Row> rows = readBatch(targetVersion, after);
        if (rows.isEmpty()) {
          break;
        }
        after = rows.get(rows.size() - 1).id();
        List<Rewrite> rewrites = new ArrayList<>(rows.size());
        for (Row row : rows) {
          if (failed.contains(row.id())) {
            continue;
          }
          candidates++;
          Rewrite rewrite = reseal(row, targetVersion);
          if (rewrite == null) {
            failed.add(row.id());
          } else {
            rewrites.add(rewrite);
          }
        }
        int written = write(rewrites);
        reencrypted += written;
        passConflicts += rewrites.size() - written;
        progress.accept(reencrypted);
      }
      conflicts += passConflicts;
      // Rows that failed are skipped from now on, so a pass that only met failures ends the run.
      if (candidates == 0) {
        break;
      }
    }
    long remaining = countBelow(targetVersion);
    return new Outcome(targetVersion, reencrypted, conflicts, failed.size(),
        failed.stream().limit(KeyRotationResult.MAX_REPORTED_FAILURES).toList(), remaining);
  }

  /** Rows whose version is below {@code version}. */
  public long countBelow(int version) {
    return VaultTransaction.run(dataSource, connection -> {
      try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM vault_secret WHERE version < ?")) {
        count.setInt(1, version);
        try (ResultSet row = count.executeQuery()) {
          row.next();
          return row.getLong(1);
        }
      }
    });
  }

  private KeyRing ringWith(int version) {
    KeyRing ring = keyRing.get();
    if (!ring.contains(version)) {
      try {
        ring = keyRing.refreshNow();
      } catch (SQLException e) {
        throw VaultTransaction.translate(e);
      }
    }
    if (!ring.contains(version)) {
      throw new VaultException(VaultException.Code.MASTER_SECRET,
          "Key version " + version + " is not available to this process; check BETTER_AUTH_SECRET");
    }
    return ring;
  }

  private Rewrite reseal(Row row, int targetVersion) {
    SecretCipher.Binding binding = new SecretCipher.Binding(row.id(), row.organizationId(), row.context(), row.name());
    byte[] plaintext = null;
    try {
      plaintext = open(row, binding);
      SecretCipher.Sealed sealed = SecretCipher.seal(ringWith(targetVersion), targetVersion, binding, plaintext);
      return new Rewrite(row, sealed);
    } catch (CryptoException e) {
      return null;
    } finally {
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  private byte[] open(Row row, SecretCipher.Binding binding) {
    try {
      return SecretCipher.open(keyRing.get(), binding, row.version(), row.iv(), row.encryptedValue());
    } catch (CryptoException e) {
      if (e.reason() != CryptoException.Reason.UNKNOWN_KEY_VERSION) {
        throw e;
      }
      try {
        return SecretCipher.open(keyRing.refreshNow(), binding, row.version(), row.iv(), row.encryptedValue());
      } catch (SQLException sqlException) {
        throw VaultTransaction.translate(sqlException);
      }
    }
  }

  private List<Row> readBatch(int targetVersion, String after) {
    return VaultTransaction.run(dataSource, connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT id, name, organization_id, context, version, iv, encrypted_value FROM vault_secret"
              + " WHERE version < ? AND id > ? ORDER BY id LIMIT ?")) {
        select.setInt(1, targetVersion);
        select.setString(2, after);
        select.setInt(3, batchSize);
        List<Row> rows = new ArrayList<>(batchSize);
        try (ResultSet resultSet = select.executeQuery()) {
          while (resultSet.next()) {
            rows.add(new Row(resultSet.getString(1), resultSet.getString(2), resultSet.getString(3), resultSet.getString(4),
                resultSet.getInt(5), resultSet.getString(6), resultSet.getString(7)));
          }
        }
        return rows;
      }
    });
  }

  private int write(List<Rewrite> rewrites) {
    if (rewrites.isEmpty()) {
      return 0;
    }
    return VaultTransaction.run(dataSource, connection -> compareAndSet(connection, rewrites));
  }

  private static int compareAndSet(Connection connection, List<Rewrite> rewrites) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE vault_secret SET encrypted_value = ?, iv = ?, version = ?, updated_at = now()"
            + " WHERE id = ? AND version = ? AND encrypted_value = ? AND iv = ?")) {
      for (Rewrite rewrite : rewrites) {
        update.setString(1, rewrite.sealed().encryptedValue());
        update.setString(2, rewrite.sealed().iv());
        update.setInt(3, rewrite.sealed().version());
        update.setString(4, rewrite.row().id());
        update.setInt(5, rewrite.row().version());
        update.setString(6, rewrite.row().encryptedValue());
        update.setString(7, rewrite.row().iv());
        update.addBatch();
      }
      int written = 0;
      for (int count : update.executeBatch()) {
        if (count > 0) {
          written++;
        }
      }
      return written;
    }
  }

  private record Row(String id, String name, String organizationId, String context, int version, String iv,
      String encryptedValue) {}

  private record Rewrite(Row row, SecretCipher.Sealed sealed) {}
}
