package io.promethium.tsdb.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our Snappy against aircompressor's, both directions, on random, repetitive and WAL-like inputs. */
class SnappyTest {
  private static byte[] input(Random r, int kind, int n) {
    byte[] b = new byte[n];
    switch (kind) {
      case 0 -> r.nextBytes(b);
      case 1 -> Arrays.fill(b, (byte) 7);
      case 2 -> {
        for (int i = 0; i < n; i++) {
          b[i] = (byte) "abcabdabcabe".charAt((i * 7 + i / 100) % 12);
        }
      }
      default -> {
        // WAL-like: small varints with occasional 8-byte values
        for (int i = 0; i < n; i++) {
          b[i] = (byte) (i % 9 == 0 ? r.nextInt() : r.nextInt(3));
        }
      }
    }
    return b;
  }

  @Test
  void interoperatesWithAnotherImplementation() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    Snappy ours = new Snappy();
    SnappyCompressor theirC = new SnappyCompressor();
    SnappyDecompressor theirD = new SnappyDecompressor();
    int[] sizes = {0, 1, 3, 4, 5, 11, 12, 60, 61, 64, 65, 67, 68, 100, 255, 256, 257, 4096, 65535, 65536, 65537, 200_000};
    for (int n : sizes) {
      for (int kind = 0; kind < 4; kind++) {
        byte[] in = input(r, kind, n);
        byte[] c = new byte[Snappy.maxCompressedLength(n)];
        int cl = ours.compress(in, n, c);
        byte[] out = new byte[n];
        int dl = theirD.decompress(c, 0, cl, out, 0, n);
        assertEquals(n, dl, "seed " + seed + " n " + n + " kind " + kind);
        assertArrayEquals(in, out, "seed " + seed + " n " + n + " kind " + kind);
        if ((kind == 1 || kind == 2) && n > 100) {
          assertTrue(cl < n / 2, "poor compression: " + cl + " of " + n + " kind " + kind);
        }
        byte[] c2 = new byte[theirC.maxCompressedLength(n)];
        int cl2 = theirC.compress(in, 0, n, c2, 0, c2.length);
        byte[] out2 = new byte[Math.max(0, Snappy.decodedLength(c2, cl2))];
        assertEquals(n, Snappy.decompress(c2, cl2, out2));
        assertArrayEquals(in, out2, "seed " + seed + " n " + n + " kind " + kind);
      }
    }
  }

  @Test
  void malformedInputIsRejectedNotCrashing() {
    Random r = new Random(5);
    Snappy ours = new Snappy();
    byte[] in = input(r, 2, 5000);
    byte[] c = new byte[Snappy.maxCompressedLength(in.length)];
    int cl = ours.compress(in, in.length, c);
    byte[] out = new byte[in.length];
    for (int cut = 1; cut < cl; cut += 7) {
      int k = cut;
      assertThrows(IllegalArgumentException.class, () -> Snappy.decompress(c, k, out));
    }
    for (int i = 0; i < 2000; i++) {
      byte[] bad = Arrays.copyOf(c, cl);
      bad[1 + r.nextInt(cl - 1)] ^= (byte) (1 << r.nextInt(8));
      try {
        Snappy.decompress(bad, cl, out);
      } catch (IllegalArgumentException expected) {
        // fine: detected
      }
    }
  }
}
