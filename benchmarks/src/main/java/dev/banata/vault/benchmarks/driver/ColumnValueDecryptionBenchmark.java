package dev.banata.vault.benchmarks.driver;

import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * W3's per-value work without the database, to split the driver's cost beyond the cryptography into
 * its crypto-layer part and its JDBC part: one stored text value of the workload table (an email,
 * deterministic, or an ssn, randomized) decrypted by the vault's {@link FieldCipher} (envelope
 * parsing, key lookup, AES-GCM, typed decoding) and by the application's hand-written AES-GCM of
 * baseline (b). Whatever W3 spends beyond the difference measured here is spent in the JDBC layer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ColumnValueDecryptionBenchmark {

  private static final String TABLE = "customers_e_vault";

  @Param({"email_deterministic", "ssn_randomized"})
  public String column;

  private FieldCipher vault;
  private dev.banata.vault.annotations.Mode mode;
  private String context;
  private String vaultStored;
  private HandWrittenColumnCrypto hand;
  private byte[] handContext;
  private String handStored;

  @Setup
  public void setUp() throws GeneralSecurityException {
    boolean deterministic = column.startsWith("email");
    String plaintext = deterministic ? DriverWorkloadBenchmark.email(4_242) : DriverWorkloadBenchmark.ssn(4_242);
    mode = deterministic ? dev.banata.vault.annotations.Mode.DETERMINISTIC : dev.banata.vault.annotations.Mode.RANDOMIZED;
    context = TABLE + (deterministic ? ".email" : ".ssn");
    vault = FieldCipher.of(KeyRing.initial(MasterSecrets.of(MasterSecret.create("benchmark-only-fake-secret-0123456789abcdef"))));
    vaultStored = vault.encryptToText(mode, context, ValueType.TEXT, plaintext);
    hand = new HandWrittenColumnCrypto();
    handContext = context.getBytes(StandardCharsets.UTF_8);
    handStored = deterministic ? hand.encryptDeterministic(plaintext, handContext) : hand.encryptRandomized(plaintext, handContext);
    if (!plaintext.equals(vaultDecrypt()) || !plaintext.equals(handWrittenDecrypt())) {
      throw new IllegalStateException("benchmark harness check failed: a value does not decrypt to its plaintext");
    }
  }

  @Benchmark
  public Object vaultDecrypt() {
    return vault.decrypt(vaultStored, mode, context, ValueType.TEXT);
  }

  @Benchmark
  public String handWrittenDecrypt() throws GeneralSecurityException {
    return mode == dev.banata.vault.annotations.Mode.DETERMINISTIC
        ? hand.decryptDeterministic(handStored, handContext)
        : hand.decryptRandomized(handStored, handContext);
  }
}
