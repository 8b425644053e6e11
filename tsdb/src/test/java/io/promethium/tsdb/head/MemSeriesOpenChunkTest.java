package io.promethium.tsdb.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.chunk.XorChunk;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The open chunk kept inside {@link MemSeries} encodes exactly as a {@link XorChunk} does. */
class MemSeriesOpenChunkTest {
  private static final long RANGE = 2 * 3600_000L;

  /**
   * @param kind 0 constant, 1 counter, 2 random gauge, 3 random bits (NaNs, infinities, jitter)
   */
  @ParameterizedTest
  @CsvSource({"0, 1", "1, 2", "2, 3", "3, 4"})
  void openChunkBytesMatchXorChunk(int kind, long seed) throws Exception {
    Random r = new Random(seed);
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    XorChunk c = new XorChunk();
    long t = 1_699_999_200_000L; // start of a chunk range: no cut within 100 samples 15 s apart
    long first = t + (kind == 3 ? 0 : 15_000);
    int[] cut = new int[1];
    assertFalse(s.openChunkHasSamples());
    for (int i = 0; i < 100; i++) {
      t += kind == 3 ? 14_000 + r.nextInt(2_000) : 15_000;
      double v = switch (kind) {
        case 0 -> 1;
        case 1 -> i * 3.0;
        case 2 -> r.nextGaussian() * 100;
        default -> Double.longBitsToDouble(r.nextLong());
      };
      assertTrue(s.append(t, v, RANGE, null, cut), "sample " + i);
      c.append(t, v);
      assertArrayEquals(c.bytes(), s.openChunkBytes(), "after sample " + i);
      assertEquals(t, s.maxTime());
      if (kind != 3) {
        assertEquals(first, s.minTime(), "read back from the chunk");
        assertEquals(first, s.openChunkMinT());
      }
      assertEquals(Double.doubleToRawLongBits(v), s.lastValueBits());
      // Not newer than the last sample: refused, nothing written.
      assertFalse(s.append(t, v, RANGE, null, cut));
    }
    assertEquals(1, cut[0], "only the first chunk was opened");
    assertEquals(100, s.openChunkSamples());
    assertEquals(1, s.chunkCount());
  }

  /** The open chunk's first time is read back from its buffer: any timestamp, any varint length. */
  @ParameterizedTest
  @CsvSource({"0", "1", "-1", "63", "64", "-64", "-65", "1699999200000", "-1699999200000",
      "9223372036854775807", "-9223372036854775808"})
  void firstTimeIsReadBackFromTheBuffer(long first) throws Exception {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    long range = Long.MAX_VALUE / 4; // no cut between these samples
    int[] cut = new int[1];
    assertTrue(s.append(first, 1, range, null, cut));
    assertEquals(first, s.openChunkMinT());
    assertEquals(first, s.minTime());
    if (first < Long.MAX_VALUE - 2) {
      assertTrue(s.append(first + 1, 2, range, null, cut));
      assertEquals(first, s.openChunkMinT(), "unchanged by later samples");
    }
  }
}
