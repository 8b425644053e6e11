package io.promethium.tsdb.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.promethium.core.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The head's two open-addressing series tables against a HashMap model, under random puts and removes. */
class SeriesMapsTest {
  /**
   * @param refStride refs step by this: a multiple of 4 puts every ref in one of the 4 stripes here, as
   *     16384 does with the head's stripes (chosen by the low 14 bits)
   */
  @ParameterizedTest
  @CsvSource({"1, 50, 1", "16384, 300, 2", "7, 2000, 3", "1, 5000, 4"})
  void refTablesMatchModel(long refStride, int keys, long seed) {
    Random r = new Random(seed);
    SeriesRefTables m = new SeriesRefTables(4);
    Map<Long, MemSeries> model = new HashMap<>();
    for (int op = 0; op < keys * 20; op++) {
      long ref = (1 + r.nextInt(keys)) * refStride;
      int stripe = (int) (ref & 3);
      if (r.nextInt(3) == 0) {
        m.remove(stripe, ref);
        model.remove(ref);
      } else {
        MemSeries s = new MemSeries(ref, Labels.of("i", Long.toString(ref)));
        m.put(stripe, s);
        model.put(ref, s);
      }
      long probe = (1 + r.nextInt(keys)) * refStride;
      assertSame(model.get(probe), m.get((int) (probe & 3), probe), "ref " + probe + " after op " + op);
      assertEquals(model.size(), m.size(0) + m.size(1) + m.size(2) + m.size(3));
    }
    Set<MemSeries> seen = new HashSet<>();
    for (int stripe = 0; stripe < 4; stripe++) {
      m.forEach(stripe, seen::add);
    }
    assertEquals(new HashSet<>(model.values()), seen);
    long absent = keys * refStride + refStride;
    assertNull(m.get((int) (absent & 3), absent));
  }

  @ParameterizedTest
  @CsvSource({"10, 1", "400, 2", "3000, 3"})
  void labelsMapMatchesModel(int keys, long seed) {
    Random r = new Random(seed);
    SeriesLabelsMap m = new SeriesLabelsMap();
    Map<Labels, MemSeries> model = new HashMap<>();
    List<Labels> all = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      all.add(Labels.of("__name__", "m" + (i % 7), "i", Integer.toString(i)));
    }
    long ref = 0;
    for (int op = 0; op < keys * 20; op++) {
      Labels l = all.get(r.nextInt(keys));
      MemSeries cur = model.get(l);
      if (cur != null && r.nextInt(3) == 0) {
        // Removing another series with equal labels must leave the stored one alone.
        m.remove(new MemSeries(++ref, Labels.of("__name__", l.get("__name__"), "i", l.get("i"))));
        assertSame(cur, m.get(l));
        m.remove(cur);
        model.remove(l);
      } else {
        // An equal, distinct Labels instance must find the same series.
        MemSeries fresh = new MemSeries(++ref, Labels.of("i", l.get("i"), "__name__", l.get("__name__")));
        MemSeries old = m.putIfAbsent(fresh);
        assertSame(cur, old);
        if (old == null) {
          model.put(l, fresh);
        }
      }
      Labels probe = all.get(r.nextInt(keys));
      assertSame(model.get(probe), m.get(probe), probe + " after op " + op);
      assertEquals(model.size(), m.size());
    }
  }
}
