package io.promethium.tsdb.head;

import java.util.function.Consumer;

/**
 * Series by ref in open-addressing tables, kept as an array of tables rather than an object per table;
 * {@link SeriesRefIndex} keeps refs that do not fill its pages in one. A table holds only the series (the key is
 * {@link MemSeries#ref}): 4 bytes a slot; a probe reads the series, which the caller reads next anyway.
 * Linear probing with backward-shift deletion; {@code null} marks an empty slot.
 *
 * <p>Writes to a table need outside synchronisation (its owner's lock). {@link #get} may also run
 * without it, racing with writes: it then never returns a wrong series (a series' ref is final; a grown
 * table is filled before it is stored) but may miss one being added, moved by a removal, or in a table it
 * sees before the elements written into it; callers retry a miss under the lock.
 */
final class SeriesRefTables {
  private static final MemSeries[] EMPTY = new MemSeries[0];

  private final MemSeries[][] tables;
  private final int[] sizes;

  SeriesRefTables(int stripes) {
    tables = new MemSeries[stripes][];
    sizes = new int[stripes];
    java.util.Arrays.fill(tables, EMPTY);
  }

  int size(int stripe) {
    return sizes[stripe];
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  MemSeries get(int stripe, long ref) {
    MemSeries[] t = tables[stripe];
    int mask = t.length - 1;
    if (mask < 0) {
      return null;
    }
    for (int i = mix(ref) & mask; ; i = (i + 1) & mask) {
      MemSeries s = t[i];
      if (s == null || s.ref == ref) {
        return s;
      }
    }
  }

  /** Adds {@code v} under its ref, replacing a series with the same ref. */
  void put(int stripe, MemSeries v) {
    MemSeries[] t = tables[stripe];
    if ((sizes[stripe] + 1) * 4 > t.length * 3) {
      t = grown(t);
      tables[stripe] = t;
    }
    if (insert(t, v)) {
      sizes[stripe]++;
    }
  }

  /** Puts {@code v} in {@code t}; false when it replaced a series with the same ref. */
  private static boolean insert(MemSeries[] t, MemSeries v) {
    int mask = t.length - 1;
    for (int i = mix(v.ref) & mask; ; i = (i + 1) & mask) {
      MemSeries s = t[i];
      if (s == null) {
        t[i] = v;
        return true;
      }
      if (s.ref == v.ref) {
        t[i] = v;
        return false;
      }
    }
  }

  void remove(int stripe, long ref) {
    MemSeries[] t = tables[stripe];
    int mask = t.length - 1;
    if (mask < 0) {
      return;
    }
    int i = mix(ref) & mask;
    for (MemSeries s = t[i]; s == null || s.ref != ref; s = t[i]) {
      if (s == null) {
        return;
      }
      i = (i + 1) & mask;
    }
    // Shift later entries of the probe run back so lookups never stop at the hole. An entry is copied
    // before its old slot is overwritten, so a racing get() sees it at least once or reaches a null
    // and retries under the lock.
    int hole = i;
    for (int j = (hole + 1) & mask; t[j] != null; j = (j + 1) & mask) {
      int home = mix(t[j].ref) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        t[hole] = t[j];
        hole = j;
      }
    }
    t[hole] = null;
    sizes[stripe]--;
  }

  void forEach(int stripe, Consumer<MemSeries> c) {
    for (MemSeries s : tables[stripe]) {
      if (s != null) {
        c.accept(s);
      }
    }
  }

  /** A table twice the size holding the same series, filled before it is stored. */
  private static MemSeries[] grown(MemSeries[] old) {
    MemSeries[] t = new MemSeries[old.length == 0 ? 4 : old.length * 2];
    for (MemSeries s : old) {
      if (s != null) {
        insert(t, s);
      }
    }
    return t;
  }
}
