package dev.banata.vault.internal.crypto;

/**
 * The envelope's view of both AEAD constructions: works in place on a buffer that starts with the
 * envelope header, so encrypting a field costs one allocation and no extra copies. The IV sits at
 * {@code ivOffset}, then ciphertext and tag.
 */
interface FramedAead {

  int IV_BYTES = 12;
  int TAG_BYTES = 16;

  byte[] EMPTY = new byte[0];

  /**
   * Writes IV, ciphertext and tag of the plaintext {@code head || body} into {@code buffer} from
   * {@code ivOffset} ({@code buffer.length} must be {@code ivOffset + 12 + head.length + body.length + 16}).
   * Taking the plaintext in two parts lets a typed value's tag byte precede its bytes without an extra array.
   */
  void seal(byte[] head, byte[] body, byte[] buffer, int ivOffset, byte[] associatedData);

  /** Authenticates and decrypts {@code buffer[ivOffset + 12, length)}; fails with "Decryption failed". */
  byte[] open(byte[] buffer, int ivOffset, byte[] associatedData);

  /**
   * {@link #open} of the IV, ciphertext and tag in {@code buffer[ivOffset, length)}, writing the plaintext to
   * {@code plaintext[0, n)} and returning {@code n} ({@code length - ivOffset - 28}); {@code plaintext}
   * must hold that many bytes and must not be {@code buffer}. On failure nothing of the plaintext
   * is left in {@code plaintext}.
   */
  int openInto(byte[] buffer, int ivOffset, int length, byte[] associatedData, byte[] plaintext);

  /**
   * {@link #openInto} on GCM's authentication alone: a deterministic key does not recompute the
   * synthetic IV (docs/FORMAT.md, "The IV re-check on decryption": what the re-check adds and where
   * it stays); for a randomized key it is {@link #openInto}.
   */
  int openIntoWithoutIvCheck(byte[] buffer, int ivOffset, int length, byte[] associatedData, byte[] plaintext);

  /**
   * The associated data of this key's field envelopes, computed once when the key is derived:
   * envelope header (marker, format, the mode of this key's purpose, this key's version) || UTF-8(context).
   * Null for keys that are not field keys. Equal to the header of any envelope that selects this key
   * (the header's mode and version are what select it), so binding it binds the envelope's header.
   */
  byte[] fieldAssociatedData();
}
