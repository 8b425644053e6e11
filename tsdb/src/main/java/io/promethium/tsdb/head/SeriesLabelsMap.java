package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;

/**
 * An open-addressing hash set of series keyed by their labels (hash cached in {@link Labels}). Replaces a
 * {@code HashMap<Labels, MemSeries>} per stripe: 4 bytes a slot instead of a 32-byte node per series plus
 * a 48-byte map per stripe. Linear probing with backward-shift deletion; {@code null} marks an empty
 * slot. Not thread-safe: each {@link StripeSeries} stripe guards one.
 */
final class SeriesLabelsMap {
  private static final MemSeries[] EMPTY = new MemSeries[0];

  private MemSeries[] slots = EMPTY;
  private int size;

  int size() {
    return size;
  }

  private static int slot(int hash, int mask) {
    // The stripe was chosen by the low bits of the hash: spread the rest before masking.
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  MemSeries get(Labels key) {
    MemSeries[] t = slots;
    int mask = t.length - 1;
    if (mask < 0) {
      return null;
    }
    int hash = key.hashCode();
    for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
      MemSeries s = t[i];
      if (s == null || s.labels == key || (s.labels.hashCode() == hash && s.labels.equals(key))) {
        return s;
      }
    }
  }

  /** Adds {@code v} under its labels unless a series with equal labels is there; returns that one or null. */
  MemSeries putIfAbsent(MemSeries v) {
    if ((size + 1) * 4 > slots.length * 3) {
      grow();
    }
    int mask = slots.length - 1;
    int hash = v.labels.hashCode();
    for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
      MemSeries s = slots[i];
      if (s == null) {
        slots[i] = v;
        size++;
        return null;
      }
      if (s.labels.hashCode() == hash && s.labels.equals(v.labels)) {
        return s;
      }
    }
  }

  /** Removes {@code v} itself (not another series with equal labels). */
  void remove(MemSeries v) {
    int mask = slots.length - 1;
    if (mask < 0) {
      return;
    }
    int i = slot(v.labels.hashCode(), mask);
    for (MemSeries s = slots[i]; s != v; s = slots[i]) {
      if (s == null) {
        return;
      }
      i = (i + 1) & mask;
    }
    int hole = i;
    for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int home = slot(slots[j].labels.hashCode(), mask);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        slots[hole] = slots[j];
        hole = j;
      }
    }
    slots[hole] = null;
    size--;
  }

  private void grow() {
    MemSeries[] old = slots;
    slots = new MemSeries[old.length == 0 ? 2 : old.length * 2];
    size = 0;
    for (MemSeries s : old) {
      if (s != null) {
        putIfAbsent(s);
      }
    }
  }
}
