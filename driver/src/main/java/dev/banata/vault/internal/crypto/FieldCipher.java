package dev.banata.vault.internal.crypto;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one cipher of encrypted column values: typed value → envelope (text or binary) and back. It owns
 * every rule of the stored form — which storage gets which envelope form ({@code encrypt} and
 * {@code decrypt} taking the value as stored: a {@code String} for a {@code text} column, a {@code byte[]}
 * for {@code bytea}), what counts as an envelope ({@link #isEnvelope(Object)}, {@link #hasEnvelopeMarker}),
 * and what an envelope says in clear ({@link #keyVersionOf(Object)}, {@link #modeOf(Object)}). Its two
 * callers only translate its {@link CryptoException}s for their layer: {@code jdbc.ColumnCrypto} (into
 * {@code SQLException}s, with one retry on an unknown key version) and {@code rewrite.Decryption} (into
 * the jobs' {@code UnreadableValue}). Typed values themselves are {@link ValueCodec}'s; the product's
 * {@code vault_secret} rows have their own format ({@code secrets.SecretCipher}). Thread-safe; asks its
 * {@code Supplier<KeyRing>} for the ring on every call, so a refreshed ring applies at once.
 *
 * <p>Guarantees: new values are encrypted with the ring's primary version; the associated data binds
 * the envelope header (format, mode, key version) and the context, so an envelope never decrypts
 * under another context, mode or version; every decryption failure is a {@link CryptoException} with
 * message {@value CryptoException#DECRYPTION_FAILED}, and an envelope whose key version the ring does
 * not know has reason {@code UNKNOWN_KEY_VERSION} (refresh the ring and retry once). SQL NULL stays
 * NULL: a {@code null} value encrypts to {@code null} and decrypts to {@code null}.
 */
public final class FieldCipher {

  private final Supplier<KeyRing> keyRing;
  /**
   * The reader of the last one-shot {@code decrypt}, reused while calls name the same column (a
   * rotation or migration decrypts one column value after another): it saves the key lookup per
   * value. A plain field: a racing thread at worst builds another reader.
   */
  private ColumnReader lastReader;
  /**
   * The key of the last {@code encryptToBytes}/{@code encryptToText}, reused while calls name the
   * same ring, version, mode and context (an insert batch, a job's column): it saves the ring's
   * lookup (≈ 10 ns against ≈ 330 ns for sealing a 32-byte value). A plain field, like {@link #lastReader}.
   */
  private KeyFor lastKey;

  private record KeyFor(KeyRing ring, int version, Mode mode, String context, FramedAead aead) {}

  public FieldCipher(Supplier<KeyRing> keyRing) {
    this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
  }

  /** A cipher over a fixed ring. */
  public static FieldCipher of(KeyRing ring) {
    Objects.requireNonNull(ring, "ring");
    return new FieldCipher(() -> ring);
  }

  /**
   * {@code value} as a column of that storage stores it: the binary envelope ({@code byte[]}) for a
   * {@code bytea} column ({@code binary}), else the text envelope, with {@code index}'s search tokens
   * when it is not null; null for null.
   */
  public Object encrypt(boolean binary, Mode mode, String context, ValueType type, Object value, PrefixIndex index) {
    return binary ? encryptToBytes(mode, context, type, value) : encryptToText(mode, context, type, value, index);
  }

  /**
   * {@link #deterministicCandidatesText(String, ValueType, Object, PrefixIndex)} as a column of that
   * storage stores them: {@code byte[]}s for a {@code bytea} column ({@code binary}), else texts.
   */
  public List<?> deterministicCandidates(boolean binary, String context, ValueType type, Object value, PrefixIndex index) {
    return binary ? deterministicCandidatesBytes(context, type, value) : deterministicCandidatesText(context, type, value, index);
  }

  /** The text envelope ({@code bv1:...}) of {@code value}, for a {@code text} column; null for null. */
  public String encryptToText(Mode mode, String context, ValueType type, Object value) {
    byte[] envelope = encryptToBytes(mode, context, type, value);
    return envelope == null ? null : Envelope.toText(envelope);
  }

  /**
   * The stored text of {@code value} in a {@code search: prefix} column: the deterministic text
   * envelope followed by the value's search tokens, which the envelope authenticates (docs/FORMAT.md,
   * "Search tokens"); null for null. With {@code index} null, {@link #encryptToText(Mode, String,
   * ValueType, Object)}.
   */
  public String encryptToText(Mode mode, String context, ValueType type, Object value, PrefixIndex index) {
    if (index == null) {
      return encryptToText(mode, context, type, value);
    }
    requireSearchable(mode, type);
    if (value == null) {
      return null;
    }
    KeyRing ring = ring();
    return searchable(ring, ring.primaryVersion(), context, ValueCodec.payload(type, value), index);
  }

  /** {@link #deterministicCandidatesText} of a {@code search: prefix} column: the stored text under every live version. */
  public List<String> deterministicCandidatesText(String context, ValueType type, Object value, PrefixIndex index) {
    if (index == null) {
      return deterministicCandidatesText(context, type, value);
    }
    requireSearchable(Mode.DETERMINISTIC, type);
    if (value == null) {
      return List.of();
    }
    KeyRing ring = ring();
    byte[] payload = ValueCodec.payload(type, value);
    List<String> out = new ArrayList<>();
    for (int version : ring.liveVersions()) {
      out.add(searchable(ring, version, context, payload, index));
    }
    return out;
  }

  /**
   * The search token that a stored value of {@code context} carries when it matches, under every live
   * version, the primary first: with {@code prefixLength} 0 the token of the whole value {@code text},
   * else the token of its first {@code prefixLength} code points ({@code text} has exactly that many).
   * {@code folded}: the token over the lower-cased text (an {@code ignore-case} column). Tokens are 16
   * lower-case base32 characters; in the stored text each follows a {@code "."}.
   */
  public List<String> searchTokens(String context, String text, int prefixLength, boolean folded) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(text, "text");
    KeyRing ring = ring();
    String canonical = ValueCodec.canonicalText(text);
    List<String> out = new ArrayList<>();
    for (int version : ring.liveVersions()) {
      SearchTokens tokens = ring.searchTokens(version, context);
      out.add(prefixLength == 0 ? tokens.exact(canonical, folded) : tokens.prefix(canonical, prefixLength, folded));
    }
    return out;
  }

  private static String searchable(KeyRing ring, int version, String context, byte[] payload, PrefixIndex index) {
    String section = ring.searchTokens(version, context).section(new String(payload, StandardCharsets.UTF_8), index);
    FramedAead aead = ring.framed(version, KeyPurpose.FIELD_DETERMINISTIC, context);
    byte[] head = ValueCodec.head(ValueType.TEXT);
    byte[] envelope = Envelope.allocate(Mode.DETERMINISTIC, version, head.length + payload.length);
    aead.seal(head, payload, envelope, Envelope.HEADER_BYTES, sectionAssociatedData(aead.fieldAssociatedData(), section, 0));
    return Envelope.toText(envelope).concat(section);
  }

  /** The associated data of an envelope followed by a token section: the field's, then 0x00, then the section's ASCII. */
  private static byte[] sectionAssociatedData(byte[] fieldAd, String text, int sectionStart) {
    int length = text.length() - sectionStart;
    byte[] ad = java.util.Arrays.copyOf(fieldAd, fieldAd.length + 1 + length);
    for (int i = 0; i < length; i++) {
      ad[fieldAd.length + 1 + i] = (byte) text.charAt(sectionStart + i);
    }
    return ad;
  }

  private static void requireSearchable(Mode mode, ValueType type) {
    if (mode != Mode.DETERMINISTIC || type != ValueType.TEXT) {
      throw new IllegalArgumentException("search tokens need a deterministic text column");
    }
  }

  /** The binary envelope of {@code value}, for a {@code bytea} column; null for null. */
  public byte[] encryptToBytes(Mode mode, String context, ValueType type, Object value) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(type, "type");
    if (value == null) {
      return null;
    }
    KeyRing ring = ring();
    int version = ring.primaryVersion();
    return seal(primaryKey(ring, version, mode, context), mode, version, ValueCodec.head(type), ValueCodec.payload(type, value));
  }

  private FramedAead primaryKey(KeyRing ring, int version, Mode mode, String context) {
    KeyFor memo = lastKey;
    if (memo != null && memo.ring == ring && memo.version == version && memo.mode == mode && memo.context.equals(context)) {
      return memo.aead;
    }
    FramedAead aead = ring.framed(version, purpose(mode), context);
    lastKey = new KeyFor(ring, version, mode, context, aead);
    return aead;
  }

  /**
   * The deterministic text envelope of {@code value} under every live version, the primary first:
   * what an equality lookup must match while a rotation has rows under several versions. Empty for
   * null (SQL {@code = NULL} matches nothing anyway).
   */
  public List<String> deterministicCandidatesText(String context, ValueType type, Object value) {
    List<byte[]> binary = deterministicCandidatesBytes(context, type, value);
    List<String> text = new ArrayList<>(binary.size());
    for (byte[] envelope : binary) {
      text.add(Envelope.toText(envelope));
    }
    return text;
  }

  /** {@link #deterministicCandidatesText} in binary form, for {@code bytea} columns. */
  public List<byte[]> deterministicCandidatesBytes(String context, ValueType type, Object value) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(type, "type");
    if (value == null) {
      return List.of();
    }
    KeyRing ring = ring();
    byte[] head = ValueCodec.head(type);
    byte[] payload = ValueCodec.payload(type, value);
    List<Integer> versions = ring.liveVersions();
    List<byte[]> out = new ArrayList<>(versions.size());
    for (int version : versions) {
      out.add(seal(ring.framed(version, KeyPurpose.FIELD_DETERMINISTIC, context), Mode.DETERMINISTIC, version, head, payload));
    }
    return out;
  }

  /**
   * The typed value of a text envelope, as {@code type}'s Java type; null for null.
   *
   * @param mode the column's mode; an envelope of the other mode fails (no silent mode change)
   * @throws CryptoException "Decryption failed" (reason {@code UNKNOWN_KEY_VERSION} when the version
   *     is not in the ring); {@code UNSUPPORTED_VALUE} when the value cannot be read as {@code type}
   */
  public Object decrypt(String envelopeText, Mode mode, String context, ValueType type) {
    if (envelopeText == null) {
      return null;
    }
    return oneShotReader(mode, context, type).decrypt(envelopeText);
  }

  /** The typed value of a binary envelope; see {@link #decrypt(String, Mode, String, ValueType)}. */
  public Object decrypt(byte[] envelope, Mode mode, String context, ValueType type) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(type, "type");
    if (envelope == null) {
      return null;
    }
    return oneShotReader(mode, context, type).decrypt(envelope);
  }

  /**
   * The typed value of {@code stored}, an envelope as its column stores it ({@code String} or
   * {@code byte[]}); see {@link #decrypt(String, Mode, String, ValueType)}.
   */
  public Object decrypt(Object stored, Mode mode, String context, ValueType type) {
    return stored instanceof byte[] bytes ? decrypt(bytes, mode, context, type) : decrypt((String) stored, mode, context, type);
  }

  private ColumnReader oneShotReader(Mode mode, String context, ValueType type) {
    ColumnReader memo = lastReader;
    if (memo != null && memo.mode == mode && memo.type == type && memo.context.equals(context)) {
      return memo;
    }
    ColumnReader fresh = new ColumnReader(this, mode, context, type, true);
    lastReader = fresh;
    return fresh;
  }

  /**
   * A decryptor for the values of one column (mode, context, type), for reading many values in a
   * row — the driver's query results: it keeps the key of the last key version it saw together with
   * the ring it came from, so a result's cells cost no key lookup while the ring stays the same (a
   * refreshed ring is a new instance and is looked up again). Same guarantees and failures as
   * {@link #decrypt(String, Mode, String, ValueType)} but one: a deterministic value is accepted on
   * GCM's tag without recomputing its synthetic IV, so a value sealed under the column's key with
   * some other IV (only a holder of the master secret or of that derived key can make one) decrypts
   * here, and is refused by the one-shot {@code decrypt} that {@code verify} and the admin jobs use
   * (docs/FORMAT.md, "The IV re-check on decryption"). Safe to share between threads (the memo is one
   * immutable object), meant for one result at a time.
   */
  public ColumnReader reader(Mode mode, String context, ValueType type) {
    return new ColumnReader(this, mode, context, type, false);
  }

  /** See {@link FieldCipher#reader}. */
  public static final class ColumnReader {

    private final FieldCipher cipher;
    private final Mode mode;
    private final byte modeByte;
    private final KeyPurpose purpose;
    private final String context;
    private final ValueType type;
    /** Recompute a deterministic value's synthetic IV after GCM (see {@link FieldCipher#reader}). */
    private final boolean checkIv;
    /** The last key used; a plain field: a racing thread at worst looks the key up again. */
    private KeyInRing last;

    private record KeyInRing(KeyRing ring, int version, FramedAead aead) {}

    private ColumnReader(FieldCipher cipher, Mode mode, String context, ValueType type, boolean checkIv) {
      this.cipher = cipher;
      this.checkIv = checkIv;
      this.mode = Objects.requireNonNull(mode, "mode");
      this.modeByte = Envelope.modeByte(mode);
      this.purpose = purpose(mode);
      this.context = Objects.requireNonNull(context, "context");
      this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * The typed value of a text envelope; null for null. A token section after the envelope (a
     * {@code search: prefix} column) must be well-formed and is authenticated with it; it is not
     * part of the value.
     */
    public Object decrypt(String envelopeText) {
      if (envelopeText == null) {
        return null;
      }
      int section = envelopeText.indexOf(SearchTokens.DELIMITER);
      String envelopePart = envelopeText;
      if (section >= 0) {
        if (!SearchTokens.wellFormed(envelopeText, section)) {
          throw CryptoException.decryptionFailed();
        }
        envelopePart = envelopeText.substring(0, section);
      }
      DecryptionBuffers buffers = DecryptionBuffers.ofThisThread();
      byte[] envelope = buffers.envelope(Envelope.decodedCapacity(envelopePart));
      int length = Envelope.decodeText(envelopePart, envelope);
      if (length < 0) {
        throw CryptoException.decryptionFailed();
      }
      return open(envelope, Envelope.TEXT_DECODED_OFFSET, length, buffers, section < 0 ? null : envelopeText, section);
    }

    /** The typed value of a binary envelope; null for null. */
    public Object decrypt(byte[] envelope) {
      if (envelope == null) {
        return null;
      }
      if (!Envelope.isEnvelope(envelope)) {
        throw CryptoException.decryptionFailed();
      }
      return open(envelope, 0, envelope.length, DecryptionBuffers.ofThisThread(), null, -1);
    }

    /** The typed value of {@code stored}, an envelope as the column stores it ({@code String} or {@code byte[]}). */
    public Object decrypt(Object stored) {
      return stored instanceof byte[] bytes ? decrypt(bytes) : decrypt((String) stored);
    }

    /** The envelope at {@code envelope[offset, offset + length)} has a valid header (checked by the caller). */
    private Object open(byte[] envelope, int offset, int length, DecryptionBuffers buffers, String stored, int section) {
      if (envelope[offset + 3] != modeByte || (stored != null && modeByte != Envelope.MODE_DETERMINISTIC)) {
        throw CryptoException.decryptionFailed();
      }
      FramedAead aead = key(Envelope.version(envelope, offset));
      byte[] plaintext = buffers.plaintext(length - Envelope.OVERHEAD_BYTES);
      // The key was selected by the header's mode and version, so its precomputed associated data
      // (header || context) equals this envelope's header followed by the context; a token section
      // is bound after it.
      byte[] ad = stored == null ? aead.fieldAssociatedData() : sectionAssociatedData(aead.fieldAssociatedData(), stored, section);
      int n = checkIv
          ? aead.openInto(envelope, offset + Envelope.HEADER_BYTES, offset + length, ad, plaintext)
          : aead.openIntoWithoutIvCheck(envelope, offset + Envelope.HEADER_BYTES, offset + length, ad, plaintext);
      try {
        return ValueCodec.decode(type, plaintext, n);
      } finally {
        // The typed value holds its own copy; leave no plaintext in the reused buffer.
        DecryptionBuffers.clear(plaintext, n);
      }
    }

    private FramedAead key(int version) {
      KeyRing ring = cipher.ring();
      KeyInRing memo = last;
      if (memo != null && memo.ring == ring && memo.version == version) {
        return memo.aead;
      }
      FramedAead aead = ring.framed(version, purpose, context);
      last = new KeyInRing(ring, version, aead);
      return aead;
    }
  }

  /**
   * Cheap structural check (prefix, a possible length and header): is this text an envelope rather
   * than plaintext? Not a proof of authenticity. What the jobs use to tell envelopes from plaintext.
   */
  public static boolean isEnvelope(String text) {
    return Envelope.isEnvelope(text);
  }

  /** Cheap structural check (marker and header) of a binary value. */
  public static boolean isEnvelope(byte[] bytes) {
    return Envelope.isEnvelope(bytes);
  }

  /** {@link #isEnvelope(String)} of a value as its column stores it ({@code String} or {@code byte[]}). */
  public static boolean isEnvelope(Object stored) {
    return stored instanceof byte[] bytes ? isEnvelope(bytes) : isEnvelope((String) stored);
  }

  /**
   * False only for a value that does not even start like an envelope ({@code "bv1:"}): plaintext. A
   * value with the marker but a broken body (truncated, mangled) counts, so that reading it fails to
   * decrypt instead of returning it as if it were plaintext. What the driver's reads use; weaker than
   * {@link #isEnvelope(String)}.
   */
  public static boolean hasEnvelopeMarker(String stored) {
    return Envelope.hasMarker(stored);
  }

  /** {@link #hasEnvelopeMarker(String)} of a binary value: its first two bytes are 0xBA 0x56. */
  public static boolean hasEnvelopeMarker(byte[] stored) {
    return Envelope.hasMarker(stored);
  }

  /** The key version written in a text envelope. @throws CryptoException NOT_AN_ENVELOPE */
  public static int keyVersionOf(String envelopeText) {
    return Envelope.version(textHeader(envelopeText));
  }

  /** The key version written in a binary envelope. @throws CryptoException NOT_AN_ENVELOPE */
  public static int keyVersionOf(byte[] envelope) {
    return Envelope.version(binaryHeader(envelope));
  }

  /** The key version written in an envelope as its column stores it ({@code String} or {@code byte[]}). @throws CryptoException NOT_AN_ENVELOPE */
  public static int keyVersionOf(Object stored) {
    return stored instanceof byte[] bytes ? keyVersionOf(bytes) : keyVersionOf((String) stored);
  }

  /** The mode written in a text envelope (for tools that re-encrypt). @throws CryptoException NOT_AN_ENVELOPE */
  public static Mode modeOf(String envelopeText) {
    return Envelope.mode(textHeader(envelopeText));
  }

  /** The mode written in a binary envelope. @throws CryptoException NOT_AN_ENVELOPE */
  public static Mode modeOf(byte[] envelope) {
    return Envelope.mode(binaryHeader(envelope));
  }

  /** The mode written in an envelope as its column stores it ({@code String} or {@code byte[]}). @throws CryptoException NOT_AN_ENVELOPE */
  public static Mode modeOf(Object stored) {
    return stored instanceof byte[] bytes ? modeOf(bytes) : modeOf((String) stored);
  }

  /** The header bytes of a text envelope. @throws CryptoException NOT_AN_ENVELOPE */
  private static byte[] textHeader(String envelopeText) {
    byte[] header = envelopeText == null || !Envelope.isEnvelope(envelopeText) ? null : Envelope.textHeader(envelopeText);
    if (header == null) {
      throw notAnEnvelope();
    }
    return header;
  }

  /** A binary envelope, checked. @throws CryptoException NOT_AN_ENVELOPE */
  private static byte[] binaryHeader(byte[] envelope) {
    if (!Envelope.isEnvelope(envelope)) {
      throw notAnEnvelope();
    }
    return envelope;
  }

  private static byte[] seal(FramedAead aead, Mode mode, int version, byte[] head, byte[] payload) {
    byte[] envelope = Envelope.allocate(mode, version, head.length + payload.length);
    aead.seal(head, payload, envelope, Envelope.HEADER_BYTES, aead.fieldAssociatedData());
    return envelope;
  }

  private static KeyPurpose purpose(Mode mode) {
    return mode == Mode.DETERMINISTIC ? KeyPurpose.FIELD_DETERMINISTIC : KeyPurpose.FIELD_RANDOMIZED;
  }

  private KeyRing ring() {
    return Objects.requireNonNull(keyRing.get(), "the key ring supplier returned null");
  }

  private static CryptoException notAnEnvelope() {
    return new CryptoException(CryptoException.Reason.NOT_AN_ENVELOPE, "not an encrypted value");
  }
}
