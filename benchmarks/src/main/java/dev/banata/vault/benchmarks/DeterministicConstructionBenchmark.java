package dev.banata.vault.benchmarks;

import dev.banata.vault.internal.crypto.DeterministicAead;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.MasterSecret;
import dev.banata.vault.internal.crypto.MasterSecrets;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The measurement behind the choice of deterministic construction (docs/FORMAT.md): our HMAC
 * synthetic-IV AES-GCM against AES-256-GCM-SIV (RFC 8452, Bouncy Castle, the only Java
 * implementation at hand) and a lower bound for AES-SIV (RFC 5297, which neither the JDK nor Bouncy
 * Castle ships): its two passes, CMAC (Bouncy Castle) and AES-CTR (JDK), without the S2V bookkeeping.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeterministicConstructionBenchmark {

  @Param({"32", "256", "4096"})
  public int size;

  private byte[] data;
  private final byte[] ad = "customers.email".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private DeterministicAead ours;
  private byte[] oursCiphertext;
  private KeyParameter gcmSivKey;
  private final byte[] gcmSivNonce = new byte[12];
  private GCMSIVBlockCipher gcmSiv;
  private byte[] gcmSivCiphertext;
  private CMac cmac;
  private Cipher ctr;
  private SecretKeySpec ctrKey;
  private final byte[] cmacOut = new byte[16];

  @Setup
  public void setUp() throws Exception {
    data = new byte[size];
    Random random = new Random(size);
    random.nextBytes(data);
    ours = KeyRing.initial(MasterSecrets.of(MasterSecret.create("benchmark-secret-0123456789abcdefghijklmnop")))
        .deterministicAead(1, "customers.email");
    oursCiphertext = ours.encryptDeterministically(data, ad);
    byte[] key = new byte[32];
    random.nextBytes(key);
    gcmSivKey = new KeyParameter(key);
    gcmSiv = new GCMSIVBlockCipher(AESEngine.newInstance());
    gcmSivCiphertext = gcmSivEncrypt();
    cmac = new CMac(AESEngine.newInstance());
    cmac.init(new KeyParameter(key));
    ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctrKey = new SecretKeySpec(key, "AES");
  }

  @Benchmark
  public byte[] oursEncrypt() {
    return ours.encryptDeterministically(data, ad);
  }

  @Benchmark
  public byte[] oursDecrypt() {
    return ours.decryptDeterministically(oursCiphertext, ad);
  }

  @Benchmark
  public byte[] gcmSivEncrypt() throws InvalidCipherTextException {
    gcmSiv.init(true, new AEADParameters(gcmSivKey, 128, gcmSivNonce, ad));
    byte[] out = new byte[gcmSiv.getOutputSize(data.length)];
    gcmSiv.processBytes(data, 0, data.length, out, 0);
    gcmSiv.doFinal(out, 0);
    return out;
  }

  @Benchmark
  public byte[] gcmSivDecrypt() throws InvalidCipherTextException {
    gcmSiv.init(false, new AEADParameters(gcmSivKey, 128, gcmSivNonce, ad));
    byte[] out = new byte[gcmSiv.getOutputSize(gcmSivCiphertext.length)];
    gcmSiv.processBytes(gcmSivCiphertext, 0, gcmSivCiphertext.length, out, 0);
    gcmSiv.doFinal(out, 0);
    return out;
  }

  /** AES-SIV lower bound (either direction does both passes): CMAC over AD and data, then AES-CTR. */
  @Benchmark
  public byte[] aesSivLowerBound() throws GeneralSecurityException {
    cmac.update(ad, 0, ad.length);
    cmac.doFinal(cmacOut, 0);
    cmac.update(data, 0, data.length);
    cmac.doFinal(cmacOut, 0);
    ctr.init(Cipher.ENCRYPT_MODE, ctrKey, new IvParameterSpec(cmacOut));
    return ctr.doFinal(data);
  }
}
