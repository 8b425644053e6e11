package io.promethium.promql.promqltest;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.AppendException;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SelectHints;
import io.promethium.core.storage.Series;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An in-memory {@link Storage} for engine tests: each series is two growing primitive arrays of
 * timestamps and values, series kept sorted by labels. Samples must be appended in time order per series.
 * Not thread-safe for concurrent writes; reads after writes are fine on one thread.
 */
public final class MemoryStorage implements Storage {
  private final TreeMap<Labels, MemSeries> series = new TreeMap<>();

  /** One series' samples. */
  static final class MemSeries implements Series {
    final Labels labels;
    long[] t = new long[16];
    double[] v = new double[16];
    int n;

    MemSeries(Labels labels) {
      this.labels = labels;
    }

    void add(long ts, double val) {
      if (n > 0 && ts <= t[n - 1]) {
        if (ts == t[n - 1]) {
          v[n - 1] = val;
          return;
        }
        throw new IllegalArgumentException("out of order sample for " + labels + " at " + ts);
      }
      if (n == t.length) {
        t = Arrays.copyOf(t, n * 2);
        v = Arrays.copyOf(v, n * 2);
      }
      t[n] = ts;
      v[n] = val;
      n++;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
      return new Iter(this, Long.MIN_VALUE, Long.MAX_VALUE);
    }
  }

  /** Iterates the samples of one series within {@code [minT, maxT]}. */
  static final class Iter implements SampleIterator {
    private final MemSeries s;
    private final long maxT;
    private final int start;
    private int i;

    Iter(MemSeries s, long minT, long maxT) {
      this.s = s;
      this.maxT = maxT;
      int lo = Arrays.binarySearch(s.t, 0, s.n, minT);
      this.start = lo < 0 ? -lo - 1 : lo;
      this.i = start - 1;
    }

    @Override
    public boolean next() {
      i++;
      return i < s.n && s.t[i] <= maxT;
    }

    @Override
    public boolean seek(long t) {
      if (i < start) {
        i = start;
      }
      if (i < s.n && s.t[i] >= t) {
        return s.t[i] <= maxT;
      }
      int lo = Arrays.binarySearch(s.t, i, s.n, t);
      i = lo < 0 ? -lo - 1 : lo;
      return i < s.n && s.t[i] <= maxT;
    }

    @Override
    public long timestamp() {
      return s.t[i];
    }

    @Override
    public double value() {
      return s.v[i];
    }
  }

  /** Adds one sample directly (test setup). */
  public void add(Labels labels, long t, double v) {
    series.computeIfAbsent(labels, MemSeries::new).add(t, v);
  }

  /** A deep copy, so later loads do not change what an earlier snapshot answers. */
  public MemoryStorage copy() {
    MemoryStorage c = new MemoryStorage();
    for (MemSeries s : series.values()) {
      MemSeries d = new MemSeries(s.labels);
      d.t = Arrays.copyOf(s.t, Math.max(1, s.n));
      d.v = Arrays.copyOf(s.v, Math.max(1, s.n));
      d.n = s.n;
      c.series.put(s.labels, d);
    }
    return c;
  }

  public int seriesCount() {
    return series.size();
  }

  @Override
  public Appender appender() {
    return new Appender() {
      private final List<Object[]> pending = new ArrayList<>();

      @Override
      public long append(long ref, Labels labels, long timestampMillis, double value) throws AppendException {
        pending.add(new Object[] {labels, timestampMillis, value});
        return 0;
      }

      @Override
      public void commit() {
        for (Object[] p : pending) {
          add((Labels) p[0], (Long) p[1], (Double) p[2]);
        }
        pending.clear();
      }

      @Override
      public void rollback() {
        pending.clear();
      }
    };
  }

  @Override
  public long startTime() {
    long min = Long.MAX_VALUE;
    for (MemSeries s : series.values()) {
      if (s.n > 0) {
        min = Math.min(min, s.t[0]);
      }
    }
    return min;
  }

  @Override
  public void close() {}

  @Override
  public Querier querier(long minT, long maxT) {
    return new Querier() {
      @Override
      public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
        List<Series> out = new ArrayList<>();
        for (MemSeries s : matching(matchers)) {
          int lo = Arrays.binarySearch(s.t, 0, s.n, minT);
          lo = lo < 0 ? -lo - 1 : lo;
          if (lo < s.n && s.t[lo] <= maxT) {
            out.add(new Series() {
              @Override
              public Labels labels() {
                return s.labels;
              }

              @Override
              public SampleIterator iterator(SampleIterator reuse) {
                return new Iter(s, minT, maxT);
              }
            });
          }
        }
        return new SeriesSet() {
          private int i = -1;

          @Override
          public boolean next() {
            return ++i < out.size();
          }

          @Override
          public Series at() {
            return out.get(i);
          }
        };
      }

      @Override
      public List<String> labelValues(String name, Matcher... matchers) {
        TreeSet<String> vals = new TreeSet<>();
        for (MemSeries s : matching(matchers)) {
          String v = s.labels.get(name);
          if (!v.isEmpty()) {
            vals.add(v);
          }
        }
        return new ArrayList<>(vals);
      }

      @Override
      public List<String> labelNames(Matcher... matchers) {
        TreeSet<String> names = new TreeSet<>();
        for (MemSeries s : matching(matchers)) {
          names.addAll(s.labels.names());
        }
        return new ArrayList<>(names);
      }

      @Override
      public void close() {}
    };
  }

  private List<MemSeries> matching(Matcher... matchers) {
    List<MemSeries> out = new ArrayList<>();
    for (Map.Entry<Labels, MemSeries> e : series.entrySet()) {
      boolean ok = true;
      for (Matcher m : matchers) {
        if (!m.matches(e.getKey().get(m.name()))) {
          ok = false;
          break;
        }
      }
      if (ok) {
        out.add(e.getValue());
      }
    }
    return out;
  }
}
