package dev.banata.vault;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code get} and {@code list} return: a secret's description, never its value, ciphertext or IV
 * (the seed's {@code VaultSecret}).
 *
 * @param id {@code vsec_} + ULID
 * @param name human-readable identifier
 * @param context the context it was encrypted with, or null
 * @param organizationId the organization it belongs to, or null
 * @param metadata string metadata (unmodifiable), or null
 * @param version the key version its current ciphertext uses (rises with every rotation)
 * @param createdAt when it was stored
 * @param updatedAt when its row last changed (a rotation re-encrypting it counts)
 */
public record VaultSecret(String id, String name, String context, String organizationId, Map<String, String> metadata,
    int version, Instant createdAt, Instant updatedAt) {

  public VaultSecret {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    metadata = metadata == null ? null : Map.copyOf(metadata);
  }
}
