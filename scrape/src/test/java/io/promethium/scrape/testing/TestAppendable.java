package io.promethium.scrape.testing;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.AppendException;
import io.promethium.core.storage.Appendable;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.StaleNaN;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory storage for tests with the TSDB's append rules that scraping relies on: a sample older than
 * the series' newest is out of order; the same timestamp with another value is a duplicate; the same
 * timestamp and value is accepted silently. References are stable per label set. Thread-safe.
 */
public final class TestAppendable implements Appendable {
  /** One stored sample. */
  public record Sample(long t, double v) {
    public boolean stale() {
      return StaleNaN.is(v);
    }
  }

  private final Map<Labels, Long> refs = new HashMap<>();
  private final Map<Long, Labels> byRef = new HashMap<>();
  private final Map<Labels, List<Sample>> series = new HashMap<>();
  private final List<io.promethium.core.storage.Exemplar> exemplars = new ArrayList<>();
  private long commits;
  private long sameTimestampAppends;
  private long appendsWithoutRef;
  private long rollbacks;
  /** Appends and prefetches in call order: a ref, negated for a prefetch. */
  private final List<Long> refCalls = new ArrayList<>();

  @Override
  public Appender appender() {
    return new Appender() {
      private final List<Object[]> batch = new ArrayList<>();
      private final Map<Labels, Long> pendingMax = new HashMap<>();

      @Override
      public long append(long ref, Labels labels, long t, double v) throws AppendException {
        synchronized (TestAppendable.this) {
          if (ref == 0) {
            appendsWithoutRef++;
          }
          refCalls.add(ref);
          Labels l = labels;
          if (ref != 0 && byRef.containsKey(ref)) {
            l = byRef.get(ref);
          }
          if (l == null || l.isEmpty()) {
            throw new AppendException(AppendException.Reason.INVALID_LABELS);
          }
          List<Sample> s = series.get(l);
          long max = pendingMax.getOrDefault(l, Long.MIN_VALUE);
          Sample last = s == null || s.isEmpty() ? null : s.get(s.size() - 1);
          if (last != null) {
            max = Math.max(max, last.t());
          }
          if (t < max) {
            throw new AppendException(AppendException.Reason.OUT_OF_ORDER);
          }
          if (last != null && t == last.t()) {
            sameTimestampAppends++;
            if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(last.v())) {
              throw new AppendException(AppendException.Reason.DUPLICATE_SAMPLE);
            }
            return refFor(l);
          }
          pendingMax.put(l, t);
          batch.add(new Object[] {l, new Sample(t, v)});
          return refFor(l);
        }
      }

      @Override
      public void prefetch(long ref) {
        synchronized (TestAppendable.this) {
          refCalls.add(-ref);
        }
      }

      @Override
      public long appendExemplar(long ref, Labels labels, io.promethium.core.storage.Exemplar e) {
        synchronized (TestAppendable.this) {
          exemplars.add(e);
          return ref;
        }
      }

      @Override
      public void commit() {
        synchronized (TestAppendable.this) {
          for (Object[] o : batch) {
            series.computeIfAbsent((Labels) o[0], k -> new ArrayList<>()).add((Sample) o[1]);
          }
          commits++;
        }
      }

      @Override
      public void rollback() {
        synchronized (TestAppendable.this) {
          batch.clear();
          rollbacks++;
        }
      }
    };
  }

  private long refFor(Labels l) {
    Long r = refs.get(l);
    if (r == null) {
      r = (long) refs.size() + 1;
      refs.put(l, r);
      byRef.put(r, l);
    }
    return r;
  }

  public synchronized List<Sample> samples(Labels l) {
    return new ArrayList<>(series.getOrDefault(l, List.of()));
  }

  /** Every series whose labels contain all of {@code subset}. */
  public synchronized Map<Labels, List<Sample>> select(Labels subset) {
    Map<Labels, List<Sample>> out = new HashMap<>();
    series.forEach((l, s) -> {
      for (int i = 0; i < subset.size(); i++) {
        if (!l.get(subset.name(i)).equals(subset.value(i))) {
          return;
        }
      }
      out.put(l, new ArrayList<>(s));
    });
    return out;
  }

  /** Every exemplar appended (committed or not). */
  public synchronized List<io.promethium.core.storage.Exemplar> exemplars() {
    return new ArrayList<>(exemplars);
  }

  /** Appends at a series' newest timestamp (a scrape written twice would show here). */
  public synchronized long sameTimestampAppends() {
    return sameTimestampAppends;
  }

  /** Appends that came without a series reference (a scrape-cache miss, or a new series). */
  public synchronized long appendsWithoutRef() {
    return appendsWithoutRef;
  }

  /** The refs passed to append (0 for none) and, negated, to prefetch, in call order; then forgets them. */
  public synchronized List<Long> takeRefCalls() {
    List<Long> out = new ArrayList<>(refCalls);
    refCalls.clear();
    return out;
  }

  public synchronized int seriesCount() {
    return series.size();
  }

  public synchronized long commits() {
    return commits;
  }

  public synchronized long rollbacks() {
    return rollbacks;
  }
}
