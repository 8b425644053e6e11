package io.promethium.tsdb.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decoder's own cases: hand-written bit streams, and one iterator reused across chunk shapes. */
class XorIteratorTest {
  /** Writes bits most significant first, as the chunk format does. */
  private static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int cur;
    private int n;

    Bits put(long v, int bits) {
      for (int i = bits - 1; i >= 0; i--) {
        cur = (cur << 1) | (int) ((v >>> i) & 1);
        if (++n == 8) {
          out.write(cur);
          cur = 0;
          n = 0;
        }
      }
      return this;
    }

    byte[] bytes() {
      if (n > 0) {
        put(0, 8 - n);
      }
      return out.toByteArray();
    }
  }

  /** Header for {@code samples}, first sample (t=0 varint, value 1.0), second (delta 1000, same value). */
  private static Bits start(int samples) {
    return new Bits().put(samples, 16).put(0, 8).put(Double.doubleToRawLongBits(1.0), 64).put(0xE8, 8)
        .put(0x07, 8).put(0, 1);
  }

  static Stream<Arguments> streams() {
    long one = Double.doubleToRawLongBits(1.0);
    long three = Double.doubleToRawLongBits(3.0);
    long minus = Double.doubleToRawLongBits(-2.5);
    double flipped = Double.longBitsToDouble(one ^ (1L << 40)); // window: leading 23, 1 bit, trailing 40
    return Stream.of(
        // dod 0; value '11' (new window) then '10' (the same window again) then '0' (unchanged).
        Arguments.of("windows", start(5).put(0, 1).put(0b11, 2).put(23, 5).put(1, 6).put(1, 1)
            .put(0, 1).put(0b10, 2).put(1, 1)
            .put(0, 1).put(0, 1).bytes(),
            new long[] {0, 1000, 2000, 3000, 4000}, new double[] {1, 1, flipped, 1, 1}),
        // A dod of each width (negative ones too, and 2^13 which is positive), the 64-bit escape.
        Arguments.of("dods", start(7).put(0b10, 2).put((1 << 14) - 5, 14).put(0, 1)
            .put(0b110, 3).put(60_000, 17).put(0, 1)
            .put(0b1110, 4).put((1 << 20) - 300_000, 20).put(0, 1)
            .put(0b1111, 4).put(5_000_000_000L, 64).put(0, 1)
            .put(0b10, 2).put(8192, 14).put(0b11, 2).put(0, 5).put(0, 6).put(one ^ minus, 64).bytes(),
            new long[] {0, 1000, 1995, 62_990, -176_015, 4_999_584_980L, 9_999_354_167L},
            new double[] {1, 1, 1, 1, 1, 1, -2.5}),
        // A significant-bits field of 0 stands for 64.
        Arguments.of("sig64", start(3).put(0, 1).put(0b11, 2).put(0, 5).put(0, 6).put(one ^ three, 64).bytes(),
            new long[] {0, 1000, 2000}, new double[] {1, 1, 3}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void decodesHandWrittenStreams(String name, byte[] chunk, long[] ts, double[] vs) {
    XorIterator it = new XorIterator().reset(chunk, 0, chunk.length);
    for (int i = 0; i < ts.length; i++) {
      assertTrue(it.next(), name + " sample " + i + ": " + it.error());
      assertEquals(ts[i], it.timestamp(), name + " t " + i);
      assertEquals(vs[i], it.value(), name + " v " + i);
    }
    assertFalse(it.next());
    assertNull(it.error(), name);
  }

  @Test
  void windowWiderThan64BitsIsAnError() {
    // leading 31 + 63 significant bits: no such window.
    byte[] chunk = start(3).put(0, 1).put(0b11, 2).put(31, 5).put(63, 6).put(0, 64).bytes();
    XorIterator it = new XorIterator().reset(chunk, 0, chunk.length);
    assertTrue(it.next());
    assertTrue(it.next());
    assertFalse(it.next());
    assertNotNull(it.error());
    assertFalse(it.next(), "stays ended");
  }

  @Test
  void oneIteratorOverLongAndShortChunksOfEveryShape() {
    // A long chunk leaves bytes in the scratch array after a short one's end: they must not be read.
    Random r = new Random(7);
    XorIterator it = new XorIterator();
    for (int round = 0; round < 60; round++) {
      int n = round % 2 == 0 ? 400 : 1 + r.nextInt(5);
      long[] ts = new long[n];
      double[] vs = new double[n];
      XorChunk c = new XorChunk();
      long t = 1_700_000_000_000L;
      double v = 100;
      for (int i = 0; i < n; i++) {
        t += 15_000 + r.nextInt(3) - 1;
        v = switch (round % 3) {
          case 0 -> v + r.nextInt(10); // counter
          case 1 -> r.nextGaussian() * 100; // gauge
          default -> v; // constant
        };
        ts[i] = t;
        vs[i] = v;
        c.append(t, v);
      }
      byte[] b = c.bytes();
      it.reset(b, 0, b.length);
      for (int i = 0; i < n; i++) {
        assertTrue(it.next(), "round " + round + " sample " + i);
        assertEquals(ts[i], it.timestamp());
        assertEquals(Double.doubleToRawLongBits(vs[i]), Double.doubleToRawLongBits(it.value()));
      }
      assertFalse(it.next());
      assertNull(it.error());
    }
  }
}
