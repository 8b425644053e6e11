package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;

/**
 * Labels → ref of every series the replay has seen, on the replay thread, to find a series record
 * repeating known labels under a new ref. Hashes are kept in an {@code int[]} so a probe reads no
 * labels unless the hash matches. Linear probing at most half full; no removal. Not thread-safe.
 */
final class LabelsToRef {
  private int[] hashes = new int[1 << 12];
  private long[] refs = new long[1 << 12];
  private Labels[] keys = new Labels[1 << 12];
  private int size;

  /** The ref already known for {@code labels}, or 0 after recording {@code ref} for them. */
  long putIfAbsent(Labels labels, long ref) {
    if (size * 2 >= hashes.length) {
      grow();
    }
    int h = labels.hashCode();
    if (h == 0) {
      h = 1; // 0 marks an empty slot
    }
    int mask = hashes.length - 1;
    for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
      int c = hashes[i];
      if (c == 0) {
        hashes[i] = h;
        refs[i] = ref;
        keys[i] = labels;
        size++;
        return 0;
      }
      if (c == h && keys[i].equals(labels)) {
        return refs[i];
      }
    }
  }

  private static int mix(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }

  private void grow() {
    int[] oh = hashes;
    long[] or = refs;
    Labels[] ok = keys;
    int n = oh.length * 2;
    hashes = new int[n];
    refs = new long[n];
    keys = new Labels[n];
    int mask = n - 1;
    for (int j = 0; j < oh.length; j++) {
      if (oh[j] != 0) {
        int i = mix(oh[j]) & mask;
        while (hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        hashes[i] = oh[j];
        refs[i] = or[j];
        keys[i] = ok[j];
      }
    }
  }
}
