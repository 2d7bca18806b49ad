package dev.banata.vault.benchmarks.driver;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * What the application itself does to the {@code email} and {@code ssn} values on their way to and
 * from the driver. For plain pgjdbc with plaintext (a), ShardingSphere (c) and the vault driver (e) nothing: the
 * application hands over and reads back plaintext. For baseline (b) it encrypts and decrypts by hand.
 */
interface ApplicationColumns {

  String emailToStore(String email) throws GeneralSecurityException;

  String ssnToStore(String ssn) throws GeneralSecurityException;

  String emailFromStore(String stored) throws GeneralSecurityException;

  String ssnFromStore(String stored) throws GeneralSecurityException;

  /** Plaintext in, plaintext out: the application does nothing. */
  ApplicationColumns AS_IS = new ApplicationColumns() {
    @Override public String emailToStore(String email) { return email; }
    @Override public String ssnToStore(String ssn) { return ssn; }
    @Override public String emailFromStore(String stored) { return stored; }
    @Override public String ssnFromStore(String stored) { return stored; }
  };

  /** Baseline (b) for one thread: email deterministic, ssn randomized, each bound to its own context. */
  static ApplicationColumns handEncrypted(String table) {
    HandWrittenColumnCrypto crypto = new HandWrittenColumnCrypto();
    byte[] emailContext = (table + ".email").getBytes(StandardCharsets.UTF_8);
    byte[] ssnContext = (table + ".ssn").getBytes(StandardCharsets.UTF_8);
    return new ApplicationColumns() {
      @Override public String emailToStore(String email) throws GeneralSecurityException { return crypto.encryptDeterministic(email, emailContext); }
      @Override public String ssnToStore(String ssn) throws GeneralSecurityException { return crypto.encryptRandomized(ssn, ssnContext); }
      @Override public String emailFromStore(String stored) throws GeneralSecurityException { return crypto.decryptDeterministic(stored, emailContext); }
      @Override public String ssnFromStore(String stored) throws GeneralSecurityException { return crypto.decryptRandomized(stored, ssnContext); }
    };
  }
}
