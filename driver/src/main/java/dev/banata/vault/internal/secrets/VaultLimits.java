package dev.banata.vault.internal.secrets;

import dev.banata.vault.Vault;
import dev.banata.vault.VaultException;
import dev.banata.vault.VaultException.Code;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The bounds of what the Vault stores, and the checks that enforce them before anything reaches the
 * database. Each violation is a {@link VaultException} with its own code; messages name the field and
 * the bound, never the value.
 */
public final class VaultLimits {

  /** Longest name, in characters. */
  public static final int MAX_NAME_LENGTH = 255;
  /** Longest context, in characters. */
  public static final int MAX_CONTEXT_LENGTH = 255;
  /** Longest organization id, in characters. */
  public static final int MAX_ORGANIZATION_ID_LENGTH = 255;
  /** Largest secret, in bytes of its UTF-8 encoding (64 KiB: room for certificate chains). */
  public static final int MAX_DATA_BYTES = 64 * 1024;
  /** Most metadata entries per secret. */
  public static final int MAX_METADATA_ENTRIES = 50;
  /** Longest metadata key, in characters. */
  public static final int MAX_METADATA_KEY_LENGTH = 64;
  /** Longest metadata value, in characters. */
  public static final int MAX_METADATA_VALUE_LENGTH = 1024;
  /** Smallest and largest page of {@code list}, and the default. */
  public static final int MIN_PAGE_SIZE = 1;
  public static final int MAX_PAGE_SIZE = 100;
  public static final int DEFAULT_PAGE_SIZE = 25;

  private VaultLimits() {}

  public static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new VaultException(Code.INVALID_NAME, "Vault secret name is required");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new VaultException(Code.INVALID_NAME, "Vault secret name is longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (hasControlCharacter(name) || !isWellFormed(name)) {
      throw new VaultException(Code.INVALID_NAME, "Vault secret name contains control characters or invalid Unicode");
    }
    return name;
  }

  public static byte[] checkData(String data) {
    if (data == null) {
      throw new VaultException(Code.INVALID_DATA, "Vault secret data is required");
    }
    // Worst case 3 bytes per UTF-16 unit: reject obviously oversized input before encoding it.
    if ((long) data.length() > MAX_DATA_BYTES) {
      throw tooLarge();
    }
    byte[] utf8;
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(data));
      utf8 = new byte[encoded.remaining()];
      encoded.get(utf8);
    } catch (CharacterCodingException e) {
      // A lone surrogate would silently become '?' with String.getBytes: refuse instead of altering the secret.
      throw new VaultException(Code.INVALID_DATA, "Vault secret data is not valid Unicode text");
    }
    if (utf8.length > MAX_DATA_BYTES) {
      throw tooLarge();
    }
    return utf8;
  }

  public static String checkContext(String context) {
    if (context == null) {
      return null;
    }
    if (context.isEmpty() || context.length() > MAX_CONTEXT_LENGTH || hasControlCharacter(context) || !isWellFormed(context)) {
      throw new VaultException(Code.INVALID_CONTEXT,
          "Vault context must be 1 to " + MAX_CONTEXT_LENGTH + " characters without control characters");
    }
    return context;
  }

  /**
   * Checks an organization id (null passes: no organization).
   *
   * @throws VaultException {@code INVALID_ORGANIZATION_ID}
   */
  public static String checkOrganizationId(String organizationId) {
    if (organizationId == null) {
      return null;
    }
    if (organizationId.isBlank() || organizationId.length() > MAX_ORGANIZATION_ID_LENGTH
        || hasControlCharacter(organizationId) || !isWellFormed(organizationId)) {
      throw new VaultException(Code.INVALID_ORGANIZATION_ID,
          "Organization id must be 1 to " + MAX_ORGANIZATION_ID_LENGTH + " characters without control characters");
    }
    return organizationId;
  }

  public static Map<String, String> checkMetadata(Map<String, String> metadata) {
    if (metadata == null) {
      return null;
    }
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      throw new VaultException(Code.INVALID_METADATA, "Vault metadata has more than " + MAX_METADATA_ENTRIES + " entries");
    }
    for (Map.Entry<?, ?> entry : metadata.entrySet()) {
      // Checked at run time too: a raw Map from a JSON library may hold numbers or nested maps.
      if (!(entry.getKey() instanceof String) || !(entry.getValue() instanceof String)) {
        throw new VaultException(Code.INVALID_METADATA, "Vault metadata keys and values must be non-null strings");
      }
      String key = (String) entry.getKey();
      String value = (String) entry.getValue();
      if (key.isEmpty() || key.length() > MAX_METADATA_KEY_LENGTH || hasControlCharacter(key) || !isWellFormed(key)) {
        throw new VaultException(Code.INVALID_METADATA,
            "Vault metadata keys must be 1 to " + MAX_METADATA_KEY_LENGTH + " characters without control characters");
      }
      if (value.length() > MAX_METADATA_VALUE_LENGTH) {
        throw new VaultException(Code.INVALID_METADATA,
            "Vault metadata values must be at most " + MAX_METADATA_VALUE_LENGTH + " characters");
      }
      // PostgreSQL text and jsonb cannot hold U+0000.
      if (value.indexOf('\u0000') >= 0 || !isWellFormed(value)) {
        throw new VaultException(Code.INVALID_METADATA, "Vault metadata values must be valid Unicode without U+0000");
      }
    }
    return metadata;
  }

  public static int checkLimit(int limit) {
    if (limit < MIN_PAGE_SIZE || limit > MAX_PAGE_SIZE) {
      throw new VaultException(Code.INVALID_LIMIT, "List limit must be between " + MIN_PAGE_SIZE + " and " + MAX_PAGE_SIZE);
    }
    return limit;
  }

  private static VaultException tooLarge() {
    return new VaultException(Code.DATA_TOO_LARGE, "Vault secret data is larger than " + MAX_DATA_BYTES + " bytes");
  }

  private static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
