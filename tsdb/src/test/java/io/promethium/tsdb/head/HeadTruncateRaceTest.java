package io.promethium.tsdb.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncation removing idle series while appenders, holding cached refs (as a scrape cache does), bring
 * them back: every committed sample of the last round must land in a live, queryable series, once.
 */
class HeadTruncateRaceTest {
  @TempDir Path dir;

  @Test
  void seriesDroppedWhileAppendersHoldTheirRefsComeBack() throws Exception {
    int writers = 2;
    int perWriter = 200;
    int rounds = 61; // the last round (60) appends every series
    HeadOptions o = HeadOptions.defaults().withWal(false, false, 128 * 1024 * 1024);
    try (Head h = Head.open(dir, o, new MetricsRegistry(), Long.MIN_VALUE)) {
      ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
      CyclicBarrier round = new CyclicBarrier(writers + 1);
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        fs.add(pool.submit(() -> {
          long[] refs = new long[perWriter];
          Labels[] labels = new Labels[perWriter];
          for (int s = 0; s < perWriter; s++) {
            labels[s] = Labels.of("__name__", "r", "w", "" + id, "s", "" + s);
          }
          for (int r = 0; r < rounds; r++) {
            round.await(10, TimeUnit.SECONDS);
            Appender a = h.appender();
            for (int s = 0; s < perWriter; s++) {
              // Odd series go idle for two rounds, long enough for the truncation to drop them.
              if (s % 2 == 0 || r % 3 == 0) {
                refs[s] = a.append(refs[s], labels[s], r * 1000L, r);
              }
            }
            a.commit();
          }
          return null;
        }));
      }
      fs.add(pool.submit(() -> {
        for (int r = 0; r < rounds; r++) {
          round.await(10, TimeUnit.SECONDS);
          // Races this round's appends (at r * 1000, never below the truncation point).
          h.truncate(r * 1000L - 1500);
        }
        return null;
      }));
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      long last = (rounds - 1) * 1000L;
      int seen = 0;
      try (Querier q = h.querier(last, last)) {
        SeriesSet ss = q.select(false, null, Matcher.equal("__name__", "r"));
        SampleIterator it = null;
        while (ss.next()) {
          it = ss.at().iterator(it);
          int n = 0;
          while (it.next()) {
            assertEquals(last, it.timestamp(), ss.at().labels().toString());
            assertEquals(rounds - 1, it.value(), 0);
            n++;
          }
          assertEquals(1, n, ss.at().labels().toString());
          seen++;
        }
      }
      // The odd series were dropped and recreated every third round (else the test tests nothing).
      assertTrue(h.metrics.seriesRemoved.get() >= writers * perWriter / 2 * 10, "removed " + h.metrics.seriesRemoved.get());
      assertEquals(writers * perWriter, seen);
      assertEquals(writers * perWriter, h.numSeries());
    }
  }
}
