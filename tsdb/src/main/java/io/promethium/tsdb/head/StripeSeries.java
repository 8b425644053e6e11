package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The head's series, in stripes each guarded by its own lock, as Prometheus's {@code stripeSeries}: one map
 * by ref (stripe chosen by ref) and one by labels (stripe chosen by label hash), so concurrent appenders
 * rarely meet. 16384 stripes, Prometheus's default, cost about 1.5 MB.
 *
 * <p>Thread-safe.
 */
final class StripeSeries {
  static final int STRIPES = 1 << 14;
  private static final int MASK = STRIPES - 1;

  private final SeriesRefMap[] byRef = new SeriesRefMap[STRIPES];
  private final Object[] refLocks = new Object[STRIPES];
  @SuppressWarnings("unchecked")
  private final Map<Labels, MemSeries>[] byLabels = new Map[STRIPES];
  private final Object[] labelLocks = new Object[STRIPES];

  StripeSeries() {
    for (int i = 0; i < STRIPES; i++) {
      byRef[i] = new SeriesRefMap();
      refLocks[i] = new Object();
      byLabels[i] = new HashMap<>(4);
      labelLocks[i] = new Object();
    }
  }

  static int stripeOfRef(long ref) {
    return (int) (ref & MASK);
  }

  MemSeries getByRef(long ref) {
    int i = stripeOfRef(ref);
    synchronized (refLocks[i]) {
      return byRef[i].get(ref);
    }
  }

  MemSeries getByLabels(Labels l) {
    int i = l.hashCode() & MASK;
    synchronized (labelLocks[i]) {
      return byLabels[i].get(l);
    }
  }

  /** The series with these labels, created with {@code create(ref)} when absent; [0] says if created. */
  MemSeries getOrCreate(Labels l, LongFunction<MemSeries> create, boolean[] created) {
    int i = l.hashCode() & MASK;
    MemSeries s;
    synchronized (labelLocks[i]) {
      s = byLabels[i].get(l);
      if (s != null) {
        created[0] = false;
        return s;
      }
      s = create.apply(0);
      byLabels[i].put(s.labels, s);
    }
    int r = stripeOfRef(s.ref);
    synchronized (refLocks[r]) {
      byRef[r].put(s.ref, s);
    }
    created[0] = true;
    return s;
  }

  /** Adds a series with a known ref (WAL replay); returns the existing one if the labels are known. */
  MemSeries putIfAbsent(MemSeries s) {
    int i = s.labels.hashCode() & MASK;
    synchronized (labelLocks[i]) {
      MemSeries old = byLabels[i].get(s.labels);
      if (old != null) {
        return old;
      }
      byLabels[i].put(s.labels, s);
    }
    int r = stripeOfRef(s.ref);
    synchronized (refLocks[r]) {
      byRef[r].put(s.ref, s);
    }
    return s;
  }

  void remove(MemSeries s) {
    int i = s.labels.hashCode() & MASK;
    synchronized (labelLocks[i]) {
      byLabels[i].remove(s.labels, s);
    }
    int r = stripeOfRef(s.ref);
    synchronized (refLocks[r]) {
      byRef[r].remove(s.ref);
    }
  }

  /** Visits every series; each stripe is copied under its lock so the visitor may take series locks. */
  void forEach(Consumer<MemSeries> c) {
    List<MemSeries> batch = new ArrayList<>();
    for (int i = 0; i < STRIPES; i++) {
      batch.clear();
      synchronized (refLocks[i]) {
        byRef[i].forEach(batch::add);
      }
      for (MemSeries s : batch) {
        c.accept(s);
      }
    }
  }
}
