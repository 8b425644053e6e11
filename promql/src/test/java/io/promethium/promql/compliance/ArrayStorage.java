package io.promethium.promql.compliance;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An in-memory {@link Storage} for the compliance test: each series is a pair of sorted primitive arrays, held
 * in label order. Queriers trim samples to their {@code [minT, maxT]} as Prometheus's block querier does, so an
 * engine that asks for too narrow a range sees the same missing samples it would see on the TSDB.
 *
 * <p>Thread-safe: appends are buffered per appender and published under the storage's lock on commit; queriers
 * see the series list as it was when they were opened.
 */
final class ArrayStorage implements Storage {
  /** One stored series; the first {@code size} entries of both arrays are valid, timestamps increasing. */
  record StoredSeries(Labels labels, long[] t, double[] v, int size) {}

  private final Map<Labels, StoredSeries> byLabels = new HashMap<>();
  private List<StoredSeries> sorted = List.of();
  private long startTime = Long.MAX_VALUE;

  /** Adds whole series at once (the test's bulk load); a series already present is replaced. */
  synchronized void put(StoredSeries s) {
    byLabels.put(s.labels(), s);
    if (s.size() > 0) {
      startTime = Math.min(startTime, s.t()[0]);
    }
    republish();
  }

  private void republish() {
    List<StoredSeries> all = new ArrayList<>(byLabels.values());
    all.sort((a, b) -> a.labels().compareTo(b.labels()));
    sorted = List.copyOf(all);
  }

  @Override
  public synchronized long startTime() {
    return startTime == Long.MAX_VALUE ? 0 : startTime;
  }

  @Override
  public Appender appender() {
    return new BufferedAppender();
  }

  @Override
  public Querier querier(long minT, long maxT) {
    List<StoredSeries> snapshot;
    synchronized (this) {
      snapshot = sorted;
    }
    return new ArrayQuerier(snapshot, minT, maxT);
  }

  @Override
  public void close() {}

  /** Buffers samples per series until commit; rejects out-of-order samples as the head does. */
  private final class BufferedAppender implements Appender {
    private final Map<Labels, List<double[]>> pending = new HashMap<>();

    @Override
    public long append(long ref, Labels labels, long timestampMillis, double value) throws AppendException {
      List<double[]> points = pending.computeIfAbsent(labels, l -> new ArrayList<>());
      long last = points.isEmpty() ? Long.MIN_VALUE : (long) points.get(points.size() - 1)[0];
      StoredSeries existing;
      synchronized (ArrayStorage.this) {
        existing = byLabels.get(labels);
      }
      if (points.isEmpty() && existing != null && existing.size() > 0) {
        last = existing.t()[existing.size() - 1];
      }
      if (timestampMillis < last) {
        throw new AppendException(AppendException.Reason.OUT_OF_ORDER);
      }
      if (timestampMillis == last) {
        throw new AppendException(AppendException.Reason.DUPLICATE_SAMPLE);
      }
      points.add(new double[] {timestampMillis, value});
      return 0;
    }

    @Override
    public void commit() {
      synchronized (ArrayStorage.this) {
        for (Map.Entry<Labels, List<double[]>> e : pending.entrySet()) {
          StoredSeries old = byLabels.get(e.getKey());
          int oldSize = old == null ? 0 : old.size();
          List<double[]> add = e.getValue();
          long[] t = new long[oldSize + add.size()];
          double[] v = new double[t.length];
          if (old != null) {
            System.arraycopy(old.t(), 0, t, 0, oldSize);
            System.arraycopy(old.v(), 0, v, 0, oldSize);
          }
          for (int i = 0; i < add.size(); i++) {
            t[oldSize + i] = (long) add.get(i)[0];
            v[oldSize + i] = add.get(i)[1];
          }
          StoredSeries s = new StoredSeries(e.getKey(), t, v, t.length);
          byLabels.put(s.labels(), s);
          if (s.size() > 0) {
            startTime = Math.min(startTime, t[0]);
          }
        }
        republish();
      }
      pending.clear();
    }

    @Override
    public void rollback() {
      pending.clear();
    }
  }

  /** A snapshot of the series list, trimmed to one time range. */
  private static final class ArrayQuerier implements Querier {
    private final List<StoredSeries> series;
    private final long minT;
    private final long maxT;

    ArrayQuerier(List<StoredSeries> series, long minT, long maxT) {
      this.series = series;
      this.minT = minT;
      this.maxT = maxT;
    }

    private List<StoredSeries> matching(Matcher... matchers) {
      List<StoredSeries> out = new ArrayList<>();
      for (StoredSeries s : series) {
        if (matchesAll(s.labels(), matchers) && hasSampleInRange(s)) {
          out.add(s);
        }
      }
      return out;
    }

    private static boolean matchesAll(Labels labels, Matcher... matchers) {
      for (Matcher m : matchers) {
        if (!m.matches(labels.get(m.name()))) {
          return false;
        }
      }
      return true;
    }

    private boolean hasSampleInRange(StoredSeries s) {
      int i = firstAtOrAfter(s.t(), s.size(), minT);
      return i < s.size() && s.t()[i] <= maxT;
    }

    @Override
    public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
      List<StoredSeries> found = matching(matchers);
      return new SeriesSet() {
        private int i = -1;

        @Override
        public boolean next() {
          return ++i < found.size();
        }

        @Override
        public Series at() {
          StoredSeries s = found.get(i);
          return new TrimmedSeries(s, minT, maxT);
        }
      };
    }

    @Override
    public List<String> labelValues(String name, Matcher... matchers) {
      TreeSet<String> values = new TreeSet<>();
      for (StoredSeries s : matching(matchers)) {
        String v = s.labels().get(name);
        if (!v.isEmpty()) {
          values.add(v);
        }
      }
      return List.copyOf(values);
    }

    @Override
    public List<String> labelNames(Matcher... matchers) {
      TreeSet<String> names = new TreeSet<>();
      for (StoredSeries s : matching(matchers)) {
        s.labels().forEach((n, v) -> names.add(n));
      }
      return List.copyOf(names);
    }

    @Override
    public void close() {}
  }

  /** The index of the first timestamp {@code >= t} among the first {@code size} entries. */
  static int firstAtOrAfter(long[] ts, int size, long t) {
    int i = Arrays.binarySearch(ts, 0, size, t);
    return i >= 0 ? i : -i - 1;
  }

  /** A series view limited to {@code [minT, maxT]}. */
  private record TrimmedSeries(StoredSeries s, long minT, long maxT) implements Series {
    @Override
    public Labels labels() {
      return s.labels();
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
      int from = firstAtOrAfter(s.t(), s.size(), minT);
      int to = firstAtOrAfter(s.t(), s.size(), maxT == Long.MAX_VALUE ? maxT : maxT + 1);
      return new ArrayIterator(s.t(), s.v(), from, to);
    }
  }

  /** Iterates entries {@code [from, to)} of two arrays; Prometheus's seek semantics (never moves back). */
  private static final class ArrayIterator implements SampleIterator {
    private final long[] t;
    private final double[] v;
    private final int to;
    private int i;
    private boolean started;

    ArrayIterator(long[] t, double[] v, int from, int to) {
      this.t = t;
      this.v = v;
      this.to = to;
      this.i = from;
    }

    @Override
    public boolean next() {
      if (started && i < to) {
        i++;
      }
      started = true;
      return i < to;
    }

    @Override
    public boolean seek(long target) {
      started = true;
      if (i >= to) {
        return false;
      }
      if (t[i] < target) {
        int j = Arrays.binarySearch(t, i, to, target);
        i = j >= 0 ? j : -j - 1;
      }
      return i < to;
    }

    @Override
    public long timestamp() {
      return t[i];
    }

    @Override
    public double value() {
      return v[i];
    }
  }
}
