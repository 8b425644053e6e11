package io.promethium.tsdb.head;

/**
 * A worker's own ref → series table for the replay, filled as the worker creates its series: no lock
 * per lookup (the head's stripes take one), and keys in a {@code long[]} beside the series so a probe
 * reads only the key array (a ref map whose every probe read a series' ref cost a third of the replay's
 * CPU time, measured). Linear probing at most half full, no removal; ref 0 (no series) is never
 * stored. Not thread-safe: one worker owns it.
 */
final class SeriesByRef {
  private long[] keys = new long[1 << 12];
  private MemSeries[] values = new MemSeries[1 << 12];
  private int size;

  /** Fibonacci hashing: the top log2(length) bits of ref × 2^64/φ, spread for dense and strided refs. */
  private static int slot(long ref, int length) {
    return (int) ((ref * 0x9E3779B97F4A7C15L) >>> Long.numberOfLeadingZeros(length - 1));
  }

  MemSeries get(long ref) {
    long[] k = keys;
    int mask = k.length - 1;
    for (int i = slot(ref, k.length); ; i = (i + 1) & mask) {
      long c = k[i];
      if (c == ref) {
        return c == 0 ? null : values[i];
      }
      if (c == 0) {
        return null;
      }
    }
  }

  /** Adds or replaces the series under {@code ref}. */
  void put(long ref, MemSeries s) {
    if (ref == 0) {
      return;
    }
    if (size * 2 >= keys.length) {
      grow();
    }
    if (insert(keys, values, ref, s)) {
      size++;
    }
  }

  /** Returns whether the ref is new to the table. */
  private static boolean insert(long[] k, MemSeries[] v, long ref, MemSeries s) {
    int mask = k.length - 1;
    int i = slot(ref, k.length);
    while (k[i] != 0 && k[i] != ref) {
      i = (i + 1) & mask;
    }
    boolean added = k[i] == 0;
    k[i] = ref;
    v[i] = s;
    return added;
  }

  private void grow() {
    long[] nk = new long[keys.length * 2];
    MemSeries[] nv = new MemSeries[nk.length];
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        insert(nk, nv, keys[i], values[i]);
      }
    }
    keys = nk;
    values = nv;
  }
}
