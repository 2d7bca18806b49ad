package dev.banata.vault.benchmarks;

import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One column value through our envelope (randomized and deterministic, binary and text form) next to
 * the bare JDK AES-256-GCM call on the same bytes, in the same run. The bare encryption takes its IV
 * from a counter, so the difference is exactly our overhead: typed encoding, random IV, header,
 * associated data, base64 (text form), and for decryption the header checks and the typed decoding.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FieldEncryptionBenchmark {

  private static final String CONTEXT = "customers.payload";

  @Param({"32", "256", "4096"})
  public int size;

  private byte[] data;
  private FieldCipher cipher;
  private SecretKeySpec bareKey;
  private Cipher bareCipher;
  private final byte[] bareIv = new byte[12];
  private long counter;
  private byte[] bareCiphertext;
  private final byte[] bareCiphertextIv = new byte[12];
  private final byte[] bareCiphertextIv2 = new byte[12];
  private final byte[] bareAad = new byte[8 + CONTEXT.length()];
  private byte[] bareCiphertextWithAad;
  private byte[] randomizedEnvelope;
  private String randomizedText;
  private byte[] deterministicEnvelope;
  private String deterministicText;
  private FieldCipher.ColumnReader deterministicColumn;

  @Setup
  public void setUp() throws GeneralSecurityException {
    data = new byte[size];
    Random random = new Random(size);
    random.nextBytes(data);
    cipher = FieldCipher.of(KeyRing.initial(MasterSecrets.of(MasterSecret.create("benchmark-secret-0123456789abcdefghijklmnop"))));
    byte[] key = new byte[32];
    random.nextBytes(key);
    bareKey = new SecretKeySpec(key, "AES");
    bareCipher = Cipher.getInstance("AES/GCM/NoPadding");
    bareCipher.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, bareCiphertextIv));
    bareCiphertext = bareCipher.doFinal(data);
    bareCiphertextIv2[11] = 1; // a different IV (the counter IVs below use bytes 0-7): the JDK refuses to encrypt twice under one key and IV
    bareCipher.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, bareCiphertextIv2));
    bareCipher.updateAAD(bareAad);
    bareCiphertextWithAad = bareCipher.doFinal(data);
    randomizedEnvelope = cipher.encryptToBytes(dev.banata.vault.annotations.Mode.RANDOMIZED, CONTEXT, ValueType.BYTES, data);
    randomizedText = cipher.encryptToText(dev.banata.vault.annotations.Mode.RANDOMIZED, CONTEXT, ValueType.BYTES, data);
    deterministicEnvelope = cipher.encryptToBytes(dev.banata.vault.annotations.Mode.DETERMINISTIC, CONTEXT, ValueType.BYTES, data);
    deterministicText = cipher.encryptToText(dev.banata.vault.annotations.Mode.DETERMINISTIC, CONTEXT, ValueType.BYTES, data);
    deterministicColumn = cipher.reader(dev.banata.vault.annotations.Mode.DETERMINISTIC, CONTEXT, ValueType.BYTES);
  }

  @Benchmark
  public byte[] bareJdkEncrypt() throws GeneralSecurityException {
    long c = ++counter;
    for (int i = 0; i < 8; i++) {
      bareIv[i] = (byte) (c >>> (8 * i));
    }
    bareCipher.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, bareIv));
    return bareCipher.doFinal(data);
  }

  @Benchmark
  public byte[] bareJdkDecrypt() throws GeneralSecurityException {
    bareCipher.init(Cipher.DECRYPT_MODE, bareKey, new GCMParameterSpec(128, bareCiphertextIv));
    return bareCipher.doFinal(bareCiphertext);
  }

  /** The bare call with associated data as long as ours (8-byte header + context): GCM's own cost of AD. */
  @Benchmark
  public byte[] bareJdkEncryptWithAad() throws GeneralSecurityException {
    long c = ++counter;
    for (int i = 0; i < 8; i++) {
      bareIv[i] = (byte) (c >>> (8 * i));
    }
    bareCipher.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, bareIv));
    bareCipher.updateAAD(bareAad);
    return bareCipher.doFinal(data);
  }

  @Benchmark
  public byte[] bareJdkDecryptWithAad() throws GeneralSecurityException {
    bareCipher.init(Cipher.DECRYPT_MODE, bareKey, new GCMParameterSpec(128, bareCiphertextIv2));
    bareCipher.updateAAD(bareAad);
    return bareCipher.doFinal(bareCiphertextWithAad);
  }

  @Benchmark
  public byte[] randomizedEncryptBinary() {
    return cipher.encryptToBytes(dev.banata.vault.annotations.Mode.RANDOMIZED, CONTEXT, ValueType.BYTES, data);
  }

  @Benchmark
  public String randomizedEncryptText() {
    return cipher.encryptToText(dev.banata.vault.annotations.Mode.RANDOMIZED, CONTEXT, ValueType.BYTES, data);
  }

  @Benchmark
  public Object randomizedDecryptBinary() {
    return cipher.decrypt(randomizedEnvelope, dev.banata.vault.annotations.Mode.RANDOMIZED, CONTEXT, ValueType.BYTES);
  }

  @Benchmark
  public Object randomizedDecryptText() {
    return cipher.decrypt(randomizedText, dev.banata.vault.annotations.Mode.RANDOMIZED, CONTEXT, ValueType.BYTES);
  }

  @Benchmark
  public byte[] deterministicEncryptBinary() {
    return cipher.encryptToBytes(dev.banata.vault.annotations.Mode.DETERMINISTIC, CONTEXT, ValueType.BYTES, data);
  }

  @Benchmark
  public String deterministicEncryptText() {
    return cipher.encryptToText(dev.banata.vault.annotations.Mode.DETERMINISTIC, CONTEXT, ValueType.BYTES, data);
  }

  @Benchmark
  public Object deterministicDecryptBinary() {
    return cipher.decrypt(deterministicEnvelope, dev.banata.vault.annotations.Mode.DETERMINISTIC, CONTEXT, ValueType.BYTES);
  }

  @Benchmark
  public Object deterministicDecryptText() {
    return cipher.decrypt(deterministicText, dev.banata.vault.annotations.Mode.DETERMINISTIC, CONTEXT, ValueType.BYTES);
  }

  /**
   * A query result's cell: the column reader the driver decrypts results with, which accepts a
   * deterministic value on GCM's tag without recomputing its synthetic IV ({@code FieldCipher.reader}).
   */
  @Benchmark
  public Object deterministicReadBinary() {
    return deterministicColumn.decrypt(deterministicEnvelope);
  }

  @Benchmark
  public Object deterministicReadText() {
    return deterministicColumn.decrypt(deterministicText);
  }
}
