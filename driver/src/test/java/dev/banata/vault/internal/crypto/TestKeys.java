package dev.banata.vault.internal.crypto;

/** Fixed test secrets (never used outside tests). */
final class TestKeys {

  static final String SECRET_A = "test-secret-A-0123456789abcdefghijklmnop";
  static final String SECRET_B = "test-secret-B-0123456789abcdefghijklmnop";

  private TestKeys() {}

  static MasterSecrets secrets(String current, String... previous) {
    java.util.List<MasterSecret> prev = new java.util.ArrayList<>();
    for (String p : previous) {
      prev.add(MasterSecret.create(p));
    }
    return MasterSecrets.of(MasterSecret.create(current), prev);
  }

  /** Version 1 on SECRET_B (previous), version 2 on SECRET_A (current, primary). */
  static KeyRing twoVersions() {
    MasterSecrets secrets = secrets(SECRET_A, SECRET_B);
    return KeyRing.builder(secrets)
        .add(new KeyVersion(1, MasterSecret.create(SECRET_B).fingerprint()))
        .add(new KeyVersion(2, MasterSecret.create(SECRET_A).fingerprint()))
        .primary(2)
        .build();
  }
}
