package io.promethium.tsdb.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The paged ref index against a HashMap model, and its memory bounds under sparse refs and churn. */
class SeriesRefIndexTest {
  private static MemSeries series(long ref) {
    return new MemSeries(ref, Labels.of("i", Long.toString(ref)));
  }

  private static void assertMatches(Map<Long, MemSeries> model, SeriesRefIndex idx) {
    assertEquals(model.size(), idx.size());
    for (Map.Entry<Long, MemSeries> e : model.entrySet()) {
      assertSame(e.getValue(), idx.get(e.getKey()), "ref " + e.getKey());
    }
    assertEquals(new HashSet<>(model.values()), new HashSet<>(idx.snapshot()));
    assertEquals(model.size(), idx.snapshot().size(), "no series listed twice");
  }

  @Test
  void sequentialRefsFillPagesWithoutOverflow() {
    SeriesRefIndex idx = new SeriesRefIndex();
    Map<Long, MemSeries> model = new HashMap<>();
    for (long ref = 1; ref <= 10_000; ref++) {
      MemSeries s = series(ref);
      idx.put(s);
      model.put(ref, s);
    }
    assertMatches(model, idx);
    assertEquals(0, idx.overflowSize());
    assertEquals(10_000 / SeriesRefIndex.PAGE + 1, idx.pagesHeld());
    assertNull(idx.get(0));
    assertNull(idx.get(10_001));
    assertNull(idx.get(Long.MAX_VALUE));
  }

  @Test
  void hugeFirstRefDoesNotSizeTheDirectoryByRefValue() {
    SeriesRefIndex idx = new SeriesRefIndex();
    Map<Long, MemSeries> model = new HashMap<>();
    for (long ref = 50_000_000; ref < 50_003_000; ref++) {
      MemSeries s = series(ref);
      idx.put(s);
      model.put(ref, s);
    }
    assertMatches(model, idx);
    assertEquals(0, idx.overflowSize());
    assertTrue(idx.directoryLength() <= 16, "directory " + idx.directoryLength());
  }

  /** A checkpoint's few survivors at low refs, then new series far above: the low ones spill. */
  @Test
  void jumpAboveSurvivorsSpillsThemInsteadOfSpanningTheGap() {
    SeriesRefIndex idx = new SeriesRefIndex();
    Map<Long, MemSeries> model = new HashMap<>();
    for (long ref = 1; ref <= 2_000; ref++) {
      MemSeries s = series(ref);
      idx.put(s);
      model.put(ref, s);
    }
    for (long ref = 1L << 40; ref < (1L << 40) + 5_000; ref++) {
      MemSeries s = series(ref);
      idx.put(s);
      model.put(ref, s);
    }
    assertMatches(model, idx);
    assertEquals(2_000, idx.overflowSize());
    assertTrue(idx.directoryLength() <= 64, "directory " + idx.directoryLength());
  }

  /** Refs a page apart would cost a page each: every passed page below the minimum spills. */
  @ParameterizedTest
  @CsvSource({"1024", "2048", "1000", "100000"})
  void sparseRefsGoToOverflow(long stride) {
    SeriesRefIndex idx = new SeriesRefIndex();
    Map<Long, MemSeries> model = new HashMap<>();
    for (long i = 1; i <= 3_000; i++) {
      MemSeries s = series(i * stride);
      idx.put(s);
      model.put(i * stride, s);
    }
    assertMatches(model, idx);
    assertTrue(idx.pagesHeld() <= 2, "pages " + idx.pagesHeld());
    assertTrue(idx.directoryLength() <= 256, "directory " + idx.directoryLength());
  }

  /**
   * Churn as a long-running head sees it: series created in sequence, most dropped after a while, a few
   * living on. Held pages stay at least {@link SeriesRefIndex#MIN_LIVE} full (the newest aside), emptied
   * pages are freed, and the directory stays bounded by the pages held.
   */
  @Test
  void churnKeepsPagesDenseAndDirectoryBounded() {
    SeriesRefIndex idx = new SeriesRefIndex();
    Map<Long, MemSeries> model = new HashMap<>();
    Random r = new Random(7);
    long next = 1;
    for (int round = 0; round < 40; round++) {
      List<Long> created = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        MemSeries s = series(next);
        idx.put(s);
        model.put(next, s);
        created.add(next++);
      }
      // Drop the previous rounds' series but for 1 in 200 (long-lived ones).
      for (Long ref : new ArrayList<>(model.keySet())) {
        if (!created.contains(ref) && r.nextInt(200) != 0 && ref % 3 != 0) {
          idx.remove(ref);
          model.remove(ref);
        } else if (!created.contains(ref) && ref % 3 == 0 && r.nextInt(50) != 0) {
          idx.remove(ref);
          model.remove(ref);
        }
      }
      assertEquals(model.size(), idx.size());
      long pageBound = (long) idx.pagesHeld() * SeriesRefIndex.PAGE;
      assertTrue(pageBound <= (long) model.size() * 16 + SeriesRefIndex.PAGE * 2,
          "round " + round + ": " + idx.pagesHeld() + " pages for " + model.size() + " series");
      assertTrue(idx.directoryLength() <= 8L * (idx.pagesHeld() + SeriesRefIndex.MIN_SPAN),
          "round " + round + ": directory " + idx.directoryLength());
    }
    assertMatches(model, idx);
    assertTrue(idx.overflowSize() > 0, "long-lived series of churned pages spilled");
  }

  @ParameterizedTest
  @CsvSource({"1, 3000, 1", "1, 300, 2", "7, 3000, 3", "1024, 500, 4", "3, 20000, 5"})
  void randomPutsAndRemovesMatchModel(long stride, int keys, long seed) {
    Random r = new Random(seed);
    SeriesRefIndex idx = new SeriesRefIndex();
    Map<Long, MemSeries> model = new HashMap<>();
    for (int op = 0; op < keys * 10; op++) {
      long ref = (1 + r.nextInt(keys)) * stride;
      if (r.nextInt(3) == 0) {
        idx.remove(ref);
        model.remove(ref);
      } else {
        MemSeries s = series(ref);
        idx.put(s); // replaces a series with the same ref
        model.put(ref, s);
      }
      long probe = (1 + r.nextInt(keys)) * stride;
      assertSame(model.get(probe), idx.get(probe), "ref " + probe + " after op " + op);
    }
    assertMatches(model, idx);
  }

  /** Lock-free gets racing with puts, removes and spills return the right series or retry to it. */
  @Test
  void concurrentGetNeverReturnsAWrongSeriesAndFindsStableOnes() throws Exception {
    SeriesRefIndex idx = new SeriesRefIndex();
    int stable = 3_000;
    MemSeries[] kept = new MemSeries[stable];
    for (int i = 0; i < stable; i++) {
      // Every 30th ref lives on (fewer than MIN_LIVE a page, so pages spill as the others churn).
      kept[i] = series(1 + i * 30L);
      idx.put(kept[i]);
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        long next = stable * 30L + 10;
        for (int round = 0; round < 200; round++) {
          for (int i = 0; i < stable; i++) {
            long ref = 2 + i * 30L + (round % 20);
            idx.put(series(ref));
          }
          for (int i = 0; i < stable; i++) {
            idx.remove(2 + i * 30L + (round % 20));
          }
          for (int i = 0; i < 500; i++) {
            idx.put(series(next++));
          }
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    writer.start();
    Random r = new Random(3);
    while (writer.isAlive()) {
      for (int k = 0; k < 1000; k++) {
        int i = r.nextInt(stable);
        assertSame(kept[i], idx.get(kept[i].ref));
        long other = 2 + r.nextInt(stable * 30);
        MemSeries s = idx.get(other);
        if (s != null) {
          assertEquals(other, s.ref);
        }
      }
    }
    writer.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    for (MemSeries s : kept) {
      assertSame(s, idx.get(s.ref));
    }
  }
}
