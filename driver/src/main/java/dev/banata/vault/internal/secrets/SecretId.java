package dev.banata.vault.internal.secrets;

import dev.banata.vault.VaultException;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Ids of vault rows: a prefix and a ULID (48-bit millisecond time, 80 random bits, 26 Crockford base32
 * characters). Ids made by one generator are strictly increasing, even within a millisecond, so keyset
 * pagination by id returns rows in creation order.
 *
 * <p>Thread-safe.
 */
public final class SecretId {

  /** The prefix of every vault secret id. */
  public static final String SECRET_PREFIX = "vsec_";
  /** The prefix of every audit event id. */
  public static final String EVENT_PREFIX = "vevt_";

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int ULID_LENGTH = 26;
  private static final long MAX_TIME = (1L << 48) - 1;

  private final String prefix;
  private final Clock clock;
  private final SecureRandom random;
  private long lastTime = -1;
  // The 80 random bits as 16 + 64 bits, incremented within one millisecond (monotonic ULID).
  private long randomHigh;
  private long randomLow;

  private SecretId(String prefix, Clock clock, SecureRandom random) {
    this.prefix = prefix;
    this.clock = clock;
    this.random = random;
  }

  /** A generator of {@code vsec_} ids. */
  public static SecretId secrets() {
    return new SecretId(SECRET_PREFIX, Clock.systemUTC(), new SecureRandom());
  }

  /** A generator of {@code vevt_} ids. */
  public static SecretId events() {
    return new SecretId(EVENT_PREFIX, Clock.systemUTC(), new SecureRandom());
  }

  static SecretId withClock(String prefix, Clock clock) {
    return new SecretId(prefix, clock, new SecureRandom());
  }

  /** A new id, greater than every id this generator made before. */
  public synchronized String next() {
    long now = Math.min(Math.max(clock.millis(), 0), MAX_TIME);
    if (now > lastTime) {
      lastTime = now;
      randomHigh = random.nextInt(1 << 16);
      randomLow = random.nextLong();
    } else if (++randomLow == 0 && ++randomHigh == (1 << 16)) {
      // 2^80 ids in one millisecond: borrow the next millisecond rather than repeat an id.
      lastTime++;
      randomHigh = 0;
    }
    return prefix + encode(lastTime, randomHigh, randomLow);
  }

  /** True when {@code id} is a well-formed secret id: {@code vsec_} and 26 upper-case Crockford characters. */
  public static boolean isSecretId(String id) {
    return hasShape(id, SECRET_PREFIX);
  }

  /**
   * Checks the shape of a caller's secret id.
   *
   * @throws VaultException {@code INVALID_SECRET_ID}; the id itself is not repeated in the message
   */
  public static String requireSecretId(String id) {
    if (!isSecretId(id)) {
      throw new VaultException(VaultException.Code.INVALID_SECRET_ID,
          "Invalid vault secret id: expected vsec_ followed by 26 Crockford base32 characters");
    }
    return id;
  }

  static boolean hasShape(String id, String prefix) {
    if (id == null || id.length() != prefix.length() + ULID_LENGTH || !id.startsWith(prefix)) {
      return false;
    }
    // The first character carries only 3 bits of the 48-bit time: 0..7.
    if (id.charAt(prefix.length()) > '7') {
      return false;
    }
    for (int i = prefix.length(); i < id.length(); i++) {
      if (indexOf(id.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(char c) {
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static String encode(long time, long high16, long low64) {
    char[] out = new char[ULID_LENGTH];
    // 10 characters of time (50 bits, the top 2 are zero).
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    // 16 characters of randomness: 80 bits = high 16 bits then low 64 bits, 5 bits per character.
    for (int i = 25; i >= 10; i--) {
      out[i] = ALPHABET[(int) (low64 & 31)];
      low64 = (low64 >>> 5) | ((high16 & 31) << 59);
      high16 >>>= 5;
    }
    return new String(out);
  }
}
