package dev.banata.vault;

import java.util.List;
import java.util.Objects;

/**
 * What {@code rotateKey()} did.
 *
 * @param status {@link Status#COMPLETED} when every secret now uses {@code newVersion};
 *     {@link Status#INCOMPLETE} when some could not be decrypted (their ids are in {@code failedSecretIds};
 *     they are left as they were)
 * @param newVersion the key version every re-encrypted secret now uses
 * @param reencrypted how many secrets this call re-encrypted
 * @param failed how many secrets could not be decrypted and were left untouched
 * @param remaining how many secrets are still on an older version (0 when completed): those that could
 *     not be decrypted, and any a concurrent writer kept changing
 * @param failedSecretIds the ids of secrets that could not be decrypted and were left untouched (ids are
 *     not secret), at most {@value #MAX_REPORTED_FAILURES}
 */
public record KeyRotationResult(Status status, int newVersion, long reencrypted, long failed, long remaining,
    List<String> failedSecretIds) {

  public static final int MAX_REPORTED_FAILURES = 100;

  /** How a rotation ended; {@link #value()} is the product SDK's string (also the audit event's {@code status}). */
  public enum Status {
    COMPLETED("completed"),
    INCOMPLETE("incomplete");

    private final String value;

    Status(String value) {
      this.value = value;
    }

    /** {@code "completed"} or {@code "incomplete"}, as the product SDK and the audit trail write it. */
    public String value() {
      return value;
    }
  }

  public KeyRotationResult {
    Objects.requireNonNull(status, "status");
    failedSecretIds = List.copyOf(failedSecretIds);
  }

  public boolean completed() {
    return status == Status.COMPLETED;
  }
}
