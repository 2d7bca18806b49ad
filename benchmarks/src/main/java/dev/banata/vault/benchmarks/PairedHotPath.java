package dev.banata.vault.benchmarks;

import java.lang.management.*; import java.util.*; import java.util.concurrent.Callable;
/**
 * The decryption hot path of {@link PairedRatio} only (deterministic and randomized decryption at 32 B,
 * deterministic at 4 KiB, deterministic encryption at 32 B, and deterministic values through the
 * driver's result reader, which skips the synthetic-IV re-check), for a machine too loaded to run the full
 * table: same pairing in thread CPU time, 5 warm-up rounds per comparison.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.banata.vault.benchmarks.PairedHotPath [rounds] [sliceMillis]</pre>
 */
public final class PairedHotPath {
  private PairedHotPath() {}

  static volatile Object sink; static ThreadMXBean T = ManagementFactory.getThreadMXBean();
  static double slice(Callable<Object> c, long ns) throws Exception { long s=T.getCurrentThreadCpuTime(), n=0, now; do { for(int i=0;i<100;i++) sink=c.call(); n+=100; now=T.getCurrentThreadCpuTime(); } while (now-s<ns); return n*1e9/(now-s); }
  static void cmp(int size,String on,Callable<Object> o,String bn,Callable<Object> b,int rounds,long ns) throws Exception {
    for(int i=0;i<5;i++){slice(o,ns);slice(b,ns);}
    double[] r=new double[rounds]; double ot=0,bt=0;
    for(int i=0;i<rounds;i++){ double x,y; if(i%2==0){x=slice(o,ns);y=slice(b,ns);}else{y=slice(b,ns);x=slice(o,ns);} r[i]=x/y; ot+=x; bt+=y; }
    Arrays.sort(r);
    System.out.printf(Locale.ROOT,"| %d | %s | %s | %.0f | %.0f | %.2f | %.2f..%.2f |%n",size,on,bn,ot/rounds,bt/rounds,r[rounds/2],r[rounds/4],r[3*rounds/4]);
  }
  public static void main(String[] a) throws Exception {
    int rounds=Integer.parseInt(a[0]); long ns=Long.parseLong(a[1])*1_000_000L;
    for (int size : new int[]{32, 4096}) {
      FieldEncryptionBenchmark b=new FieldEncryptionBenchmark(); b.size=size; b.setUp();
      cmp(size,"deterministicDecryptBinary",b::deterministicDecryptBinary,"bareJdkDecrypt",b::bareJdkDecrypt,rounds,ns);
      cmp(size,"deterministicDecryptBinary",b::deterministicDecryptBinary,"bareJdkDecryptWithAad",b::bareJdkDecryptWithAad,rounds,ns);
      // The driver's result reader: the same envelope without the synthetic-IV re-check, against the bare calls and against the one-shot decryption with it.
      cmp(size,"deterministicReadBinary",b::deterministicReadBinary,"bareJdkDecrypt",b::bareJdkDecrypt,rounds,ns);
      cmp(size,"deterministicReadBinary",b::deterministicReadBinary,"bareJdkDecryptWithAad",b::bareJdkDecryptWithAad,rounds,ns);
      cmp(size,"deterministicReadBinary",b::deterministicReadBinary,"deterministicDecryptBinary",b::deterministicDecryptBinary,rounds,ns);
      if (size==32) {
      cmp(size,"deterministicReadText",b::deterministicReadText,"bareJdkDecrypt",b::bareJdkDecrypt,rounds,ns);
      cmp(size,"deterministicDecryptText",b::deterministicDecryptText,"bareJdkDecrypt",b::bareJdkDecrypt,rounds,ns);
      cmp(size,"deterministicEncryptBinary",b::deterministicEncryptBinary,"bareJdkEncrypt",b::bareJdkEncrypt,rounds,ns);
      cmp(size,"randomizedDecryptBinary",b::randomizedDecryptBinary,"bareJdkDecryptWithAad",b::bareJdkDecryptWithAad,rounds,ns);
      // The envelope, its associated data and GCM without the synthetic-IV re-check: the ceiling of deterministic decryption without it.
      cmp(size,"randomizedDecryptBinary",b::randomizedDecryptBinary,"bareJdkDecrypt",b::bareJdkDecrypt,rounds,ns);
      // GCM's own cost of the associated data the format requires.
      cmp(size,"bareJdkDecryptWithAad",b::bareJdkDecryptWithAad,"bareJdkDecrypt",b::bareJdkDecrypt,rounds,ns);
      cmp(size,"randomizedDecryptText",b::randomizedDecryptText,"bareJdkDecrypt",b::bareJdkDecrypt,rounds,ns);
      }
    }
  }
}
