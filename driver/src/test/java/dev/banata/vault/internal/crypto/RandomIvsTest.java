package dev.banata.vault.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The IV source across its key changes and its threads: every IV distinct, and the bits as balanced
 * as random ones (a keystream that came out as zeros, or as one repeated block, fails both).
 */
class RandomIvsTest {

  // Four keys' worth: 1,024 refills of 128 IVs per key.
  private static final int COUNT = 4 * 1024 * 128;

  @Test
  void halfAMillionIvsOfOneThreadAcrossFourKeysAreDistinctAndBalanced() {
    Set<ByteBuffer> ivs = takeOnThisThread(COUNT);
    assertThat(ivs).hasSize(COUNT);
    long ones = 0;
    for (ByteBuffer iv : ivs) {
      for (int i = 0; i < 12; i++) {
        ones += Integer.bitCount(iv.get(i) & 0xff);
      }
    }
    double share = ones / (COUNT * 96.0);
    // 50.3 M bits: the share of ones of random bits is within 0.5 ± 0.0005 but for a 7-sigma accident.
    assertThat(share).isBetween(0.4995, 0.5005);
  }

  @Test
  void twoThreadsNeverDrawTheSameIv() throws Exception {
    CompletableFuture<Set<ByteBuffer>> other = CompletableFuture.supplyAsync(() -> takeOnThisThread(1 << 16));
    Set<ByteBuffer> mine = takeOnThisThread(1 << 16);
    Set<ByteBuffer> both = new HashSet<>(mine);
    both.addAll(other.get());
    assertThat(both).hasSize(2 << 16);
  }

  private static Set<ByteBuffer> takeOnThisThread(int count) {
    RandomIvs source = RandomIvs.ofThisThread();
    Set<ByteBuffer> ivs = new HashSet<>(count * 2);
    for (int i = 0; i < count; i++) {
      byte[] iv = new byte[12];
      source.take(iv, 0);
      ivs.add(ByteBuffer.wrap(iv));
    }
    return ivs;
  }
}
