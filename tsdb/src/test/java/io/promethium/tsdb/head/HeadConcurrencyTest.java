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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appenders on several threads (sharing some series) while readers query: no lost or torn samples. */
class HeadConcurrencyTest {
  @TempDir Path dir;

  @Test
  void concurrentAppendAndQuery() throws Exception {
    int writers = 4;
    int steps = 600;
    try (Head h = Head.open(dir, HeadOptions.defaults(), new MetricsRegistry(), Long.MIN_VALUE)) {
      ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
      AtomicBoolean done = new AtomicBoolean();
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        fs.add(pool.submit(() -> {
          long[] refs = new long[50];
          for (int t = 0; t < steps; t++) {
            Appender a = h.appender();
            for (int s = 0; s < refs.length; s++) {
              // Each writer owns its series; all create them concurrently through the same stripes.
              refs[s] = a.append(refs[s], Labels.of("__name__", "c", "w", "" + id, "s", "" + s), t * 1000L, t);
            }
            a.commit();
          }
          return null;
        }));
      }
      Future<?> reader = pool.submit(() -> {
        while (!done.get()) {
          try (Querier q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet ss = q.select(true, null, Matcher.equal("__name__", "c"));
            SampleIterator it = null;
            while (ss.next()) {
              it = ss.at().iterator(it);
              long prev = -1;
              while (it.next()) {
                assertTrue(it.timestamp() > prev);
                assertEquals(it.timestamp() / 1000.0, it.value());
                prev = it.timestamp();
              }
              assertEquals(null, it.error());
            }
          }
        }
        return null;
      });
      for (Future<?> f : fs) {
        f.get();
      }
      done.set(true);
      reader.get();
      pool.shutdown();
      assertEquals(writers * 50, h.numSeries());
      try (Querier q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        SeriesSet ss = q.select(true, null, Matcher.equal("__name__", "c"));
        int n = 0;
        while (ss.next()) {
          SampleIterator it = ss.at().iterator(null);
          int c = 0;
          while (it.next()) {
            c++;
          }
          assertEquals(steps, c);
          n++;
        }
        assertEquals(writers * 50, n);
      }
    }
  }
}
