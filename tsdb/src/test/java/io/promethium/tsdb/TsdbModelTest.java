package io.promethium.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.AppendException;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random appends, rollbacks, deletes, compactions (head → blocks → merged blocks), tombstone cleaning and
 * reopens over ~2 days of data, against a map model. The seed is in failure messages.
 */
class TsdbModelTest {
  @TempDir Path dir;

  @RepeatedTest(2)
  void databaseMatchesModel() throws Exception {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    TsdbOptions o = TsdbOptions.defaults().withCompactionInterval(Duration.ZERO).withWalSegmentSize(64 * 1024);
    Map<Labels, TreeMap<Long, Double>> model = new HashMap<>();
    Labels[] series = new Labels[12];
    for (int i = 0; i < series.length; i++) {
      series[i] = Labels.of("__name__", "m", "i", Integer.toString(i));
    }
    long now = 0;
    Tsdb db = Tsdb.open(dir, o);
    try {
      for (int step = 0; step < 300; step++) {
        int op = r.nextInt(40);
        if (op == 0) {
          db.close();
          db = Tsdb.open(dir, o);
          continue;
        } else if (op == 1) {
          db.compact();
          continue;
        } else if (op == 2) {
          long a = r.nextLong(Math.max(1, now));
          // Tombstones hide later appends in their range too (as Prometheus): keep them in the past.
          long b = Math.min(a + r.nextInt(3_600_000), now - 1);
          Labels l = series[r.nextInt(series.length)];
          db.delete(a, b, Matcher.equal("i", l.get("i")));
          TreeMap<Long, Double> m = model.get(l);
          if (m != null) {
            m.subMap(a, true, b, true).clear();
          }
          continue;
        } else if (op == 3) {
          db.cleanTombstones();
          continue;
        }
        Appender a = db.appender();
        Map<Labels, TreeMap<Long, Double>> pending = new HashMap<>();
        Map<Labels, Long> floor = new HashMap<>();
        for (Labels l : series) {
          if (r.nextInt(3) == 0) {
            continue;
          }
          long t = now + r.nextInt(60_000);
          double v = r.nextGaussian();
          try {
            a.append(0, l, t, v);
          } catch (AppendException e) {
            continue;
          }
          TreeMap<Long, Double> committed = model.computeIfAbsent(l, x -> new TreeMap<>());
          long last = committed.isEmpty() ? Long.MIN_VALUE : committed.lastKey();
          if (t > Math.max(last, floor.getOrDefault(l, Long.MIN_VALUE))) {
            pending.computeIfAbsent(l, x -> new TreeMap<>()).put(t, v);
            floor.put(l, t);
          }
        }
        if (r.nextInt(6) == 0) {
          a.rollback();
        } else {
          a.commit();
          pending.forEach((l, m) -> model.get(l).putAll(m));
        }
        now += 60_000 + r.nextInt(15 * 60_000);
      }
      db.compact();
      compare(db, model, seed);
      db.close();
      db = Tsdb.open(dir, o);
      compare(db, model, seed);
    } finally {
      db.close();
    }
  }

  private static void compare(Tsdb db, Map<Labels, TreeMap<Long, Double>> model, long seed) throws Exception {
    Map<String, List<String>> want = new TreeMap<>();
    model.forEach((l, m) -> {
      List<String> s = new ArrayList<>();
      m.forEach((t, v) -> s.add(t + "=" + v));
      if (!s.isEmpty()) {
        want.put(l.toString(), s);
      }
    });
    Map<String, List<String>> got = new TreeMap<>();
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet ss = q.select(true, null, Matcher.of(MatchType.REGEX, "__name__", "m"));
      SampleIterator it = null;
      while (ss.next()) {
        it = ss.at().iterator(it);
        List<String> s = new ArrayList<>();
        while (it.next()) {
          s.add(it.timestamp() + "=" + it.value());
        }
        if (!s.isEmpty()) {
          got.put(ss.at().labels().toString(), s);
        }
      }
    }
    for (String k : want.keySet()) {
      List<String> w = want.get(k);
      List<String> g = got.getOrDefault(k, List.of());
      for (int i = 0; i < Math.max(w.size(), g.size()); i++) {
        String a = i < w.size() ? w.get(i) : null;
        String b = i < g.size() ? g.get(i) : null;
        assertEquals(a, b, "seed " + seed + " series " + k + " sample " + i + " of " + w.size() + "/" + g.size()
            + " blocks " + db.blocks().size());
      }
    }
    assertEquals(want.keySet(), got.keySet(), "seed " + seed);
  }
}
