package io.promethium.tsdb.head;

import java.util.function.Consumer;

/**
 * An open-addressing hash map from a positive series ref to its series, so that looking a ref up on the
 * append path boxes nothing. Linear probing with backward-shift deletion; ref 0 marks an empty slot. Not
 * thread-safe: each {@link StripeSeries} stripe guards one.
 */
final class SeriesRefMap {
  private long[] keys = new long[4];
  private MemSeries[] values = new MemSeries[4];
  private int size;

  int size() {
    return size;
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  MemSeries get(long key) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == 0) {
        return null;
      }
    }
  }

  void put(long key, MemSeries v) {
    if ((size + 1) * 4 > keys.length * 3) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        values[i] = v;
        return;
      }
      if (keys[i] == 0) {
        keys[i] = key;
        values[i] = v;
        size++;
        return;
      }
    }
  }

  void remove(long key) {
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (keys[i] != key) {
      if (keys[i] == 0) {
        return;
      }
      i = (i + 1) & mask;
    }
    // Shift later entries of the probe run back so lookups never stop at the hole.
    int hole = i;
    for (int j = (hole + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
      int home = mix(keys[j]) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = 0;
    values[hole] = null;
    size--;
  }

  void forEach(Consumer<MemSeries> c) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        c.accept(values[i]);
      }
    }
  }

  private void grow() {
    long[] ok = keys;
    MemSeries[] ov = values;
    keys = new long[ok.length * 2];
    values = new MemSeries[ok.length * 2];
    size = 0;
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] != 0) {
        put(ok[i], ov[i]);
      }
    }
  }
}
