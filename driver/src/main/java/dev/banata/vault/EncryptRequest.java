package dev.banata.vault;

import dev.banata.vault.internal.secrets.VaultLimits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to store in the Vault: the seed SDK's {@code encrypt({ name, data, context, organizationId, metadata })}.
 *
 * <pre>{@code
 * EncryptRequest request = EncryptRequest.builder()
 *     .name("stripe-api-key")
 *     .data("sk_live_abc123...")
 *     .context("payment-processing")      // optional
 *     .organizationId("org_01HXYZ...")    // optional
 *     .metadata(Map.of("provider", "stripe"))  // optional
 *     .build();
 * }</pre>
 *
 * <p>Immutable and validated by {@link Builder#build()} against {@link VaultLimits}. {@link #toString()}
 * never shows the data.
 */
public final class EncryptRequest {

  private final String name;
  private final String data;
  private final byte[] utf8Data;
  private final String context;
  private final String organizationId;
  private final Map<String, String> metadata;

  private EncryptRequest(Builder builder) {
    this.name = VaultLimits.checkName(builder.name);
    this.utf8Data = VaultLimits.checkData(builder.data);
    this.data = builder.data;
    this.context = VaultLimits.checkContext(builder.context);
    this.organizationId = VaultLimits.checkOrganizationId(builder.organizationId);
    Map<String, String> checked = VaultLimits.checkMetadata(builder.metadata);
    this.metadata = checked == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(checked));
  }

  public static Builder builder() {
    return new Builder();
  }

  public String name() {
    return name;
  }

  /** The plaintext. */
  public String data() {
    return data;
  }

  /** The context bound into the key and associated data, or null. */
  public String context() {
    return context;
  }

  /** The organization the secret belongs to, or null for an application-wide secret. */
  public String organizationId() {
    return organizationId;
  }

  /** Non-secret string metadata, or null. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The data as UTF-8 bytes (a copy), what the store encrypts. */
  public byte[] utf8Data() {
    return utf8Data.clone();
  }

  @Override
  public String toString() {
    return "EncryptRequest[name=" + name + ", context=" + context + ", organizationId=" + organizationId
        + ", data=<redacted>]";
  }

  /** Collects the fields; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private String name;
    private String data;
    private String context;
    private String organizationId;
    private Map<String, String> metadata;

    private Builder() {}

    /** Human-readable identifier (required, 1..255 characters). Not secret: it appears in lists and audit events. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The secret itself (required, at most {@value VaultLimits#MAX_DATA_BYTES} bytes of UTF-8). */
    public Builder data(String data) {
      this.data = data;
      return this;
    }

    /** Optional context: decryption must name the same one. */
    public Builder context(String context) {
      this.context = context;
      return this;
    }

    /** Optional organization scope. */
    public Builder organizationId(String organizationId) {
      this.organizationId = organizationId;
      return this;
    }

    /** Optional metadata: string keys and values, bounded by {@link VaultLimits}. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    /** @throws VaultException when a field breaks a rule of {@link VaultLimits} */
    public EncryptRequest build() {
      return new EncryptRequest(this);
    }

    @Override
    public String toString() {
      return "EncryptRequest.Builder[name=" + name + ", data=<redacted>]";
    }
  }
}
