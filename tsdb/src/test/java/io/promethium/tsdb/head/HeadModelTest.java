package io.promethium.tsdb.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.AppendException;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random appends (in order, out of order, duplicates), commits, rollbacks and reopens against a plain
 * map model; every query must match the model. The seed is printed in failure messages.
 */
class HeadModelTest {
  @TempDir Path dir;

  @RepeatedTest(3)
  void headMatchesModel() throws Exception {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    HeadOptions o = HeadOptions.defaults().withWal(true, r.nextBoolean(), 32 * 1024);
    // model: series -> committed samples; last committed time per series
    Map<Labels, TreeMap<Long, Double>> model = new HashMap<>();
    Labels[] series = new Labels[20];
    for (int i = 0; i < series.length; i++) {
      series[i] = Labels.of("__name__", "m" + (i % 3), "i", Integer.toString(i));
    }
    long now = 10_000_000;
    Head h = Head.open(dir, o, new MetricsRegistry(), Long.MIN_VALUE);
    try {
      for (int step = 0; step < 400; step++) {
        int op = r.nextInt(20);
        if (op == 0) {
          h.close();
          h = Head.open(dir, o, new MetricsRegistry(), Long.MIN_VALUE);
          continue;
        }
        Appender a = h.appender();
        Map<Labels, TreeMap<Long, Double>> pending = new HashMap<>();
        Map<Labels, Long> lastInBatch = new HashMap<>();
        int n = r.nextInt(30);
        for (int k = 0; k < n; k++) {
          Labels l = series[r.nextInt(series.length)];
          TreeMap<Long, Double> committed = model.computeIfAbsent(l, x -> new TreeMap<>());
          long last = committed.isEmpty() ? Long.MIN_VALUE : committed.lastKey();
          long t = switch (r.nextInt(6)) {
            case 0 -> last == Long.MIN_VALUE ? now : last; // duplicate timestamp
            case 1 -> last == Long.MIN_VALUE ? now : last - 1 - r.nextInt(1000); // out of order
            default -> now + r.nextInt(5000);
          };
          double v = r.nextInt(4) == 0 && last == t ? committed.get(t) : r.nextInt(100);
          try {
            a.append(0, l, t, v);
          } catch (AppendException e) {
            continue;
          }
          // Accepted at append time; commit applies it only if newer than what the batch put before.
          Long prev = lastInBatch.get(l);
          long floor = Math.max(last, prev == null ? Long.MIN_VALUE : prev);
          if (t > floor) {
            pending.computeIfAbsent(l, x -> new TreeMap<>()).put(t, v);
            lastInBatch.put(l, t);
          }
        }
        if (r.nextInt(5) == 0) {
          a.rollback();
        } else {
          a.commit();
          pending.forEach((l, m) -> model.get(l).putAll(m));
        }
        now += 1000 + r.nextInt(20_000);
      }
      h.close();
      h = Head.open(dir, o, new MetricsRegistry(), Long.MIN_VALUE);
      compare(h, model, seed);
    } finally {
      h.close();
    }
  }

  private static void compare(Head h, Map<Labels, TreeMap<Long, Double>> model, long seed) {
    Map<String, List<String>> want = new TreeMap<>();
    model.forEach((l, m) -> {
      if (!m.isEmpty()) {
        List<String> s = new ArrayList<>();
        m.forEach((t, v) -> s.add(t + "=" + v));
        want.put(l.toString(), s);
      }
    });
    Map<String, List<String>> got = new TreeMap<>();
    try (Querier q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet ss = q.select(true, null, Matcher.of(MatchType.REGEX, "__name__", "m.*"));
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
        assertEquals(a, b, "seed " + seed + " series " + k + " sample " + i + " want " + w.subList(Math.max(0, i - 2), Math.min(w.size(), i + 3)) + " got " + g.subList(Math.max(0, i - 2), Math.min(g.size(), i + 3)));
      }
    }
    assertEquals(want.keySet(), got.keySet(), "seed " + seed);
  }
}
