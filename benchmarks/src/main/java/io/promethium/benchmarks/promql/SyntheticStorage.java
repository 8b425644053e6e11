package io.promethium.benchmarks.promql;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.Queryable;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SelectHints;
import io.promethium.core.storage.Series;
import io.promethium.core.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A read-only {@link Queryable} of regular series whose samples are computed on the fly (counter: a
 * per-series rate times the sample index, plus a deterministic wobble), so benchmarks over 20k series ×
 * 6h cost no heap for the data and measure the engine, not a storage. Every series has one sample each
 * {@code interval} ms from {@code start} to {@code end}. Thread-safe (immutable).
 */
public final class SyntheticStorage implements Queryable {
  private final List<Labels> labels;
  private final double[] rates;
  private final long start;
  private final long end;
  private final long interval;

  public SyntheticStorage(List<Labels> labels, double[] rates, long start, long end, long interval) {
    this.labels = List.copyOf(labels);
    this.rates = rates.clone();
    this.start = start;
    this.end = end;
    this.interval = interval;
  }

  public int seriesCount() {
    return labels.size();
  }

  @Override
  public Querier querier(long minT, long maxT) {
    return new Querier() {
      @Override
      public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
          Labels l = labels.get(i);
          boolean ok = true;
          for (Matcher m : matchers) {
            if (!m.matches(l.get(m.name()))) {
              ok = false;
              break;
            }
          }
          if (ok) {
            hits.add(i);
          }
        }
        if (sorted) {
          hits.sort((a, b) -> labels.get(a).compareTo(labels.get(b)));
        }
        return new SeriesSet() {
          private int pos = -1;
          private final SyntheticSeries cur = new SyntheticSeries(minT, maxT);

          @Override
          public boolean next() {
            if (++pos >= hits.size()) {
              return false;
            }
            cur.index = hits.get(pos);
            return true;
          }

          @Override
          public Series at() {
            return cur;
          }
        };
      }

      @Override
      public List<String> labelValues(String name, Matcher... matchers) {
        TreeSet<String> out = new TreeSet<>();
        for (Labels l : labels) {
          if (l.has(name)) {
            out.add(l.get(name));
          }
        }
        return new ArrayList<>(out);
      }

      @Override
      public List<String> labelNames(Matcher... matchers) {
        TreeSet<String> out = new TreeSet<>();
        for (Labels l : labels) {
          out.addAll(l.names());
        }
        return new ArrayList<>(out);
      }

      @Override
      public void close() {}
    };
  }

  private final class SyntheticSeries implements Series {
    private final long minT;
    private final long maxT;
    int index;

    SyntheticSeries(long minT, long maxT) {
      this.minT = minT;
      this.maxT = maxT;
    }

    @Override
    public Labels labels() {
      return labels.get(index);
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
      Iter it = reuse instanceof Iter r ? r : new Iter();
      it.reset(rates[index], Math.max(minT, start), Math.min(maxT, end));
      return it;
    }
  }

  private final class Iter implements SampleIterator {
    private double rate;
    private long first;
    private long last;
    private long i;
    private long lastIndex;

    void reset(double rate, long from, long to) {
      this.rate = rate;
      this.first = (from - start + interval - 1) / interval;
      this.lastIndex = (to - start) / interval;
      this.i = first - 1;
      this.last = lastIndex;
    }

    @Override
    public boolean next() {
      return ++i <= last;
    }

    @Override
    public boolean seek(long t) {
      long want = Math.max(first, (t - start + interval - 1) / interval);
      if (i < want) {
        i = want;
      }
      return i <= last;
    }

    @Override
    public long timestamp() {
      return start + i * interval;
    }

    @Override
    public double value() {
      // A counter with a small deterministic wobble so rates differ between steps.
      return rate * i * interval / 1000.0 + ((i * 2654435761L) & 7);
    }
  }
}
