package dev.banata.vault.crypto;

/**
 * The envelope's view of both AEAD constructions: works in place on a buffer whose first
 * {@code headerLength} bytes are the envelope header, so encrypting a field costs one allocation and
 * no copies. The associated data is {@code buffer[0, headerLength) || associatedDataSuffix}; the IV
 * sits right after the header, then ciphertext and tag.
 */
interface FramedAead {

  int IV_BYTES = 12;
  int TAG_BYTES = 16;

  byte[] EMPTY = new byte[0];

  /**
   * Writes IV, ciphertext and tag of the plaintext {@code head || body} into {@code buffer} after the
   * header ({@code buffer.length} must be {@code headerLength + 12 + head.length + body.length + 16}).
   * Taking the plaintext in two parts lets a typed value's tag byte precede its bytes without copying them.
   */
  void seal(byte[] head, byte[] body, byte[] buffer, int headerLength, byte[] associatedDataSuffix);

  /** Authenticates and decrypts {@code buffer[headerLength + 12, length)}; fails with "Decryption failed". */
  byte[] open(byte[] buffer, int headerLength, byte[] associatedDataSuffix);
}
