package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The head's series by labels, in stripes each guarded by its own lock (stripe chosen by label hash), as
 * Prometheus's {@code stripeSeries}, so concurrent appenders rarely meet; and by ref in a
 * {@link SeriesRefIndex} (a paged array: refs are dense). 1024 stripes rather than Prometheus's 16384:
 * the labels map is used only when a series is created or a scrape cache misses, far below one lock
 * holder per stripe on any machine. The 16384 map objects and their tables' headers cost 0.4 MB (4 bytes
 * a series at 100k series, measured), 1024 cost 25 KB; the slots cost the same either way.
 *
 * <p>Thread-safe.
 */
final class StripeSeries {
  static final int STRIPES = 1 << 10;
  private static final int MASK = STRIPES - 1;

  private final SeriesRefIndex byRef = new SeriesRefIndex();
  /** Each stripe's table is also its lock (one object less per stripe). */
  private final SeriesLabelsMap[] byLabels = new SeriesLabelsMap[STRIPES];

  StripeSeries() {
    for (int i = 0; i < STRIPES; i++) {
      byLabels[i] = new SeriesLabelsMap();
    }
  }

  MemSeries getByRef(long ref) {
    return byRef.get(ref);
  }

  MemSeries getByLabels(Labels l) {
    int i = l.hashCode() & MASK;
    synchronized (byLabels[i]) {
      return byLabels[i].get(l);
    }
  }

  /** The series with these labels, created with {@code create(ref)} when absent; [0] says if created. */
  MemSeries getOrCreate(Labels l, LongFunction<MemSeries> create, boolean[] created) {
    int i = l.hashCode() & MASK;
    MemSeries s;
    synchronized (byLabels[i]) {
      s = byLabels[i].get(l);
      if (s != null) {
        created[0] = false;
        return s;
      }
      s = create.apply(0);
      byLabels[i].putIfAbsent(s);
    }
    byRef.put(s);
    created[0] = true;
    return s;
  }

  /** Adds a series with a known ref (WAL replay); returns the existing one if the labels are known. */
  MemSeries putIfAbsent(MemSeries s) {
    int i = s.labels.hashCode() & MASK;
    synchronized (byLabels[i]) {
      MemSeries old = byLabels[i].putIfAbsent(s);
      if (old != null) {
        return old;
      }
    }
    byRef.put(s);
    return s;
  }

  void remove(MemSeries s) {
    int i = s.labels.hashCode() & MASK;
    synchronized (byLabels[i]) {
      byLabels[i].remove(s);
    }
    byRef.remove(s.ref);
  }

  /** Visits every series, from a snapshot so the visitor may take series locks. */
  void forEach(Consumer<MemSeries> c) {
    for (MemSeries s : byRef.snapshot()) {
      c.accept(s);
    }
  }
}
