package io.promethium.http;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.Queryable;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SelectHints;
import io.promethium.core.storage.Series;
import io.promethium.core.storage.SeriesSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** An in-memory {@link Queryable} for tests: series with samples, filtered by matchers and time range. */
public final class FakeStorage implements Queryable {
  private final TreeMap<Labels, List<long[]>> series = new TreeMap<>();
  private final TreeMap<Labels, List<Double>> values = new TreeMap<>();

  public synchronized FakeStorage add(Labels labels, long t, double v) {
    series.computeIfAbsent(labels, k -> new ArrayList<>()).add(new long[] {t});
    values.computeIfAbsent(labels, k -> new ArrayList<>()).add(v);
    return this;
  }

  @Override
  public synchronized Querier querier(long minT, long maxT) {
    TreeMap<Labels, List<long[]>> s = new TreeMap<>(series);
    TreeMap<Labels, List<Double>> v = new TreeMap<>(values);
    return new Querier() {
      private List<Labels> matching(Matcher... ms) {
        List<Labels> out = new ArrayList<>();
        for (Labels l : s.keySet()) {
          boolean ok = true;
          for (Matcher m : ms) {
            String val = l.get(m.name());
            ok &= m.matches(val == null ? "" : val);
          }
          boolean inRange = false;
          for (long[] t : s.get(l)) {
            inRange |= t[0] >= minT && t[0] <= maxT;
          }
          if (ok && inRange) {
            out.add(l);
          }
        }
        return out;
      }

      @Override
      public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
        Iterator<Labels> it = matching(matchers).iterator();
        return new SeriesSet() {
          Labels cur;

          @Override
          public boolean next() {
            cur = it.hasNext() ? it.next() : null;
            return cur != null;
          }

          @Override
          public Series at() {
            Labels l = cur;
            List<long[]> ts = s.get(l);
            List<Double> vs = v.get(l);
            return new Series() {
              @Override
              public Labels labels() {
                return l;
              }

              @Override
              public SampleIterator iterator(SampleIterator reuse) {
                return new SampleIterator() {
                  int i = -1;

                  @Override
                  public boolean next() {
                    do {
                      i++;
                    } while (i < ts.size() && ts.get(i)[0] < minT);
                    return i < ts.size() && ts.get(i)[0] <= maxT;
                  }

                  @Override
                  public boolean seek(long t) {
                    while (i < 0 || ts.get(i)[0] < t) {
                      if (!next()) {
                        return false;
                      }
                    }
                    return true;
                  }

                  @Override
                  public long timestamp() {
                    return ts.get(i)[0];
                  }

                  @Override
                  public double value() {
                    return vs.get(i);
                  }
                };
              }
            };
          }
        };
      }

      @Override
      public List<String> labelValues(String name, Matcher... matchers) {
        TreeSet<String> out = new TreeSet<>();
        for (Labels l : matching(matchers)) {
          String val = l.get(name);
          if (val != null && !val.isEmpty()) {
            out.add(val);
          }
        }
        return new ArrayList<>(out);
      }

      @Override
      public List<String> labelNames(Matcher... matchers) {
        TreeSet<String> out = new TreeSet<>();
        for (Labels l : matching(matchers)) {
          out.addAll(l.names());
        }
        return new ArrayList<>(out);
      }

      @Override
      public void close() {}
    };
  }
}
