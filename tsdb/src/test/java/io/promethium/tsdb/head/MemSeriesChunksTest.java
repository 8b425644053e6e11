package io.promethium.tsdb.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A series' list of full chunks (compact and wide layouts) against a plain list, under adds and truncations. */
class MemSeriesChunksTest {
  /**
   * @param oddEvery one chunk in this many has times the compact layout cannot hold (a gap over 2^32 ms,
   *     a negative span, or a start before the previous chunk's); 0 for none
   */
  @ParameterizedTest
  @CsvSource({"0, 1", "0, 2", "7, 3", "40, 4", "200, 5", "1, 6"})
  void chunkListMatchesModel(int oddEvery, long seed) {
    Random r = new Random(seed);
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    List<long[]> model = new ArrayList<>();
    long t = r.nextBoolean() ? 1_700_000_000_000L : -5_000_000L;
    long cref = 0;
    for (int op = 0; op < 2000; op++) {
      if (r.nextInt(10) == 0 && !model.isEmpty()) {
        long cut = model.get(r.nextInt(model.size()))[2] + r.nextInt(3) - 1;
        int drop = 0;
        while (drop < model.size() && model.get(drop)[2] < cut) {
          drop++;
        }
        assertEquals(drop, s.truncateChunksBefore(cut), "op " + op);
        model.subList(0, drop).clear();
      } else {
        long minT = t + 1 + r.nextInt(1000);
        long maxT = minT + 120_000 + r.nextInt(1000);
        if (oddEvery > 0 && r.nextInt(oddEvery) == 0) {
          switch (r.nextInt(3)) {
            case 0 -> { minT += 1L << 33; maxT += 1L << 33; }
            case 1 -> maxT = minT - 1 - r.nextInt(10);
            default -> { minT -= 500_000; }
          }
        }
        s.addMmapped(++cref, minT, maxT);
        model.add(new long[] {cref, minT, maxT});
        t = Math.max(t, maxT);
      }
      assertEquals(model.size(), s.mmapCount, "op " + op);
      for (int i = 0; i < model.size(); i++) {
        long[] c = model.get(i);
        assertEquals(c[0], s.mmapRef(i), "ref, op " + op + " chunk " + i);
        assertEquals(c[1], s.mmapMinT(i), "minT, op " + op + " chunk " + i);
        assertEquals(c[2], s.mmapMaxT(i), "maxT, op " + op + " chunk " + i);
      }
      assertEquals(model.isEmpty() ? Long.MIN_VALUE : model.get(model.size() - 1)[2], s.lastMmappedMaxT());
      assertEquals(model.isEmpty() ? Long.MAX_VALUE : model.get(0)[1], s.minTime());
    }
  }
}
