package dev.banata.vault;

import java.util.List;

/**
 * What {@code rotateKey()} did.
 *
 * @param status {@value #COMPLETED} when every secret now uses {@code newVersion}; {@value #INCOMPLETE}
 *     when some could not be decrypted (their ids are in {@code failedSecretIds}; they are left as they were)
 * @param newVersion the key version every re-encrypted secret now uses
 * @param reencrypted how many secrets this call re-encrypted
 * @param failed how many secrets could not be decrypted and were left untouched
 * @param remaining how many secrets are still on an older version (0 when completed): those that could
 *     not be decrypted, and any a concurrent writer kept changing
 * @param failedSecretIds the ids of secrets that could not be decrypted and were left untouched (ids are
 *     not secret), at most {@value #MAX_REPORTED_FAILURES}
 */
public record KeyRotationResult(String status, int newVersion, long reencrypted, long failed, long remaining,
    List<String> failedSecretIds) {

  public static final String COMPLETED = "completed";
  public static final String INCOMPLETE = "incomplete";
  public static final int MAX_REPORTED_FAILURES = 100;

  public KeyRotationResult {
    failedSecretIds = List.copyOf(failedSecretIds);
  }

  public boolean completed() {
    return COMPLETED.equals(status);
  }
}
