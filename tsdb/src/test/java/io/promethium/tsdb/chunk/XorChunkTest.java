package io.promethium.tsdb.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.storage.StaleNaN;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class XorChunkTest {
  private static final double[] SPECIAL = {
    Double.NaN, StaleNaN.VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
    Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 42.0
  };

  static LongStream seeds() {
    return LongStream.range(1, 41);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void roundTripRandom(long seed) {
    Random r = new Random(seed);
    int n = 1 + r.nextInt(300);
    long[] ts = new long[n];
    long[] vs = new long[n];
    long t = r.nextLong() >> r.nextInt(64);
    double v = r.nextGaussian() * 1000;
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(8)) {
        case 0 -> t += 0; // equal timestamps
        case 1 -> t += 1L << (10 + r.nextInt(40)); // huge gaps
        case 2 -> t += 15000 + r.nextInt(3) - 1; // jitter around a scrape interval
        case 3 -> t += r.nextInt(1 << 20);
        default -> t += 15000;
      }
      switch (r.nextInt(6)) {
        case 0 -> v = SPECIAL[r.nextInt(SPECIAL.length)];
        case 1 -> v = r.nextLong();
        case 2 -> v += 1;
        case 3 -> { } // unchanged
        default -> v = r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10);
      }
      ts[i] = t;
      vs[i] = Double.doubleToRawLongBits(v);
    }
    XorChunk c = new XorChunk();
    for (int i = 0; i < n; i++) {
      c.append(ts[i], Double.longBitsToDouble(vs[i]));
    }
    assertEquals(n, c.numSamples(), "seed " + seed);
    byte[] bytes = c.bytes();
    assertEquals(bytes.length, c.size());

    XorIterator it = new XorIterator();
    // Read it through a byte array at an offset and through a direct buffer: same result.
    byte[] shifted = new byte[bytes.length + 7];
    System.arraycopy(bytes, 0, shifted, 5, bytes.length);
    check(seed, ts, vs, it.reset(shifted, 5, bytes.length));
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 3);
    direct.position(3);
    direct.put(bytes);
    check(seed, ts, vs, it.reset(direct, 3, bytes.length));

    // Re-open from bytes and keep appending: identical to appending everything to one chunk.
    int split = r.nextInt(n + 1);
    XorChunk first = new XorChunk();
    for (int i = 0; i < split; i++) {
      first.append(ts[i], Double.longBitsToDouble(vs[i]));
    }
    byte[] firstBytes = first.bytes();
    XorChunk reopened = new XorChunk(firstBytes, 0, firstBytes.length);
    for (int i = split; i < n; i++) {
      reopened.append(ts[i], Double.longBitsToDouble(vs[i]));
    }
    assertArrayEquals(bytes, reopened.bytes(), "seed " + seed + " split " + split);
  }

  /** Any start capacity (the head sizes open chunks by the last one) encodes the same bytes. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 17, 18, 25, 32, 100, 128, 4096})
  void startCapacityDoesNotChangeTheEncoding(int capacity) {
    Random r = new Random(capacity);
    XorChunk ref = new XorChunk();
    XorChunk sized = new XorChunk(capacity);
    long t = 1_700_000_000_000L;
    for (int i = 0; i < 400; i++) {
      t += i % 50 == 0 ? r.nextInt(1 << 30) : 15_000;
      double v = i % 3 == 0 ? r.nextLong() : i * 0.37;
      ref.append(t, v);
      sized.append(t, v);
      if (i % 37 == 0) {
        assertArrayEquals(ref.bytes(), sized.bytes(), "capacity " + capacity + " after sample " + i);
      }
    }
    assertArrayEquals(ref.bytes(), sized.bytes(), "capacity " + capacity);
  }

  private static void check(long seed, long[] ts, long[] vs, XorIterator it) {
    for (int i = 0; i < ts.length; i++) {
      assertTrue(it.next(), "seed " + seed + " sample " + i);
      assertEquals(ts[i], it.timestamp(), "seed " + seed + " sample " + i);
      assertEquals(vs[i], Double.doubleToRawLongBits(it.value()), "seed " + seed + " sample " + i);
    }
    assertFalse(it.next());
    assertNull(it.error(), "seed " + seed);
  }

  @Test
  void knownEncodingOfTwoSamples() {
    // t0=1000 -> zigzag 2000 -> varint d0 0f; v0=1.0 -> 3ff0000000000000;
    // t1-t0=15 -> uvarint 0f; v1 == v0 -> a single '0' bit, then padding.
    XorChunk c = new XorChunk();
    c.append(1000, 1.0);
    c.append(1015, 1.0);
    byte[] expected = {
      0, 2, (byte) 0xd0, 0x0f, 0x3f, (byte) 0xf0, 0, 0, 0, 0, 0, 0, 0x0f, 0
    };
    assertArrayEquals(expected, c.bytes());
  }

  @Test
  void dodBoundariesUseGoRanges() {
    // 8192 = 2^13 still fits 14 bits in Go's asymmetric range; -8192 needs 17.
    long[] dods = {8192, -8191, -8192, 65536, -65535, -65536, 524288, -524288, 1L << 40, -(1L << 40)};
    for (long dod : dods) {
      XorChunk c = new XorChunk();
      long base = 1_000_000_000_000L;
      c.append(base, 1);
      c.append(base + 1_000_000, 2);
      c.append(base + 2_000_000 + dod, 3);
      XorIterator it = c.iterator(null);
      assertTrue(it.next());
      assertTrue(it.next());
      assertTrue(it.next());
      assertEquals(base + 2_000_000 + dod, it.timestamp(), "dod " + dod);
      assertEquals(3.0, it.value());
    }
  }

  @Test
  void seekFindsFirstSampleAtOrAfter() {
    XorChunk c = new XorChunk();
    for (int i = 0; i < 120; i++) {
      c.append(i * 10L, i);
    }
    XorIterator it = c.iterator(null);
    assertTrue(it.seek(55));
    assertEquals(60, it.timestamp());
    assertTrue(it.seek(10)); // already past: stays
    assertEquals(60, it.timestamp());
    assertFalse(it.seek(2000));
  }

  @Test
  void truncatedChunkReportsError() {
    XorChunk c = new XorChunk();
    for (int i = 0; i < 50; i++) {
      c.append(i * 1000L + (i * i % 7), Math.sin(i));
    }
    byte[] b = c.bytes();
    XorIterator it = new XorIterator().reset(b, 0, b.length / 2);
    int read = 0;
    while (it.next()) {
      read++;
    }
    assertTrue(read < 50);
    assertNotNull(it.error());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void corruptBytesNeverThrow(long seed) {
    Random r = new Random(seed);
    XorChunk c = new XorChunk();
    long t = 0;
    for (int i = 0; i < 120; i++) {
      t += 1 + r.nextInt(100_000);
      c.append(t, r.nextGaussian());
    }
    byte[] b = c.bytes();
    XorIterator it = new XorIterator();
    for (int round = 0; round < 200; round++) {
      byte[] m = b.clone();
      for (int k = 0; k < 1 + r.nextInt(4); k++) {
        m[r.nextInt(m.length)] = (byte) r.nextInt(256);
      }
      int len = r.nextInt(4) == 0 ? r.nextInt(m.length + 1) : m.length;
      it.reset(m, 0, len);
      int n = 0;
      while (it.next()) {
        n++;
      }
      assertTrue(n <= 0xFFFF, "seed " + seed);
    }
  }

  @Test
  void emptyChunk() {
    XorChunk c = new XorChunk();
    assertArrayEquals(new byte[] {0, 0}, c.bytes());
    assertFalse(c.iterator(null).next());
  }
}
